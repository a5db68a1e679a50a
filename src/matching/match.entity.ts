import { Column, Entity } from 'typeorm';
import { MunicipalityRow } from '../database/municipality-row';

/**
 * 消込: money of a payment applied to a bill. Append-only: undoing a match is a new `reversal` row
 * naming the match it reverses, never an update or a delete.
 */
@Entity({ name: 'match' })
export class Match extends MunicipalityRow {
  @Column({ name: 'payment_id', type: 'bigint' })
  paymentId: number;

  @Column({ name: 'bill_id', type: 'bigint' })
  billId: number;

  @Column({ type: 'text' })
  kind: 'apply' | 'reversal';

  @Column({ name: 'applied_amount', type: 'bigint' })
  appliedAmount: number;

  @Column({ name: 'reverses_match_id', type: 'bigint', nullable: true })
  reversesMatchId: number | null;

  /** Which rule made it, and why, in words staff read. */
  @Column({ type: 'text' })
  rule: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'created_by', type: 'text', default: () => "'system'" })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
