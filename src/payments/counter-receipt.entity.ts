import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 窓口収納: one row of the city-hall counter register, both the charge and its receipt (随時収入).
 * A cash row settles itself (its city_cash payment); a QR row waits for the provider's transaction.
 */
@Entity({ name: 'counter_receipt' })
export class CounterReceipt {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  /** 受付番号 */
  @Column({ name: 'receipt_no', type: 'text' })
  receiptNo: string;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  @Column({ name: 'received_time', type: 'time' })
  receivedTime: string;

  /** 窓口コード */
  @Column({ name: 'counter_code', type: 'text' })
  counterCode: string;

  @Column({ name: 'category_code', type: 'varchar', length: 2 })
  categoryCode: string;

  /** 件数 */
  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'bigint' })
  amount: number;

  @Column({ type: 'text' })
  method: 'cash' | 'qr';

  /** QR取引番号: the provider's 取引番号. */
  @Column({ name: 'qr_transaction_id', type: 'text', nullable: true })
  qrTransactionId: string | null;

  @Column({ type: 'boolean', default: false })
  voided: boolean;

  /** The payment that settles it: its own city_cash payment, or the provider's QR transaction. */
  @Column({ name: 'payment_id', type: 'bigint', nullable: true })
  paymentId: number | null;

  @Column({ name: 'batch_id', type: 'bigint' })
  batchId: number;

  @Column({ name: 'line_no', type: 'integer' })
  lineNo: number;
}
