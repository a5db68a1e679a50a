import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import type { IsoDate } from '../common/calendar';
import type { ExpectedDelivery } from '../common/expected-deliveries';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { Queryable } from '../database/queryable';
import type { BatchFileStatus, BatchRunStatus, BatchTrigger } from '../common/codes';

/** A file as a run takes it from the inbox. */
export interface InboxDelivery {
  /** Path, size and mtime (schedule only): the unique key that keeps a delivery from being taken twice. */
  deliveryKey: string | null;
  /** Relative to the inbox. */
  path: string;
  format: string;
  sizeBytes: number;
}

/** What became of a file, as the run records it. */
export interface FileOutcome {
  status: Exclude<BatchFileStatus, 'queued'>;
  importBatchId: number | null;
  records: number;
  accepted: number;
  rejected: number;
  errorCount: number;
  error: string | null;
  movedTo: string | null;
}

/** A queued file as a worker's job reads it, with its run's inbox and night. */
export interface QueuedFile {
  id: number;
  runId: number;
  path: string;
  format: string;
  status: BatchFileStatus;
  inbox: string;
  night: IsoDate;
}

export interface MissingDelivery {
  format: string;
  /** The business day on which no file of the format was received. */
  day: IsoDate;
}

export interface RunFileRow extends FileOutcome {
  id: number;
  path: string;
  format: string;
  sizeBytes: number;
  settledAt: string | null;
  settledBy: string | null;
}

export interface RunRow {
  id: number;
  trigger: BatchTrigger;
  night: IsoDate;
  inbox: string;
  status: BatchRunStatus;
  startedAt: string;
  finishedAt: string | null;
  match: unknown;
  exports: unknown[];
  missingFiles: MissingDelivery[];
  error: string | null;
  files: number;
  queued: number;
  imported: number;
  duplicates: number;
  failed: number;
  errors: number;
  records: number;
  accepted: number;
  rejected: number;
}

/** Who records a file: this host and process (which worker took it). */
const PROCESS_NAME = `${hostname()}:${process.pid}`;

const RUN_COLUMNS = `r.id::int AS id, r.trigger, r.night::text AS night, r.inbox, r.status,
  tokyo_time(r.started_at) AS "startedAt", tokyo_time(r.finished_at) AS "finishedAt",
  r.match, r.exports, r.missing_files AS "missingFiles", r.error,
  count(f.id)::int AS files,
  (count(f.id) FILTER (WHERE f.status = 'queued'))::int AS queued,
  (count(f.id) FILTER (WHERE f.status = 'imported'))::int AS imported,
  (count(f.id) FILTER (WHERE f.status = 'duplicate'))::int AS duplicates,
  (count(f.id) FILTER (WHERE f.status = 'failed'))::int AS failed,
  (count(f.id) FILTER (WHERE f.status = 'error'))::int AS errors,
  COALESCE(sum(f.records), 0)::int AS records, COALESCE(sum(f.accepted), 0)::int AS accepted,
  COALESCE(sum(f.rejected), 0)::int AS rejected`;

/** The nightly runs' records (batch_run, batch_run_file). */
@Injectable()
export class BatchRunsRepository {
  private readonly municipality: string;

  constructor(
    private readonly db: Database,
    config: AppConfig,
  ) {
    this.municipality = config.MUNICIPALITY_CODE;
  }

  /** A new run; for the schedule null when tonight's run exists already (another API process fired it). */
  async openRun(q: Queryable, run: { trigger: BatchTrigger; night: IsoDate; inbox: string }): Promise<number | null> {
    const rows: { id: number }[] = await q.query(
      `INSERT INTO batch_run (municipality_code, trigger, night, inbox) VALUES ($1, $2, $3, $4)
       ON CONFLICT (municipality_code, night) WHERE trigger = 'schedule' DO NOTHING RETURNING id::int AS id`,
      [this.municipality, run.trigger, run.night, run.inbox],
    );
    return rows[0]?.id ?? null;
  }

