import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { BATCH_FILE_QUEUE, BATCH_FINISH_QUEUE, inTransaction, openJobQueue } from '../database/job-queue';
import type { QueryRunner } from 'typeorm';

export interface FileJob {
  fileId: number;
  runId: number;
}

export interface FinishJob {
  runId: number;
}

/** A job as a handler sees it: whether this is its last try (a fault then is recorded, not retried). */
export interface JobAttempt<T> {
  data: T;
  id: string;
  lastAttempt: boolean;
}

/**
 * The nightly run's queue on the database's own PostgreSQL (pg-boss): the schedule enqueues, workers take
 * the jobs. None on the embedded database (its night runs in-process). Opened on first use, so an API
 * process that never enqueues never connects it.
 */
@Injectable()
export class BatchQueue implements OnApplicationShutdown {
  private boss: Promise<PgBoss> | null = null;
  private readonly log = new Logger('BatchQueue');

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /** The embedded database has no job queue. */
  get available(): boolean {
    return !this.db.embedded;
  }

  /**
   * Queues one job per file, in the caller's transaction (sent only if the run's rows commit). Bills go
   * first: a higher priority is fetched before any payment file of the night.
   */
  async sendFiles(q: QueryRunner, jobs: (FileJob & { bills: boolean })[]): Promise<void> {
    if (!jobs.length) return;
    const boss = await this.open(false);
    await boss.insert(
      jobs.map(({ fileId, runId, bills }) => ({
        name: BATCH_FILE_QUEUE,
        data: { fileId, runId } satisfies FileJob,
        priority: bills ? 1 : 0,
        singletonKey: `file-${fileId}`,
        ...this.retries(),
      })),
      { db: inTransaction(q) },
    );
  }

  /** The night's last step, sent by the worker that settled its last file (in that transaction). */
  async sendFinish(q: QueryRunner, runId: number): Promise<void> {
    const boss = await this.open(false);
    await boss.insert(
      [{ name: BATCH_FINISH_QUEUE, data: { runId } satisfies FinishJob, singletonKey: `run-${runId}`, ...this.retries() }],
      {
        db: inTransaction(q),
      },
    );
  }

  /** Jobs waiting or running: the queue depth of /metrics. */
  async depth(): Promise<{ queue: string; waiting: number }[]> {
    if (!this.available) return [];
    const boss = await this.open(false);
    return Promise.all(
      [BATCH_FILE_QUEUE, BATCH_FINISH_QUEUE].map(async (queue) => ({
        queue,
        waiting: await boss.getQueueSize(queue, { before: 'completed' }),
      })),
    );
  }

  /**
   * Takes jobs in this process until it stops: one file at a time per worker. A handler that throws is
   * retried with backoff (KESHIKOMI_JOB_RETRIES); a job whose worker was killed is retried once its
   * timeout passed (KESHIKOMI_JOB_TIMEOUT_SECONDS), found by this worker's supervision.
   */
  async work(handlers: {
    file: (job: JobAttempt<FileJob>) => Promise<void>;
    finish: (job: JobAttempt<FinishJob>) => Promise<void>;
  }): Promise<void> {
    const boss = await this.open(true);
    const options = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: this.config.KESHIKOMI_WORKER_POLL_SECONDS };
    const attempt = <T>(job: PgBoss.JobWithMetadata<T>): JobAttempt<T> => ({
      data: job.data,
      id: job.id,
      lastAttempt: job.retryCount >= job.retryLimit,
    });
    // pg-boss gives a handler up once the job's timeout has passed (a statement stuck on a cut connection).
    await boss.work<FileJob>(BATCH_FILE_QUEUE, options, async ([job]) => handlers.file(attempt(job)));
    await boss.work<FinishJob>(BATCH_FINISH_QUEUE, options, async ([job]) => handlers.finish(attempt(job)));
  }

  /** Stops taking jobs; a job under way is given 30 s to end, else it is failed and retried elsewhere. */
  async onApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await (await boss).stop({ graceful: true, timeout: 30_000 });
  }

  private retries() {
    return {
      retryLimit: this.config.KESHIKOMI_JOB_RETRIES,
      retryDelay: this.config.KESHIKOMI_JOB_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: this.config.KESHIKOMI_JOB_TIMEOUT_SECONDS,
    };
  }

  private open(supervise: boolean): Promise<PgBoss> {
    if (!this.available) throw new Error('the embedded database has no job queue');
    this.boss ??= (async () => {
      const boss = openJobQueue(this.db.url, {
        supervise,
        maintenanceIntervalSeconds: this.config.KESHIKOMI_JOB_MAINTENANCE_SECONDS,
        max: supervise ? 3 : 2,
      });
      boss.on('error', (error: Error) => this.log.error(`job queue: ${error.message}`));
      await boss.start();
      return boss;
    })();
    // A queue that could not start (not migrated yet, the database away) is tried again next time.
    this.boss.catch(() => (this.boss = null));
    return this.boss;
  }
}

/** PostgreSQL went away (restart, terminated connection, refused connection): a fault the queue recovers from. */
export function isConnectionFault(reason: unknown): boolean {
  const { code, message } = (reason ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^(57P0[123]|08)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code))) return true;
  return (
    typeof message === 'string' && /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message)
  );
}
