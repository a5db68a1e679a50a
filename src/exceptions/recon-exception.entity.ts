import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ExceptionStatus, ExceptionType } from '../common/codes';

/** 例外: a mismatch flagged for the 会計課 to review and resolve. */
@Entity({ name: 'recon_exception' })
export class ReconException {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ type: 'text' })
  type: ExceptionType;

  @Column({ type: 'text', default: () => "'open'" })
  status: ExceptionStatus;

  @Column({ name: 'payment_id', type: 'bigint', nullable: true })
  paymentId: number | null;

  @Column({ name: 'bill_id', type: 'bigint', nullable: true })
  billId: number | null;

  @Column({ name: 'batch_id', type: 'bigint', nullable: true })
  batchId: number | null;

  /** The day the queue sorts it by: its payment's 納付日, else its register row's or batch's day (set by a trigger). */
  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  /** A counter register row (窓口収納) the exception is about. */
  @Column({ name: 'receipt_id', type: 'bigint', nullable: true })
  receiptId: number | null;

  /** Deposits: the 入出金明細 row the exception is about (an 入金 that arrived short, or unexplained). */
  @Column({ name: 'statement_entry_id', type: 'bigint', nullable: true })
  statementEntryId: number | null;

  /** Deposits: the expected payout the exception is about (format, provider key, 収入日). */
  @Column({ name: 'payout_format', type: 'text', nullable: true })
  payoutFormat: string | null;

  @Column({ name: 'payout_provider', type: 'text', nullable: true })
  payoutProvider: string | null;

  @Column({ name: 'payout_due_on', type: 'date', nullable: true })
  payoutDueOn: string | null;

  /** What the bill still expected when the payment was applied. */
  @Column({ name: 'expected_amount', type: 'bigint', nullable: true })
  expectedAmount: number | null;

  @Column({ name: 'paid_amount', type: 'bigint', nullable: true })
  paidAmount: number | null;

  @Column({ type: 'text' })
  detail: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** 担当者 */
  @Column({ type: 'text', nullable: true })
  assignee: string | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;
}
