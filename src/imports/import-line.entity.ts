import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LineError } from './parsers/parser.types';

/** Every line of every file, accepted or rejected, so staff see exactly what arrived. */
@Entity({ name: 'import_line' })
export class ImportLine {
  @PrimaryColumn({ name: 'batch_id', type: 'bigint' })
  batchId: number;

  @PrimaryColumn({ name: 'line_no', type: 'integer' })
  lineNo: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ type: 'text' })
  status: 'accepted' | 'rejected' | 'control';

  /** The record's bytes exactly as they arrived (personal data masked where the format says so). */
  @Column({ type: 'bytea' })
  raw: Buffer;

  @Column({ type: 'jsonb', nullable: true })
  errors: LineError[] | null;
}
