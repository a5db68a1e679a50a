import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayMinSize,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import {
  CHANNELS,
  Channel,
  DEFAULT_CASHLESS_CHANNELS,
  DEFAULT_ELTAX_CASHLESS_MEANS,
  DEFAULT_MUNICIPALITY_CODE,
  FORMATS,
  FormatCode,
} from '../common/codes';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** KESHIKOMI_HOLD_UPLOADS: `all` and `none` stand alone; otherwise a list of formats. */
const HOLD_ALL = 'all';
const HOLD_NONE = 'none';
@ValidatorConstraint({ name: 'holdSetting' })
class HoldSetting implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && (value.length === 1 || !value.some((v) => v === HOLD_ALL || v === HOLD_NONE));
  }

  defaultMessage(): string {
    return 'KESHIKOMI_HOLD_UPLOADS is all, none, or a list of formats (konbini,bank-counter)';
  }
}

/** The environment, validated once at boot: a wrong setting stops the process with its name. */
export class AppConfig {
  /** A PostgreSQL server; unset → the embedded PGlite database in KESHIKOMI_DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  KESHIKOMI_DATA_DIR = './data';

  /** 全国地方公共団体コード of the city this deployment serves by default. */
  @Matches(/^\d{6}$/)
  MUNICIPALITY_CODE = DEFAULT_MUNICIPALITY_CODE;

  /** Which channels count as cashless (domain.md: configuration, shown on every report). */
  @Transform(list)
  @IsIn(CHANNELS as readonly string[], { each: true })
  CASHLESS_CHANNELS: Channel[] = [...DEFAULT_CASHLESS_CHANNELS];

  /** eLTAX 納付手段区分 counted as cashless when `eltax` is in the cashless set. */
  @Transform(list)
  @Matches(/^\d{2}$/, { each: true })
  ELTAX_CASHLESS_MEANS: string[] = [...DEFAULT_ELTAX_CASHLESS_MEANS];

  /**
   * The service's own inbox (受信フォルダ): `<format>/<file>` inside it. Set → the service schedules the nightly
   * run itself; imported files move to archive/YYYY-MM-DD/, refused ones to failed/ with a .error.txt.
   */
  @IsOptional()
  @IsString()
  KESHIKOMI_INBOX_DIR?: string = undefined;

  /** When the nightly run is enqueued: a cron expression (minute hour day month weekday) in Asia/Tokyo. */
  @Matches(/^\S+( \S+){4,5}$/, { message: 'KESHIKOMI_BATCH_CRON is a cron expression: minute hour day month weekday' })
  KESHIKOMI_BATCH_CRON = '0 2 * * *';

  /** The inbox takes the YYYYMMDD in a file's name as its received-on day (a replayed archive, a late delivery). */
  @IsIn(['true', 'false'])
  KESHIKOMI_INBOX_DATES_FROM_NAMES = 'false';

  /** A job that fails on a fault (database restart) is tried this many more times, with growing delays… */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  KESHIKOMI_JOB_RETRIES = 6;

