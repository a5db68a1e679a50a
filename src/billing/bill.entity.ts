import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 調定: the amount the city bills for one 納付番号, in its latest version. */
@Entity({ name: 'bill' })
export class Bill {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  /** 納付番号 */
  @Column({ name: 'bill_number', type: 'char', length: 16 })
  billNumber: string;

  @Column({ name: 'category_code', type: 'varchar', length: 2 })
  categoryCode: string;

  /** 賦課年度 */
  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear: number;

  /** 会計年度 as the bills file states it; null: the fiscal year of its 納期限 (bill_fiscal_year in SQL). */
  @Column({ name: 'accounting_year', type: 'integer', nullable: true })
  accountingYear: number | null;

  /** 期別 */
  @Column({ type: 'char', length: 2 })
  installment: string;

  /** 納期限 as printed. */
  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  /** 納期限 rolled past bank holidays (地方税法20条の5). */
  @Column({ name: 'effective_due_date', type: 'date' })
  effectiveDueDate: string;

  /** 調定額, yen. */
  @Column({ type: 'bigint' })
  amount: number;

  /** 宛名番号 */
  @Column({ name: 'payer_id', type: 'text' })
  payerId: string;

  @Column({ type: 'text' })
  status: 'active' | 'cancelled';

  @Column({ name: 'updated_on', type: 'date' })
  updatedOn: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId: number;
}
