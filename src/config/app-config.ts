import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { CHANNELS, Channel, DEFAULT_CASHLESS_CHANNELS, DEFAULT_ELTAX_CASHLESS_MEANS, DEFAULT_MUNICIPALITY_CODE } from '../common/codes';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;

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

  /** Loaded into an empty embedded database at start, so a new user sees a day's work at once. */
  @IsString()
  KESHIKOMI_SAMPLES_DIR = 'samples';

  @IsIn(['true', 'false'])
  KESHIKOMI_LOAD_SAMPLES = 'true';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && (known.includes(k) || k === 'DATABASE_URL')));
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config);
  if (errors.length) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`設定が正しくありません / invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
