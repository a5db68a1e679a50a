import { Injectable } from '@nestjs/common';
import { addCalendarDays, businessDayOnOrBefore, IsoDate, todayInTokyo } from '../common/calendar';
import type { FormatCode } from '../common/codes';
import { AppConfig, holdFormats } from '../config/app-config';
import { Database } from '../database/database';
import type { SessionUser } from '../auth/roles';
import { ImportOptions, ImportResult, ImportService, ImportSource } from '../imports/import.service';
import { MatchingService, MatchSummary } from '../matching/matching.service';
import type { DailyReconciliationDto } from './reconciliation.dto';
import { ReconciliationRepository } from './reconciliation.repository';

export interface IntakeResult {
  files: ImportResult[];
  /** The matching run that followed, or null when no imported batch was waiting for one. */
  match: MatchSummary | null;
}

/**
 * The day's work as every entry point runs it (CLI, nightly batch, upload, release of a held upload):
 * import the files, then match once. Importing never calls matching itself; this is the one place that
 * joins the two. Every entry point finishes what an interrupted run left: a batch imported but never
 * matched (`matched_at` null) is matched by the next import, batch or match, a duplicate's included.
 */
@Injectable()
export class ReconciliationService {
  private readonly heldUploads: ReadonlySet<FormatCode>;

  constructor(
    private readonly importer: ImportService,
    private readonly matching: MatchingService,
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly repository: ReconciliationRepository,
  ) {
    this.heldUploads = holdFormats(config);
  }

  /** Imports each file (a file may name its own received-on day), then matches once if any batch waits. */
  async intake(
    sources: { source: ImportSource; format: FormatCode | 'auto'; receivedOn?: IsoDate }[],
    options: Omit<ImportOptions, 'format'>,
  ): Promise<IntakeResult> {
    const files: ImportResult[] = new Array(sources.length);
    const importLane = async (lane: number[]) => {
      for (const i of lane) {
        const { source, format, receivedOn } = sources[i];
        files[i] = await this.importer.importFile(source, { ...options, format, receivedOn: receivedOn ?? options.receivedOn });
      }
    };
    // 調定 and payments never read each other while importing (matching, after both, joins them), so on a
    // server they load side by side, each lane in its own order; PGlite has one connection for both.
    const indexes = sources.map((_, i) => i);
    const bills = indexes.filter((i) => sources[i].format === 'bills');
    const payments = indexes.filter((i) => sources[i].format !== 'bills');
    if (this.db.embedded) await importLane(indexes);
    else await Promise.all([importLane(bills), importLane(payments)]);
    return { files, match: options.dryRun ? null : await this.matchPending(options.actor) };
  }

  /**
   * An upload through the API (UI 取込, or a script with a bearer token): held (取込保留) when its format is
   * in KESHIKOMI_HOLD_UPLOADS, unless an `operator` service account sent it.
   */
  upload(
    source: ImportSource, user: SessionUser, options: { format: FormatCode | 'auto'; receivedOn?: IsoDate; dryRun?: boolean },
  ): Promise<IntakeResult> {
    return this.intake([{ source, format: options.format }], {
      receivedOn: options.receivedOn ?? todayInTokyo(), dryRun: options.dryRun, actor: user.loginName, arrivedVia: 'api',
      holdFormats: user.role === 'operator' ? undefined : this.heldUploads,
    });
  }

  /** A second person releases a held upload: it is loaded, then matched, both in the reviewer's name. */
  async release(batchId: number, reviewer: string, reason: string): Promise<IntakeResult> {
    const file = await this.importer.release(batchId, reviewer, reason);
    return { files: [file], match: await this.matchPending(reviewer) };
  }

  /** `keshikomi match`: matching over everything undecided, whether or not a batch waits for it. */
  async match(actor: string): Promise<MatchSummary> {
    return (await this.matchPending(actor, true))!;
  }

  /**
   * Runs matching when an imported batch waits for it (or when forced), then records which batches it
   * covered: those committed before it started, read before it runs. A batch committed meanwhile stays
   * pending for the next run; a run killed before the record is simply repeated (matching is repeatable).
   */
  private async matchPending(actor: string, force = false): Promise<MatchSummary | null> {
    const pending = await this.repository.batchesAwaitingMatch(this.config.MUNICIPALITY_CODE);
    if (!pending.length && !force) return null;
    const summary = await this.matching.run(actor);
    if (pending.length) await this.repository.markMatched(pending);
    return summary;
  }

  /** The business day before today: what the 会計課 reviews in the morning. */
  lastBusinessDay(today: IsoDate = todayInTokyo()): IsoDate {
    return businessDayOnOrBefore(addCalendarDays(today, -1));
  }

  async daily(date: IsoDate = this.lastBusinessDay()): Promise<DailyReconciliationDto> {
    const m = this.config.MUNICIPALITY_CODE;
    const [imports, payments, openExceptions, arrivals] = await Promise.all([
      this.repository.importsReceived(m, date),
      this.repository.paymentsByChannel(m, date),
      this.repository.openExceptions(m),
      this.repository.arrivals(m, date, this.config.KESHIKOMI_EXPECTED_DAILY),
    ]);
    const missingFiles = arrivals.filter((f) => !f.arrived).map(({ format, lastReceivedOn }) => ({ format, lastReceivedOn }));
    return { date, imports, payments, openExceptions, missingFiles };
  }
}