  /** Queues the run's files; a delivery already taken (by any run, unless it ended in `error`) is left out. */
  async queueFiles(q: Queryable, runId: number, files: InboxDelivery[]): Promise<{ id: number; path: string; format: string }[]> {
    if (!files.length) return [];
    return q.query(
      `INSERT INTO batch_run_file (run_id, municipality_code, delivery_key, path, format, size_bytes)
       SELECT $1, $2, f.key, f.path, f.format, f.size
         FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[]) AS f(key, path, format, size)
       ON CONFLICT (municipality_code, delivery_key) WHERE status <> 'error' DO NOTHING
       RETURNING id::int AS id, path, format`,
      this.deliveryParams(runId, files),
    );
  }

  /** The files of a run that went through in one process (`keshikomi batch`, the embedded service), settled. */
  async recordSettledFiles(runId: number, files: (InboxDelivery & FileOutcome)[]): Promise<void> {
    if (!files.length) return;
    await this.db.dataSource.query(
      `INSERT INTO batch_run_file (run_id, municipality_code, delivery_key, path, format, size_bytes, status, import_batch_id,
                                   records, accepted, rejected, error_count, error, moved_to, settled_at, settled_by)
       SELECT $1, $2, f.key, f.path, f.format, f.size, f.status, f.batch, f.records, f.accepted, f.rejected, f.errors, f.error,
              f.moved, clock_timestamp(), $15
         FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::bigint[], $9::int[], $10::int[], $11::int[],
                     $12::int[], $13::text[], $14::text[])
              AS f(key, path, format, size, status, batch, records, accepted, rejected, errors, error, moved)
       ON CONFLICT (municipality_code, delivery_key) WHERE status <> 'error' DO NOTHING`,
      [
        ...this.deliveryParams(runId, files),
        files.map((f) => f.status),
        files.map((f) => f.importBatchId),
        files.map((f) => f.records),
        files.map((f) => f.accepted),
        files.map((f) => f.rejected),
        files.map((f) => f.errorCount),
        files.map((f) => f.error),
        files.map((f) => f.movedTo),
        PROCESS_NAME,
      ],
    );
  }

  /** $1..$6 of a file insert: the run, the city and the deliveries' keys, paths, formats and sizes as arrays. */
  private deliveryParams(runId: number, files: InboxDelivery[]): unknown[] {
    return [
      runId,
      this.municipality,
      files.map((f) => f.deliveryKey),
      files.map((f) => f.path),
      files.map((f) => f.format),
      files.map((f) => f.sizeBytes),
    ];
  }

  async queuedFile(fileId: number): Promise<QueuedFile | undefined> {
    const [row]: QueuedFile[] = await this.db.dataSource.query(
      `SELECT f.id::int AS id, f.run_id::int AS "runId", f.path, f.format, f.status, r.inbox, r.night::text AS night
         FROM batch_run_file f JOIN batch_run r ON r.id = f.run_id WHERE f.id = $1`,
      [fileId],
    );
    return row;
  }

