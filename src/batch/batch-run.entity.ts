import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BatchFileStatus, BatchRunStatus, BatchTrigger } from '../common/codes';
import { LineCountColumn } from '../imports/line-count-column';

/** One nightly run (夜間取込): the schedule's, or a `keshikomi batch`. */
@Entity({ name: 'batch_run' })
export class BatchRun {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ type: 'text' })
  trigger: BatchTrigger;

  /** The Tokyo day the run is for: the schedule's night, or the CLI's received-on day. */
  @Column({ type: 'date' })
  night: string;

  @Column({ type: 'text' })
  inbox: string;

  @Column({ type: 'text', default: () => "'importing'" })
  status: BatchRunStatus;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The matching run that followed the files, once. */
  @Column({ type: 'jsonb', nullable: true })
  match: unknown;

  /** What ran after matching (exports): one entry each. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  exports: unknown;

  /** Expected files that had not arrived when the run finished (未着). */
  @Column({ name: 'missing_files', type: 'jsonb', default: () => "'[]'" })
  missingFiles: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}

/** One inbox file a run took, and what became of it. */
@Entity({ name: 'batch_run_file' })
export class BatchRunFile {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'run_id', type: 'bigint' })
  runId: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  /** Its path in the inbox, size and modification time: the schedule never takes a delivery twice (null: a CLI run). */
  @Column({ name: 'delivery_key', type: 'text', nullable: true })
  deliveryKey: string | null;

  /** Relative to the inbox (`konbini/SYUNO_20261125.dat`). */
  @Column({ type: 'text' })
  path: string;

  @Column({ type: 'text' })
  format: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes: number;

  @Column({ type: 'text', default: () => "'queued'" })
  status: BatchFileStatus;

  @Column({ name: 'import_batch_id', type: 'bigint', nullable: true })
  importBatchId: number | null;

  @LineCountColumn() records: number;
  @LineCountColumn() accepted: number;
  @LineCountColumn() rejected: number;

  @Column({ name: 'error_count', type: 'integer', default: 0 })
  errorCount: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Where housekeeping moved it (archive/… or failed/…), relative to the inbox. */
  @Column({ name: 'moved_to', type: 'text', nullable: true })
  movedTo: string | null;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  /** The process that recorded it (host:pid): which worker took the file. */
  @Column({ name: 'settled_by', type: 'text', nullable: true })
  settledBy: string | null;
}
