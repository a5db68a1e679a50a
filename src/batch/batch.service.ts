import { Injectable, Logger } from '@nestjs/common';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { addCalendarDays, IsoDate } from '../common/calendar';
import { FORMATS, FormatCode } from '../common/codes';
import { formatsExpectedOn } from '../common/expected-deliveries';
import { Database } from '../database/database';
import { ExportsService, RunResult } from '../exports/exports.service';
import type { ImportResult } from '../imports/import.service';
import { IntakeResult, IntakeService } from '../imports/intake.service';
import type { MatchRunSummary } from '../imports/match-runner';
import type { BatchTrigger } from '../common/codes';
import { BatchRunsRepository, FileOutcome, InboxDelivery, MissingDelivery } from './batch-runs.repository';
import { destinationOf, moveOutOfInbox } from './inbox-housekeeping';

/** The actor of the nightly job in import batches and audit rows (its inbox path is kept on each batch). */
export const BATCH_ACTOR = 'batch';

export interface InboxFile {
  path: string;
  fileName: string;
  format: FormatCode;
  /** Relative to the inbox: `konbini/SYUNO_20261125.dat`. */
  relativePath: string;
  sizeBytes: number;
  /** Path, size and modification time: one delivery of a file (the schedule never takes it twice). */
  deliveryKey: string;
}

/** What is in the inbox: the files to import, and what it refuses to read (named, never followed). */
export interface InboxListing {
  root: string;
  files: InboxFile[];
  refused: ImportResult[];
}

export interface BatchRunOptions {
  receivedOn: IsoDate;
  datesFromNames?: boolean;
  actor?: string;
  /** Housekeeping: imported files to archive/YYYY-MM-DD/, refused ones to failed/ (the service's inbox, `--archive`). */
  archive?: boolean;
  trigger?: BatchTrigger;
}

/** How many calendar days back a run looks for expected files that have not arrived (未着). */
const MISSING_LOOKBACK_DAYS = 7;

/**
 * The nightly job: every file in the inbox, its format named by its subfolder (`inbox/konbini/…`).
 * Files already imported (same bytes) come back as `duplicate`, so the inbox can be re-run safely.
 * Bills go first so the day's payments meet the day's 調定. Only regular files inside the inbox are read:
 * a symbolic link (to /etc/passwd, or to a file of another folder) is refused and named. Each run is
 * recorded (batch_run): its files, their outcome, the matching run, what ran after it and the files
 * expected but not arrived.
 */
@Injectable()
export class BatchService {
  private readonly log = new Logger('Batch');

  constructor(
    private readonly intake: IntakeService,
    private readonly runs: BatchRunsRepository,
    private readonly db: Database,
    private readonly exports: ExportsService,
  ) {}

  async listInbox(inbox: string): Promise<InboxListing> {
    const root = await realpath(inbox);
    const listing: InboxListing = { root, files: [], refused: [] };
    const folders = new Set(await readdir(root));
    for (const format of FORMATS) {
      if (!folders.has(format)) continue;
      const dir = join(root, format);
      const folder = await lstat(dir);
      if (!folder.isDirectory()) {
        if (folder.isSymbolicLink())
          listing.refused.push(refusedEntry(format, format, 'フォルダがシンボリックリンクです / the folder is a symbolic link'));
        continue;
      }
      for (const name of (await readdir(dir)).sort()) {
        if (name.startsWith('.') || /\.(md|json)$/i.test(name)) continue;
        const path = join(dir, name);
        const problem = await notARegularFileInside(path, root);
        if (problem) {
          listing.refused.push(refusedEntry(`${format}/${name}`, format, problem));
          continue;
        }
        const entry = await lstat(path);
        const relativePath = relative(root, path);
        listing.files.push({
          path,
          fileName: name,
          format,
          relativePath,
          sizeBytes: entry.size,
          deliveryKey: `${relativePath}|${entry.size}|${Math.trunc(entry.mtimeMs)}`,
        });
      }
    }
    return listing;
  }

