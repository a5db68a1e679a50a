import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { YearClass } from '../common/calendar';
import type { Channel } from '../common/codes';

/** 歳入科目: the account (会計・款・項・目・節) a revenue category's receipts are booked to, per 年度区分. */
@Entity({ name: 'revenue_account' })
export class RevenueAccount {
  @PrimaryColumn({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @PrimaryColumn({ name: 'category_code', type: 'varchar', length: 2 })
  categoryCode: string;

  /** 年度区分: 現年度分 or 滞納繰越分 */
  @PrimaryColumn({ name: 'year_class', type: 'text' })
  yearClass: YearClass;

  /** 会計 (一般会計, 国民健康保険特別会計…) */
  @Column({ type: 'text' })
  ledger: string;

  /** 款 */
  @Column({ type: 'text' })
  kan: string;

  /** 項 */
  @Column({ type: 'text' })
  kou: string;

  /** 目 */
  @Column({ type: 'text' })
  moku: string;

  /** 節 */
  @Column({ type: 'text' })
  setsu: string;

  @Column({ name: 'updated_by', type: 'text', default: () => "'system'" })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** 還付の支出: the day a decided refund was paid out (recorded by a manager). */
@Entity({ name: 'refund_payment' })
export class RefundPayment {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ name: 'resolution_id', type: 'bigint' })
  resolutionId: number;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  @Column({ type: 'bigint' })
  amount: number;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}

/** 手続台帳: a procedure that collects money (a revenue category, or a fee keshikomi does not reconcile). */
@Entity({ name: 'procedure_ledger' })
export class ProcedureLedgerEntry {
  @PrimaryColumn({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'category_code', type: 'varchar', length: 2, nullable: true })
  categoryCode: string | null;
}

/** A channel a procedure accepts, since when (a future day: planned). */
@Entity({ name: 'procedure_channel' })
export class ProcedureChannel {
  @PrimaryColumn({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @PrimaryColumn({ name: 'procedure_code', type: 'text' })
  procedureCode: string;

  @PrimaryColumn({ type: 'text' })
  channel: Channel;

  @Column({ name: 'accepted_since', type: 'date' })
  acceptedSince: string;
}
