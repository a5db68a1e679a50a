import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One version of a bill: the original 調定, each 減額更正 and the 取消. Never updated. */
@Entity({ name: 'bill_version' })
export class BillVersion {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'bill_id', type: 'bigint' })
  billId: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'bigint' })
  amount: number;

  @Column({ type: 'text' })
  status: 'active' | 'cancelled';

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ name: 'updated_on', type: 'date' })
  updatedOn: string;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId: number;

  @Column({ name: 'line_no', type: 'integer' })
  lineNo: number;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
