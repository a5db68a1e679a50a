import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 振替不能: a 口座振替 that did not go through. Kept and counted, never a payment. */
@Entity({ name: 'failed_debit' })
export class FailedDebit {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ name: 'bill_number', type: 'text', nullable: true })
  billNumber: string | null;

  @Column({ name: 'reference_valid', type: 'boolean' })
  referenceValid: boolean;

  /** 引落日 */
  @Column({ name: 'debit_on', type: 'date' })
  debitOn: string;

  @Column({ type: 'bigint' })
  amount: number;

  /** 振替結果コード: 1 資金不足, 2 取引なし, 3 預金者の都合, 4 依頼書なし, 8 委託者の都合, 9 その他 */
  @Column({ name: 'result_code', type: 'char', length: 1 })
  resultCode: string;

  @Column({ name: 'provider_code', type: 'text', nullable: true })
  providerCode: string | null;

  @Column({ name: 'payer_name_masked', type: 'text', nullable: true })
  payerNameMasked: string | null;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId: number;

  @Column({ name: 'line_no', type: 'integer' })
  lineNo: number;
}