  /**
   * Imports the inbox in this process, then matches once (`keshikomi batch`, and the embedded service's
   * night). `datesFromNames` takes each file as received on the date in its name (SYUNO_20261116.dat →
   * 2026-11-16), for replaying an archive such as samples/.
   */
  async run(inbox: string, options: BatchRunOptions): Promise<IntakeResult & { exports: RunResult[] }> {
    const { root, files, refused } = await this.listInbox(inbox);
    const trigger = options.trigger ?? 'cli';
    const runId = await this.runs.openRun(this.db.dataSource, { trigger, night: options.receivedOn, inbox: root });
    if (runId === null) {
      this.log.warn({ msg: 'the night has run already: nothing taken', night: options.receivedOn });
      return { files: [], match: null, exports: [] };
    }
    try {
      const imported = await this.intake.intake(
        files.map((f) => ({
          source: { fileName: f.fileName, path: f.path },
          format: f.format,
          receivedOn: options.datesFromNames ? dateInName(f.fileName) : undefined,
        })),
        { receivedOn: options.receivedOn, actor: options.actor ?? BATCH_ACTOR, arrivedVia: 'batch' },
      );
      const settled = await Promise.all(
        files.map(async (f, i) => {
          const result = imported.files[i];
          const movedTo = options.archive ? await this.housekeep(root, f.relativePath, result, options.receivedOn) : null;
          const delivery: InboxDelivery = {
            deliveryKey: trigger === 'schedule' ? f.deliveryKey : null,
            path: f.relativePath,
            format: f.format,
            sizeBytes: f.sizeBytes,
          };
          return { ...delivery, ...outcomeOf(result, movedTo) };
        }),
      );
      await this.runs.recordSettledFiles(runId, settled);
      const exported = await this.finishRun(runId, options.receivedOn, imported.match, options.actor ?? BATCH_ACTOR);
      return { ...imported, files: [...imported.files, ...refused], exports: exported };
    } catch (error) {
      await this.failRun(runId, error);
      throw error;
    }
  }

  /**
   * Moves a file the night is done with out of the inbox: imported (or the same bytes seen before) to
   * archive/<night>/, refused to failed/ beside a `.error.txt`. Returns where it went, relative to the inbox.
   */
  housekeep(inbox: string, relativePath: string, result: ImportResult, night: IsoDate): Promise<string> {
    if (result.status === 'failed') {
      const reasons = result.errors.map((e) => (e.line === null ? e.message : `${e.line}: ${e.field ?? ''} ${e.message}`));
      return moveOutOfInbox(inbox, relativePath, destinationOf(relativePath, 'failed', night), `${reasons.join('\n')}\n`);
    }
    return moveOutOfInbox(inbox, relativePath, destinationOf(relativePath, 'archive', night));
  }

  /** The night's end: what runs after matching, the files expected but not arrived, the run closed. */
  async finishRun(runId: number, night: IsoDate, match: MatchRunSummary | null, actor = BATCH_ACTOR): Promise<RunResult[]> {
    // 連携出力 (KESHIKOMI_BATCH_EXPORTS): the business systems hear of tonight's payments.
    const exports = await this.exports.afterNightlyMatch(actor);
    const missingFiles = await this.missingFiles(night);
    await this.runs.finishRun(runId, { status: 'finished', match, exports, missingFiles, error: null });
    this.log.log({ msg: 'night finished', runId, night, matched: match?.matched ?? 0, missingFiles: missingFiles.length });
    return exports;
  }

  async failRun(runId: number, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.runs.finishRun(runId, { status: 'failed', match: null, exports: [], missingFiles: [], error: message });
  }

  /**
   * 未着: the files expected (expected_delivery: a format on the business days of its weekdays) in the week
   * before the night (night − 7 … night − 1) that no file of the format was received on.
   */
  async missingFiles(night: IsoDate): Promise<MissingDelivery[]> {
    const deliveries = await this.runs.expectedDeliveries();
    const expected: MissingDelivery[] = [];
    for (let back = MISSING_LOOKBACK_DAYS; back >= 1; back--) {
      const day = addCalendarDays(night, -back);
      for (const format of formatsExpectedOn(deliveries, day)) expected.push({ format, day });
    }
    return this.runs.notArrived(expected);
  }
}

/** What a run records of a file's import. */
export function outcomeOf(result: ImportResult, movedTo: string | null): FileOutcome {
  return {
    status: result.status === 'held' ? 'imported' : result.status,
    importBatchId: result.batchId ?? result.duplicateOf ?? null,
    records: result.records,
    accepted: result.accepted,
    rejected: result.rejected,
    errorCount: result.errorCount,
    error: result.errors.length ? result.errors[0].message : null,
    movedTo,
  };
}

/** Why an inbox entry is not read, or null for a regular file whose real path lies inside the inbox. */
async function notARegularFileInside(path: string, root: string): Promise<string | null> {
  const entry = await lstat(path);
  if (entry.isSymbolicLink()) return 'シンボリックリンクは読みません / a symbolic link is not read';
  if (!entry.isFile()) return '通常のファイルではありません / not a regular file';
  const real = await realpath(path);
  return real.startsWith(root + sep) ? null : '受信フォルダの外のファイルです / the file lies outside the inbox';
}

function refusedEntry(file: string, format: FormatCode, message: string): ImportResult {
  return {
    file,
    format,
    status: 'failed',
    records: 0,
    accepted: 0,
    rejected: 0,
    errors: [{ line: null, field: null, message }],
    errorCount: 1,
    warnings: [],
    warningCount: 0,
  };
}

export function dateInName(fileName: string): IsoDate | undefined {
  const named = /(20\d{2})(\d{2})(\d{2})/.exec(fileName);
  return named ? `${named[1]}-${named[2]}-${named[3]}` : undefined;
}
