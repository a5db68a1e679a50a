import { Injectable } from '@nestjs/common';
import { addCalendarDays, businessDayOnOrBefore, IsoDate, todayInTokyo } from '../common/calendar';
import type { FormatCode } from '../common/codes';
import { AppConfig, holdFormats } from '../config/app-config';
import { Database } from '../database/database';
import type { SessionUser } from '../auth/roles';
import { ImportOptions, ImportResult, ImportService, ImportSource } from '../imports/import.service';
import { MatchingService, MatchSummary } from '../matching/matching.service';
import type { DailyReconciliationDto } from './reconciliation.dto';

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
    const pending: { id: number }[] = await this.db.dataSource.query(
      `SELECT id FROM import_batch WHERE municipality_code = $1 AND status = 'imported' AND matched_at IS NULL ORDER BY id`,
      [this.config.MUNICIPALITY_CODE],
    );
    if (!pending.length && !force) return null;
    const summary = await this.matching.run(actor);
    if (pending.length) {
      await this.db.dataSource.query(
        `UPDATE import_batch SET matched_at = now() WHERE id = ANY($1) AND matched_at IS NULL`, [pending.map((b) => b.id)]);
    }
    return summary;
  }

  /** The business day before today: what the 会計課 reviews in the morning. */
  lastBusinessDay(today: IsoDate = todayInTokyo()): IsoDate {
    return businessDayOnOrBefore(addCalendarDays(today, -1));
  }

  async daily(date: IsoDate = this.lastBusinessDay()): Promise<DailyReconciliationDto> {
    const m = this.config.MUNICIPALITY_CODE;
    const q = <T>(sql: string, params: unknown[]) => this.db.dataSource.query(sql, params) as Promise<T[]>;
    const [imports, payments, exceptions, expected] = await Promise.all([
      q<DailyReconciliationDto['imports'][number]>(
        `SELECT id, file_name AS "fileName", format, status, records, accepted, rejected,
                jsonb_array_length(control_issues) = 0 AS "controlsOk"
           FROM import_batch WHERE municipality_code = $1 AND received_on = $2 ORDER BY id`, [m, date]),
      q<DailyReconciliationDto['payments'][number]>(
        `SELECT p.channel, count(*)::int AS count, sum(p.amount)::bigint AS amount,
                (count(*) FILTER (WHERE s.by_system))::int AS "autoMatched",
                (count(*) FILTER (WHERE s.by_person))::int AS "manuallyMatched",
                (count(*) FILTER (WHERE s.by_system IS NOT TRUE AND s.by_person IS NOT TRUE))::int AS unmatched
           FROM payment p
           LEFT JOIN LATERAL (
             SELECT bool_or(m.created_by = 'system') AS by_system, bool_or(m.created_by <> 'system') AS by_person
               FROM match m
              WHERE m.payment_id = p.id AND m.kind = 'apply'
                AND NOT EXISTS (SELECT 1 FROM match r WHERE r.reverses_match_id = m.id)) s ON true
          WHERE p.municipality_code = $1 AND p.paid_on = $2 AND p.state <> 'cancelled'
          GROUP BY p.channel ORDER BY p.channel`, [m, date]),
      q<DailyReconciliationDto['openExceptions'][number]>(
        `SELECT type, count(*)::int AS count FROM recon_exception
          WHERE municipality_code = $1 AND status IN ('open', 'in_review') GROUP BY type ORDER BY type`, [m]),
      q<{ format: string; arrived: boolean; lastReceivedOn: string | null }>(
        `SELECT f.format, bool_or(b.received_on = $2) IS TRUE AS arrived, max(b.received_on)::text AS "lastReceivedOn"
           FROM unnest($3::text[]) AS f(format)
           LEFT JOIN import_batch b ON b.municipality_code = $1 AND b.format = f.format AND b.received_on <= $2
                                   AND b.status = 'imported'
          GROUP BY f.format ORDER BY f.format`, [m, date, this.config.KESHIKOMI_EXPECTED_DAILY]),
    ]);
    const missingFiles = expected.filter((f) => !f.arrived).map(({ format, lastReceivedOn }) => ({ format, lastReceivedOn }));
    return { date, imports, payments, openExceptions: exceptions, missingFiles };
  }
}
