import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LineError } from './parsers/parser.types';

/**
 * A kept line with something to say: rejected (its reasons), a control record, or an accepted line with
 * warnings. Every other line is accepted without remark and has no row; its bytes are in import_segment.
 */
@Entity({ name: 'import_line_note' })
export class ImportLineNote {
  @PrimaryColumn({ name: 'batch_id', type: 'bigint' })
  batchId: number;

  @PrimaryColumn({ name: 'line_no', type: 'integer' })
  lineNo: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ type: 'text' })
  status: 'accepted' | 'rejected' | 'control';

  @Column({ type: 'jsonb', nullable: true })
  errors: LineError[] | null;
}
