import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TextEncoding } from './parsers/framing';
import type { ControlCheck, LineError } from './parsers/parser.types';
import { LineCountColumn } from './line-count-column';

/** 取込済 / 取込保留 (held until a second person releases it) / 差戻し (rejected: the bytes count as unseen). */
export type ImportBatchStatus = 'imported' | 'held' | 'rejected';
/** How a file reached keshikomi: an upload (API, UI), the CLI, or the nightly inbox. */
export type ImportChannel = 'api' | 'cli' | 'batch';

/** One file as it arrived: its bytes' hash makes a second delivery of the same file a duplicate. */
@Entity({ name: 'import_batch' })
export class ImportBatch {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  format: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text' })
  status: ImportBatchStatus;

  /** Who brought the file: the user (API, UI), the OS user or --actor (CLI), `batch` (inbox). */
  @Column({ name: 'imported_by', type: 'text' })
  importedBy: string;

  @Column({ name: 'arrived_via', type: 'text' })
  arrivedVia: ImportChannel;

  /** The file's path in the inbox (nightly batch). */
  @Column({ name: 'source_path', type: 'text', nullable: true })
  sourcePath: string | null;

  /** Who released or rejected a held file (never the one who brought it), when and why. */
  @Column({ name: 'reviewed_by', type: 'text', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason: string | null;

  /** How the bytes of its lines are decoded for display: the file's own encoding. */
  @Column({ name: 'line_encoding', type: 'text' })
  lineEncoding: TextEncoding;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  /** データ作成日 */
  @Column({ name: 'data_created_on', type: 'date', nullable: true })
  dataCreatedOn: string | null;

  /** 収納代行 */
  @Column({ name: 'provider_code', type: 'text', nullable: true })
  providerCode: string | null;

  @LineCountColumn() records: number;
  @LineCountColumn() accepted: number;
  @LineCountColumn() rejected: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  controls: ControlCheck[];

  @Column({ name: 'control_issues', type: 'jsonb', default: () => "'[]'" })
  controlIssues: LineError[];

  /** The first 100 warnings; warning_count says how many there were. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: LineError[];

  @Column({ name: 'warning_count', type: 'integer', default: 0 })
  warningCount: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Set by the matching run that covered this batch; null while its match is pending. */
  @Column({ name: 'matched_at', type: 'timestamptz', nullable: true })
  matchedAt: Date | null;
}