  /** …the first after this many seconds, then doubling. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_JOB_RETRY_DELAY_SECONDS = 30;

  /** A job still running after this long is taken as lost (its worker was killed) and tried again. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(23 * 60 * 60)
  KESHIKOMI_JOB_TIMEOUT_SECONDS = 60 * 60;

  /** How often a worker looks for lost jobs (pg-boss maintenance). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_JOB_MAINTENANCE_SECONDS = 60;

  /** How often an idle worker asks the queue for work. */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0.5)
  KESHIKOMI_WORKER_POLL_SECONDS = 2;

  /** The service's and the worker's JSON logs: fatal, error, warn, info, debug, trace or silent. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  KESHIKOMI_LOG_LEVEL = 'info';

  /** Bearer token for GET /metrics (Prometheus); unset → /metrics answers 404. */
  @IsOptional()
  @MinLength(16, { message: 'KESHIKOMI_METRICS_TOKEN must be at least 16 characters' })
  KESHIKOMI_METRICS_TOKEN?: string = undefined;

  /** The built web UI (index.html + assets/); unset → dist/web of this installation. */
  @IsOptional()
  @IsString()
  KESHIKOMI_WEB_DIR?: string = undefined;

  /** Loaded into an empty embedded database at start, so a new user sees a day's work at once. */
  @IsString()
  KESHIKOMI_SAMPLES_DIR = 'samples';

  @IsIn(['true', 'false'])
  KESHIKOMI_LOAD_SAMPLES = 'true';

  /**
   * 取込保留: uploads (API, UI) of these formats are kept but neither loaded, matched nor counted until a
   * different manager releases them. `all` (default), `none`, or formats (`konbini,bank-counter`). The CLI,
   * the nightly inbox and `operator` accounts are never held.
   */
  @Transform(list)
  @ArrayMinSize(1)
  @IsIn([HOLD_ALL, HOLD_NONE, ...FORMATS], { each: true })
  @Validate(HoldSetting)
  KESHIKOMI_HOLD_UPLOADS: string[] = [HOLD_ALL];

  /** The largest file an upload may carry, in bytes (413 beyond it). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024;

  /** Four-eyes: money-moving resolutions above this many yen need a manager's approval (0: all). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  FOUR_EYES_THRESHOLD = 0;

  /** The largest difference staff may write off (端数の不納欠損), in yen. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  WRITE_OFF_LIMIT = 1000;

  /**
   * 連携出力 in the nightly batch: `auto` writes 収納結果 (since each system's last run) after matching for
   * every business system that has a drop folder; `off` leaves exports to people and their own schedule.
   */
  @IsIn(['auto', 'off'])
  KESHIKOMI_BATCH_EXPORTS: 'auto' | 'off' = 'auto';

  /** The folder every business system's drop folder must lie in (the file-transfer tool's); unset: any absolute folder. */
  @IsOptional()
  @IsString()
  KESHIKOMI_EXPORT_ROOT?: string = undefined;

  /** A session ends after this many seconds without a request (sliding; 30 minutes). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_SESSION_IDLE_SECONDS = 30 * 60;

  /** …and this many seconds after login whatever happens (12 hours: one working day). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

  /** Failed logins allowed per login name from one client address within the window before 429. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_LOGIN_MAX_FAILURES = 5;

  /** Failed logins allowed per client address within the window: higher, since a city office shares one NAT address. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_LOGIN_MAX_FAILURES_PER_IP = 20;

  /** Failed logins allowed per login name over all addresses (distributed guessing), except from addresses it logged in from. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_LOGIN_MAX_FAILURES_PER_NAME = 50;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  KESHIKOMI_LOGIN_WINDOW_SECONDS = 15 * 60;

  /** Express `trust proxy` (e.g. `1`, `loopback`): behind a reverse proxy, so client addresses and https are read from X-Forwarded-*. */
  @IsOptional()
  @IsString()
  KESHIKOMI_TRUST_PROXY?: string = undefined;

  /** `true`: the API documentation (/api/docs) is served to anyone; otherwise to logged-in users only. */
  @IsIn(['true', 'false'])
  KESHIKOMI_PUBLIC_API_DOCS = 'false';

  /** A file holding the HMAC key of the audit chain (at least 32 bytes): the database never stores it. */
  @IsOptional()
  @IsString()
  KESHIKOMI_AUDIT_KEY_FILE?: string = undefined;

  /** The audit chain's HMAC key itself, where a file cannot be mounted (prefer the file: environments leak). */
  @IsOptional()
  @MinLength(32, { message: 'KESHIKOMI_AUDIT_KEY must be at least 32 characters' })
  KESHIKOMI_AUDIT_KEY?: string = undefined;

  /** At first start with no user at all, `admin` is created with this password. */
  @IsOptional()
  @MinLength(12, { message: 'KESHIKOMI_ADMIN_PASSWORD must be at least 12 characters' })
  KESHIKOMI_ADMIN_PASSWORD?: string = undefined;

  /** Password of the demo accounts created with the samples in an empty embedded database. */
  @MinLength(12, { message: 'KESHIKOMI_DEMO_PASSWORD must be at least 12 characters' })
  KESHIKOMI_DEMO_PASSWORD = 'keshikomi-demo-2026';
}

/** The formats whose uploads are held (KESHIKOMI_HOLD_UPLOADS). */
export function holdFormats(config: Pick<AppConfig, 'KESHIKOMI_HOLD_UPLOADS'>): ReadonlySet<FormatCode> {
  const setting = config.KESHIKOMI_HOLD_UPLOADS;
  if (setting.includes(HOLD_ALL)) return new Set(FORMATS);
  return new Set(setting.filter((f): f is FormatCode => (FORMATS as readonly string[]).includes(f)));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && (known.includes(k) || k === 'DATABASE_URL')),
  );
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config);
  const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (config.KESHIKOMI_AUDIT_KEY && config.KESHIKOMI_AUDIT_KEY_FILE) {
    lines.push('KESHIKOMI_AUDIT_KEY: set it or KESHIKOMI_AUDIT_KEY_FILE, not both');
  }
  if (lines.length) {
    throw new Error(`設定が正しくありません / invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