  /** Records a queued file's outcome; false when another attempt settled it first. */
  async settleFile(q: Queryable, fileId: number, outcome: FileOutcome): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `UPDATE batch_run_file SET status = $2, import_batch_id = $3, records = $4, accepted = $5, rejected = $6, error_count = $7,
              error = $8, moved_to = $9, settled_at = clock_timestamp(), settled_by = $10
        WHERE id = $1 AND status = 'queued' RETURNING id`,
      [
        fileId,
        outcome.status,
        outcome.importBatchId,
        outcome.records,
        outcome.accepted,
        outcome.rejected,
        outcome.errorCount,
        outcome.error,
        outcome.movedTo,
        PROCESS_NAME,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Whether the run's files are all settled, its row locked until the transaction ends: the worker that
   * settles the last file is the only one that sees `importing` with nothing queued, and moves it on.
   */
  async lockRunIfImported(q: Queryable, runId: number): Promise<boolean> {
    const [row]: { status: BatchRunStatus }[] = await q.query(`SELECT status FROM batch_run WHERE id = $1 FOR UPDATE`, [runId]);
    if (row?.status !== 'importing') return false;
    const [{ queued }]: { queued: boolean }[] = await q.query(
      `SELECT EXISTS (SELECT FROM batch_run_file WHERE run_id = $1 AND status = 'queued') AS queued`,
      [runId],
    );
    return !queued;
  }

  async setStatus(q: Queryable, runId: number, status: BatchRunStatus): Promise<void> {
    await q.query(`UPDATE batch_run SET status = $2 WHERE id = $1`, [runId, status]);
  }

  async runStatus(runId: number): Promise<{ status: BatchRunStatus; night: IsoDate } | undefined> {
    const [row]: { status: BatchRunStatus; night: IsoDate }[] = await this.db.dataSource.query(
      `SELECT status, night::text AS night FROM batch_run WHERE id = $1`,
      [runId],
    );
    return row;
  }

  async finishRun(
    runId: number,
    end: { status: 'finished' | 'failed'; match: unknown; exports: unknown[]; missingFiles: MissingDelivery[]; error: string | null },
  ): Promise<void> {
    await this.db.dataSource.query(
      `UPDATE batch_run SET status = $2, match = $3, exports = $4, missing_files = $5, error = $6, finished_at = clock_timestamp()
        WHERE id = $1 AND finished_at IS NULL`,
      [runId, end.status, JSON.stringify(end.match), JSON.stringify(end.exports), JSON.stringify(end.missingFiles), end.error],
    );
  }

  /** The files the city expects and their weekdays (expected_delivery). */
  expectedDeliveries(): Promise<ExpectedDelivery[]> {
    return this.db.dataSource.query(
      `SELECT format, weekdays::int[] AS weekdays FROM expected_delivery WHERE municipality_code = $1 ORDER BY format`,
      [this.municipality],
    );
  }

  /** Of the (format, day) pairs expected, those with no imported file of the format received on the day. */
  async notArrived(expected: MissingDelivery[]): Promise<MissingDelivery[]> {
    if (!expected.length) return [];
    return this.db.dataSource.query(
      `SELECT e.format, e.day::text AS day FROM unnest($2::text[], $3::date[]) AS e(format, day)
        WHERE NOT EXISTS (SELECT FROM import_batch b WHERE b.municipality_code = $1 AND b.format = e.format
                             AND b.received_on = e.day AND b.status = 'imported')
        ORDER BY e.day, e.format`,
      [this.municipality, expected.map((e) => e.format), expected.map((e) => e.day)],
    );
  }

  /** Where an import batch came from and its counts (a retried job finds its own earlier import). */
  async importBatch(id: number): Promise<{ sourcePath: string | null; records: number; accepted: number; rejected: number } | undefined> {
    const [row]: { sourcePath: string | null; records: number; accepted: number; rejected: number }[] = await this.db.dataSource.query(
      `SELECT source_path AS "sourcePath", records, accepted, rejected FROM import_batch WHERE id = $1 AND municipality_code = $2`,
      [id, this.municipality],
    );
    return row;
  }

  /** Runs, newest first, with their file counts (keyset pages by id). */
  runs(limit: number, before?: number): Promise<RunRow[]> {
    return this.db.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM batch_run r LEFT JOIN batch_run_file f ON f.run_id = r.id
        WHERE r.municipality_code = $1 AND ($2::bigint IS NULL OR r.id < $2)
        GROUP BY r.id ORDER BY r.id DESC LIMIT $3`,
      [this.municipality, before ?? null, limit],
    );
  }

  /** The latest run that finished (or gave up). */
  async lastFinishedRun(): Promise<RunRow | undefined> {
    const [row]: RunRow[] = await this.db.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM batch_run r LEFT JOIN batch_run_file f ON f.run_id = r.id
        WHERE r.municipality_code = $1 AND r.finished_at IS NOT NULL
        GROUP BY r.id ORDER BY r.id DESC LIMIT 1`,
      [this.municipality],
    );
    return row;
  }

  /** The files of these runs, each with its run's id. */
  runFiles(runIds: number[]): Promise<(RunFileRow & { runId: number })[]> {
    return this.db.dataSource.query(
      `SELECT id::int AS id, run_id::int AS "runId", path, format, size_bytes::int AS "sizeBytes", status,
              import_batch_id::int AS "importBatchId", records, accepted, rejected, error_count AS "errorCount", error,
              moved_to AS "movedTo", tokyo_time(settled_at) AS "settledAt", settled_by AS "settledBy"
         FROM batch_run_file WHERE run_id = ANY($1::bigint[]) AND municipality_code = $2 ORDER BY id`,
      [runIds, this.municipality],
    );
  }
}
