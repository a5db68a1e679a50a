import type { BulkValue } from '../database/bulk-writer';
import { analyzeStage } from '../database/stage-statistics';
import type { CounterReceiptRow } from '../imports/parsers/parser.types';
import { StagedRowLoader, StageTable } from '../imports/row-loader';
import { PaymentEventsRepository } from './payment-events.repository';

/**
 * Loads the counter register (窓口収納日計). Each row is the charge and its receipt at once: a cash
 * row becomes its own city_cash payment, settled by itself; a QR row waits for the provider's
 * transaction (matching pairs them by 取引番号). A void (取消区分 1) marks the row and cancels its
 * cash payment. A register row re-sent in a later file is the same row (受付番号 is its key).
 */
export class CounterReceiptLoader extends StagedRowLoader<CounterReceiptRow> {
  protected readonly stage: StageTable = {
    name: 'stage_receipt',
    definition: `
      line_no integer NOT NULL, municipality_code char(6) NOT NULL, receipt_no text NOT NULL,
      received_on date NOT NULL, received_time time NOT NULL, counter_code text NOT NULL,
      category_code varchar(2) NOT NULL, quantity integer NOT NULL, amount bigint NOT NULL, method text NOT NULL,
      qr_transaction_id text, voids boolean NOT NULL`,
    columns: [
      'line_no',
      'municipality_code',
      'receipt_no',
      'received_on',
      'received_time',
      'counter_code',
      'category_code',
      'quantity',
      'amount',
      'method',
      'qr_transaction_id',
      'voids',
    ],
  };

  protected values(row: CounterReceiptRow): BulkValue[] {
    return [
      row.municipalityCode,
      row.receiptNo,
      row.receivedOn,
      row.receivedTime,
      row.counterCode,
      row.categoryCode,
      row.quantity,
      row.amount,
      row.method,
      row.qrTransactionId,
      row.voids,
    ];
  }

  async finish(): Promise<Record<string, number>> {
    await analyzeStage(this.into.runner, 'stage_receipt');
    // The original row when the file has it, else the void row itself (its original came earlier or never).
    const [created]: { count: number }[] = await this.into.runner.query(
      `WITH ins AS (
         INSERT INTO counter_receipt (municipality_code, receipt_no, received_on, received_time, counter_code,
                                      category_code, quantity, amount, method, qr_transaction_id, voided, batch_id, line_no)
         SELECT DISTINCT ON (s.municipality_code, s.receipt_no)
                s.municipality_code, s.receipt_no, s.received_on, s.received_time, s.counter_code, s.category_code,
                s.quantity, s.amount, s.method, s.qr_transaction_id,
                bool_or(s.voids) OVER (PARTITION BY s.municipality_code, s.receipt_no), $1, s.line_no
           FROM stage_receipt s
          ORDER BY s.municipality_code, s.receipt_no, s.voids, s.line_no
         ON CONFLICT (municipality_code, receipt_no) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS count FROM ins`,
      [this.into.batchId],
    );
    const [voided]: { count: number }[] = await this.into.runner.query(
      `WITH upd AS (
         UPDATE counter_receipt r SET voided = true
          WHERE NOT r.voided
            AND EXISTS (SELECT 1 FROM stage_receipt s
                         WHERE s.voids AND s.municipality_code = r.municipality_code AND s.receipt_no = r.receipt_no)
         RETURNING 1)
       SELECT count(*)::int AS count FROM upd`,
    );
    await this.into.runner.query(
      `INSERT INTO payment (municipality_code, pairing_key, source_format, channel, provider_code, bill_number,
                            reference_valid, category_code, payment_ref, paid_on, paid_time, amount, income_on, state,
                            has_preliminary, has_final, expects_preliminary, first_batch_id, first_line_no, last_batch_id)
       SELECT r.municipality_code, 'register:' || r.receipt_no, 'city-cash', 'city_cash', 'register:' || r.counter_code,
              NULL, false, r.category_code, r.receipt_no, r.received_on, r.received_time, r.amount, r.received_on,
              CASE WHEN r.voided THEN 'cancelled' ELSE 'final' END, false, true, false, $1, r.line_no, $1
         FROM counter_receipt r
        WHERE r.method = 'cash' AND r.payment_id IS NULL
        ORDER BY r.id
       ON CONFLICT (municipality_code, pairing_key) DO NOTHING`,
      [this.into.batchId],
    );
    await this.into.runner.query(
      `UPDATE counter_receipt r SET payment_id = p.id
         FROM payment p
        WHERE r.method = 'cash' AND r.payment_id IS NULL
          AND p.municipality_code = r.municipality_code AND p.pairing_key = 'register:' || r.receipt_no`,
    );
    await this.into.runner.query(
      `UPDATE payment p SET state = 'cancelled', last_batch_id = $1, updated_at = now()
         FROM counter_receipt r
        WHERE r.payment_id = p.id AND r.method = 'cash' AND r.voided AND p.state <> 'cancelled'`,
      [this.into.batchId],
    );
    await new PaymentEventsRepository().recordLoaded(this.into.runner, this.into.batchId);
    return { registerRowsCreated: created.count, registerRowsVoided: voided.count };
  }
}
