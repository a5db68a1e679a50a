import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ControlCheck, LineError } from './parsers/parser.types';

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
  status: 'imported' | 'failed';

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  /** データ作成日 */
  @Column({ name: 'data_created_on', type: 'date', nullable: true })
  dataCreatedOn: string | null;

  /** 収納代行 */
  @Column({ name: 'provider_code', type: 'text', nullable: true })
  providerCode: string | null;

  @Column({ type: 'integer', default: 0 })
  records: number;

  @Column({ type: 'integer', default: 0 })
  accepted: number;

  @Column({ type: 'integer', default: 0 })
  rejected: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  controls: ControlCheck[];

  @Column({ name: 'control_issues', type: 'jsonb', default: () => "'[]'" })
  controlIssues: LineError[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: LineError[];

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
