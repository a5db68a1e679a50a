import { Inject, Injectable } from '@nestjs/common';
import type { SessionUser } from '../auth/roles';
import { IsoDate, todayInTokyo } from '../common/calendar';
import type { FormatCode } from '../common/codes';
import { AppConfig, holdFormats } from '../config/app-config';
import { Database } from '../database/database';
import { ImportOptions, ImportResult, ImportService } from './import.service';
import type { ImportSource } from './import-source';
import { ImportsRepository } from './imports.repository';
import { MATCH_RUNNER, MatchRunner, MatchRunSummary } from './match-runner';

export interface IntakeResult {
  files: ImportResult[];
  /** The matching run that followed, or null when no imported batch was waiting for one. */
  match: MatchRunSummary | null;
}

/** A file of an intake, with the format it is given as and, if it has one of its own, its received-on day. */
export interface IntakeFile {
  source: ImportSource;
  format: FormatCode | 'auto';
  receivedOn?: IsoDate;
}

/**
 * The day's work as every entry point runs it (upload, release of a held upload, CLI, nightly batch):
 * import the files, then match once through the MATCH_RUNNER port. Importing itself never matches. Every
 * entry point finishes what an interrupted run left: a batch imported but never matched (`matched_at`
 * null) is matched by the next import, batch or match, a duplicate's included.
 */
@Injectable()
export class IntakeService {
  private readonly heldUploads: ReadonlySet<FormatCode>;

  constructor(
    private readonly importer: ImportService,
    private readonly batches: ImportsRepository,
    private readonly db: Database,
    @Inject(MATCH_RUNNER) private readonly matching: MatchRunner,
    config: AppConfig,
  ) {
    this.heldUploads = holdFormats(config);
  }

  /** Imports each file (a file may name its own received-on day), then matches once if any batch waits. */
  async intake(sources: IntakeFile[], options: Omit<ImportOptions, 'format'>): Promise<IntakeResult> {
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
    source: ImportSource,
    user: SessionUser,
    options: { format: FormatCode | 'auto'; receivedOn?: IsoDate; dryRun?: boolean },
  ): Promise<IntakeResult> {
    return this.intake([{ source, format: options.format }], {
      receivedOn: options.receivedOn ?? todayInTokyo(),
      dryRun: options.dryRun,
      actor: user.loginName,
      arrivedVia: 'api',
      holdFormats: user.role === 'operator' ? undefined : this.heldUploads,
    });
  }

  /** A second person releases a held upload: it is loaded, then matched, both in the reviewer's name. */
  async release(batchId: number, reviewer: string, reason: string): Promise<IntakeResult> {
    const file = await this.importer.release(batchId, reviewer, reason);
    return { files: [file], match: await this.matchPending(reviewer) };
  }

  /**
   * One file of a queued night (a worker's job): imported, not matched. The night matches once after its
   * last file (`matchWaiting`), so two workers sharing it never match half a night.
   */
  importOnly(file: IntakeFile, options: Omit<ImportOptions, 'format'>): Promise<ImportResult> {
    return this.importer.importFile(file.source, { ...options, format: file.format, receivedOn: file.receivedOn ?? options.receivedOn });
  }

  /** The end of a queued night: matching once if an imported batch waits for it. */
  matchWaiting(actor: string): Promise<MatchRunSummary | null> {
    return this.matchPending(actor);
  }

  /** `keshikomi match`: matching over everything undecided, whether or not a batch waits for it. */
  async match(actor: string): Promise<MatchRunSummary> {
    return (await this.matchPending(actor, true))!;
  }

  /**
   * Runs matching when an imported batch waits for it (or when forced), then records which batches it
   * covered: those committed before it started, read before it runs. A batch committed meanwhile stays
   * pending for the next run; a run killed before the record is simply repeated (matching is repeatable).
   */
  private async matchPending(actor: string, force = false): Promise<MatchRunSummary | null> {
    const pending = await this.batches.awaitingMatch();
    if (!pending.length && !force) return null;
    const summary = await this.matching.run(actor);
    if (pending.length) await this.batches.markMatched(pending);
    return summary;
  }
}
