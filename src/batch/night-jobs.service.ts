import { Injectable, Logger } from '@nestjs/common';
import { join } from 'node:path';
import type { IsoDate } from '../common/calendar';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { FormatCode } from '../common/codes';
import { IntakeService } from '../imports/intake.service';
import { BatchQueue, FileJob, FinishJob, JobAttempt } from './batch-queue';
import { BatchRunsRepository, FileOutcome } from './batch-runs.repository';
import { BATCH_ACTOR, BatchService, dateInName, outcomeOf } from './batch.service';
import { destinationOf, exists } from './inbox-housekeeping';

/** What the schedule did for a night. */
export interface EnqueuedNight {
  /** null: this night's run existed already (another API process, or an earlier call). */
  runId: number | null;
  queued: number;
  /** The embedded database has no queue: the night ran in this process. */
  inProcess: boolean;
}

/**
 * The nightly run as a service. The schedule only enqueues: one run record, one job per inbox file (a
 * delivery already taken is never queued again), all in one transaction. Workers (`keshikomi worker`)
 * import one file per job — bills are fetched first —, move it out of the inbox and record it; the worker
 * that records a run's last file queues its finish, which matches once and closes the run. A fault
 * (the database restarting) throws and pg-boss retries the job with growing delays; a refused file is an
 * outcome, recorded and moved to failed/, never retried.
 */
@Injectable()
export class NightJobsService {
  private readonly log = new Logger('NightJobs');

  constructor(
    private readonly batch: BatchService,
    private readonly runs: BatchRunsRepository,
    private readonly intake: IntakeService,
    private readonly queue: BatchQueue,
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /** The schedule's work for a night: enqueue the inbox (on the embedded database: run it here). */
  async enqueueNight(night: IsoDate, inbox = this.config.KESHIKOMI_INBOX_DIR): Promise<EnqueuedNight> {
    if (!inbox) throw new Error('受信フォルダが設定されていません / KESHIKOMI_INBOX_DIR is not set');
    const datesFromNames = this.config.KESHIKOMI_INBOX_DATES_FROM_NAMES === 'true';
    if (!this.queue.available) {
      const result = await this.batch.run(inbox, { receivedOn: night, datesFromNames, archive: true, trigger: 'schedule' });
      return { runId: null, queued: result.files.length, inProcess: true };
    }
    const { root, files } = await this.batch.listInbox(inbox);
    const enqueued = await this.db.transaction(async (q) => {
      const runId = await this.runs.openRun(q, { trigger: 'schedule', night, inbox: root });
      if (runId === null) return { runId, queued: 0, inProcess: false };
      const queued = await this.runs.queueFiles(
        q,
        runId,
        files.map((f) => ({ deliveryKey: f.deliveryKey, path: f.relativePath, format: f.format, sizeBytes: f.sizeBytes })),
      );
      await this.queue.sendFiles(
        q,
        queued.map((f) => ({ fileId: f.id, runId, bills: f.format === 'bills' })),
      );
      if (!queued.length) {
        // Nothing arrived: the night still finishes, and its 未着 list says what was expected.
        await this.runs.setStatus(q, runId, 'matching');
        await this.queue.sendFinish(q, runId);
      }
      return { runId, queued: queued.length, inProcess: false };
    });
    this.log.log({ msg: enqueued.runId ? 'night enqueued' : 'night enqueued already', night, ...enqueued });
    return enqueued;
  }

  /**
   * One file's job. Repeatable: a try killed after its import committed finds the import again (the same
   * bytes from this delivery's path) and records it as imported; one killed after the move finds the file
   * in the archive.
   */
  async importFile(job: JobAttempt<FileJob>): Promise<void> {
    const file = await this.runs.queuedFile(job.data.fileId);
    if (!file || file.status !== 'queued') return;
    // Ids and counts only: a file's name or lines may carry personal data.
    const ids = { runId: file.runId, fileId: file.id, jobId: job.id, format: file.format };
    try {
      const outcome = await this.importAndMove(file.inbox, file.path, file.format, file.night);
      await this.settle(file.id, file.runId, outcome);
      this.log.log({ msg: 'file settled', ...ids, status: outcome.status, records: outcome.records, rejected: outcome.rejected });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!job.lastAttempt) {
        this.log.warn({ msg: 'file job failed: retried later', ...ids, error: message });
        throw error;
      }
      // The fault outlasted every retry: recorded, the file left in the inbox for the next night.
      this.log.error({ msg: 'file job failed for good: left in the inbox', ...ids, error: message });
      await this.settle(file.id, file.runId, { ...NOTHING, status: 'error', error: message });
    }
  }

