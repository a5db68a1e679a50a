import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel } from '../common/codes';

export type PaymentState = 'preliminary' | 'final' | 'cancelled';

/** 収納: one payment, however many records described it (a 速報 and its 確報 are one payment). */
@Entity({ name: 'payment' })
export class Payment {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ name: 'pairing_key', type: 'text' })
  pairingKey: string;

  @Column({ name: 'source_format', type: 'text' })
  sourceFormat: string;

  @Column({ type: 'text' })
  channel: Channel;

  /** 収納代行 */
  @Column({ name: 'provider_code', type: 'text', nullable: true })
  providerCode: string | null;

  @Column({ name: 'cvs_code', type: 'varchar', length: 3, nullable: true })
  cvsCode: string | null;

  @Column({ name: 'store_code', type: 'text', nullable: true })
  storeCode: string | null;

  /** 納付番号 as the payment carried it, valid or not. */
  @Column({ name: 'bill_number', type: 'text', nullable: true })
  billNumber: string | null;

  @Column({ name: 'reference_valid', type: 'boolean' })
  referenceValid: boolean;

  @Column({ name: 'category_code', type: 'varchar', length: 2, nullable: true })
  categoryCode: string | null;

  @Column({ name: 'payment_ref', type: 'text', nullable: true })
  paymentRef: string | null;

  /** 納付日 (Tokyo). */
  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  @Column({ name: 'paid_time', type: 'time', nullable: true })
  paidTime: string | null;

  @Column({ type: 'bigint' })
  amount: number;

  @Column({ name: 'fee_amount', type: 'bigint', nullable: true })
  feeAmount: number | null;

  /** eLTAX 納付手段区分 */
  @Column({ name: 'means_code', type: 'text', nullable: true })
  meansCode: string | null;

  /** 振込予定日 */
  @Column({ name: 'deposit_due_on', type: 'date', nullable: true })
  depositDueOn: string | null;

  /** 収入日: the day the money reaches the city's account as its file schedules it (formats.md). */
  @Column({ name: 'income_on', type: 'date', nullable: true })
  incomeOn: string | null;

  /** The 収入日 of the 取消 that took the money back (its payout is lowered that day). */
  @Column({ name: 'cancelled_income_on', type: 'date', nullable: true })
  cancelledIncomeOn: string | null;

  @Column({ type: 'text' })
  state: PaymentState;

  @Column({ name: 'has_preliminary', type: 'boolean' })
  hasPreliminary: boolean;

  @Column({ name: 'has_final', type: 'boolean' })
  hasFinal: boolean;

  @Column({ name: 'expects_preliminary', type: 'boolean' })
  expectsPreliminary: boolean;

  /** 預金者名 etc. as the provider sent it, masked: first character + ＊. */
  @Column({ name: 'payer_name_masked', type: 'text', nullable: true })
  payerNameMasked: string | null;

  @Column({ name: 'first_batch_id', type: 'bigint' })
  firstBatchId: number;

  @Column({ name: 'first_line_no', type: 'integer' })
  firstLineNo: number;

  @Column({ name: 'last_batch_id', type: 'bigint' })
  lastBatchId: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
