import { Column, Entity } from 'typeorm';
import { MunicipalityRow } from '../database/municipality-row';
import type { PaymentEventKind, SettlementState } from '../common/codes';

/**
 * 収納イベント: what happened to a payment, in the order recorded — its 速報, 確報 and 取消 as the loaders
 * merged them, and each decision (a resolution taking effect, matching re-deciding it). Append-only; the
 * 収納結果 sent to business systems are these rows (contract.md "export results").
 */
@Entity({ name: 'payment_event' })
export class PaymentEvent extends MunicipalityRow {
  @Column({ name: 'payment_id', type: 'bigint' })
  paymentId: number;

  @Column({ type: 'text' })
  kind: PaymentEventKind;

  /** The 消込状態 a decision led to (decisions only; load events show what matching decided when sent). */
  @Column({ name: 'settlement_state', type: 'text', nullable: true })
  settlementState: SettlementState | null;

  /** The payment's amount when recorded (a 取消 is sent negative). */
  @Column({ type: 'bigint' })
  amount: number;

  @Column({ name: 'batch_id', type: 'bigint', nullable: true })
  batchId: number | null;

  @Column({ name: 'resolution_id', type: 'bigint', nullable: true })
  resolutionId: number | null;

  /** The bill a decision concerns when not the payment's own (手動消込 to a bill, the bill a 充当 fed). */
  @Column({ name: 'bill_id', type: 'bigint', nullable: true })
  billId: number | null;

  /** The business day it was recorded: the file's arrival day for load events, the Tokyo day for decisions. */
  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