  /** The night's last step: matching once after its files, then what follows it, and the run closed. */
  async finishNight(job: JobAttempt<FinishJob>): Promise<void> {
    const run = await this.runs.runStatus(job.data.runId);
    if (run?.status !== 'matching') return;
    try {
      const match = await this.intake.matchWaiting(BATCH_ACTOR);
      await this.batch.finishRun(job.data.runId, run.night, match);
    } catch (error) {
      const ids = { runId: job.data.runId, jobId: job.id, error: error instanceof Error ? error.message : String(error) };
      if (!job.lastAttempt) {
        this.log.warn({ msg: 'finishing the night failed: retried later', ...ids });
        throw error;
      }
      this.log.error({ msg: 'finishing the night failed for good', ...ids });
      await this.batch.failRun(job.data.runId, error);
    }
  }

  private async importAndMove(inbox: string, path: string, format: string, night: IsoDate): Promise<FileOutcome> {
    // Where an earlier try may have left it: still in the inbox, archived, or refused.
    const inboxPath = join(inbox, path);
    const places = [inboxPath, join(inbox, destinationOf(path, 'archive', night)), join(inbox, destinationOf(path, 'failed', night))];
    let at: string | null = null;
    for (const place of places) if (!at && (await exists(place))) at = place;
    if (!at)
      return {
        ...NOTHING,
        status: 'failed',
        errorCount: 1,
        error: 'ファイルが受信フォルダにありません / the file is no longer in the inbox',
      };
    const fileName = path.split('/').pop()!;
    const result = await this.intake.importOnly(
      { source: { fileName, path: at }, format: format as FormatCode },
      {
        receivedOn: (this.config.KESHIKOMI_INBOX_DATES_FROM_NAMES === 'true' && dateInName(fileName)) || night,
        actor: BATCH_ACTOR,
        arrivedVia: 'batch',
      },
    );
    const movedTo = await this.batch.housekeep(inbox, path, result, night);
    const outcome = outcomeOf(result, movedTo);
    if (result.status === 'duplicate' && result.duplicateOf) {
      // An earlier try of this very delivery imported it, then was killed: it is this run's import.
      const earlier = await this.runs.importBatch(result.duplicateOf);
      if (earlier?.sourcePath === inboxPath) return { ...outcome, status: 'imported', ...counts(earlier) };
    }
    return outcome;
  }

  /** Records the file; the worker that records a run's last file queues the run's finish, in the same transaction. */
  private async settle(fileId: number, runId: number, outcome: FileOutcome): Promise<void> {
    await this.db.transaction(async (q) => {
      if (!(await this.runs.settleFile(q, fileId, outcome))) return;
      if (!(await this.runs.lockRunIfImported(q, runId))) return;
      await this.runs.setStatus(q, runId, 'matching');
      await this.queue.sendFinish(q, runId);
    });
  }
}

const NOTHING: FileOutcome = {
  status: 'failed',
  importBatchId: null,
  records: 0,
  accepted: 0,
  rejected: 0,
  errorCount: 0,
  error: null,
  movedTo: null,
};

function counts(batch: { records: number; accepted: number; rejected: number }) {
  return { records: batch.records, accepted: batch.accepted, rejected: batch.rejected };
}
