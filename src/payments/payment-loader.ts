import type { BulkValue } from '../database/bulk-writer';
import { analyzeStage } from '../database/stage-statistics';
import type { PaymentRow } from '../imports/parsers/parser.types';
import { StagedRowLoader, StageTable } from '../imports/row-loader';
import { PaymentEventsRepository } from './payment-events.repository';

/**
 * Loads payment records: staged in bulk, folded by pairing key (a 速報, its 確報 and a 取消 are one
 * payment), then merged into `payment` with two set-based statements: update the payments already
 * known, insert the new ones.
 */
export class PaymentLoader extends StagedRowLoader<PaymentRow> {
  protected readonly stage: StageTable = {
    name: 'stage_payment',
    definition: `
      line_no integer NOT NULL, municipality_code char(6) NOT NULL, kind text NOT NULL, pairing_key text NOT NULL,
      channel text NOT NULL, provider_code text, cvs_code varchar(3), store_code text, bill_number text,
      reference_valid boolean NOT NULL, payment_ref text, paid_on date NOT NULL, paid_time time,
      amount bigint NOT NULL, fee_amount bigint, means_code text, deposit_due_on date, income_on date,
      expects_preliminary boolean NOT NULL, category_code varchar(2), result_code char(1), payer_name_masked text`,
    columns: [
      'line_no',
      'municipality_code',
      'kind',
      'pairing_key',
      'channel',
      'provider_code',
      'cvs_code',
      'store_code',
      'bill_number',
      'reference_valid',
      'payment_ref',
      'paid_on',
      'paid_time',
      'amount',
      'fee_amount',
      'means_code',
      'deposit_due_on',
      'income_on',
      'expects_preliminary',
      'category_code',
      'result_code',
      'payer_name_masked',
    ],
  };

  protected values(row: PaymentRow): BulkValue[] {
    return [
      row.municipalityCode,
      row.kind,
      row.pairingKey,
      row.channel,
      row.providerCode,
      row.cvsCode ?? null,
      row.storeCode ?? null,
      row.billNumber,
      row.referenceValid,
      row.paymentRef,
      row.paidOn,
      row.paidTime,
      row.amount,
      row.feeAmount ?? null,
      row.meansCode ?? null,
      row.depositDueOn,
      row.incomeOn,
      row.expectsPreliminary,
      row.categoryCode ?? null,
      row.resultCode ?? null,
      row.payerNameMasked ?? null,
    ];
  }

  async finish(): Promise<Record<string, number>> {
    await analyzeStage(this.into.runner, 'stage_payment');
    // 振替不能 records are kept and counted, but they are not payments.
    const [failed]: { count: number }[] = await this.into.runner.query(
      `WITH kept AS (
         INSERT INTO failed_debit (municipality_code, bill_number, reference_valid, debit_on, amount, result_code,
                                   provider_code, payer_name_masked, batch_id, line_no)
         SELECT municipality_code, bill_number, reference_valid, paid_on, amount, result_code, provider_code,
                payer_name_masked, $1, line_no
           FROM stage_payment WHERE kind = 'failed_debit' ORDER BY line_no
         RETURNING 1)
       SELECT count(*)::int AS count FROM kept`,
      [this.into.batchId],
    );
    // Ids follow the file's line order (arrival), the last tie-break when applying payments.
    // One row per payment: the values of its most authoritative record (訂正 > 確報 > 速報 > 取消, then the
    // last line). Found by hashing, not sorting a million wide rows: per pairing key, the smallest
    // (authority, -line) packed in one bigint names the record, which is then joined back by its line.
    await this.into.runner.query(`
      CREATE TEMP TABLE stage_payment_fold ON COMMIT DROP AS
      WITH folded AS (
        SELECT s.municipality_code, s.pairing_key,
               2147483647 - min(CASE s.kind WHEN 'correction' THEN 0 WHEN 'final' THEN 1 WHEN 'preliminary' THEN 2 ELSE 3 END
                                * 2147483648::bigint + (2147483647 - s.line_no)) % 2147483648 AS chosen_line_no,
               bool_or(s.kind = 'preliminary') AS has_preliminary,
               bool_or(s.kind IN ('final', 'correction')) AS has_final,
               bool_or(s.kind = 'cancel') AS has_cancel,
               bool_or(s.kind = 'correction') AS has_correction,
               min(s.line_no) AS first_line_no,
               max(s.income_on) FILTER (WHERE s.kind = 'cancel') AS cancel_income_on
          FROM stage_payment s
         WHERE s.kind <> 'failed_debit'
         GROUP BY s.municipality_code, s.pairing_key)
      SELECT s.*, f.has_preliminary, f.has_final, f.has_cancel, f.has_correction, f.first_line_no, f.cancel_income_on
        FROM folded f JOIN stage_payment s ON s.line_no = f.chosen_line_no`);
    await analyzeStage(this.into.runner, 'stage_payment_fold');
    const [updated]: { count: number }[] = await this.into.runner.query(
      `WITH changed AS (
       UPDATE payment p SET
         has_preliminary = p.has_preliminary OR f.has_preliminary,
         has_final = p.has_final OR f.has_final,
         state = CASE WHEN p.state = 'cancelled' OR f.has_cancel THEN 'cancelled'
                      WHEN p.has_final OR f.has_final THEN 'final' ELSE p.state END,
         amount = CASE WHEN f.has_correction THEN f.amount ELSE p.amount END,
         deposit_due_on = coalesce(CASE WHEN f.has_final THEN f.deposit_due_on END, p.deposit_due_on),
         income_on = coalesce(CASE WHEN f.has_final THEN f.income_on END, p.income_on),
         cancelled_income_on = coalesce(f.cancel_income_on, p.cancelled_income_on),
         last_batch_id = $1,
         updated_at = now()
       FROM stage_payment_fold f
       WHERE p.municipality_code = f.municipality_code AND p.pairing_key = f.pairing_key
       RETURNING 1)
       SELECT count(*)::int AS count FROM changed`,
      [this.into.batchId],
    );
    const [inserted]: { count: number }[] = await this.into.runner.query(
      `WITH created AS (
       INSERT INTO payment (municipality_code, pairing_key, source_format, channel, provider_code, cvs_code, store_code,
                            bill_number, reference_valid, category_code, payment_ref, paid_on, paid_time, amount,
                            fee_amount, means_code, deposit_due_on, income_on, cancelled_income_on, state, has_preliminary, has_final,
                            expects_preliminary, payer_name_masked, first_batch_id, first_line_no, last_batch_id)
       SELECT f.municipality_code, f.pairing_key, $2, f.channel, f.provider_code, f.cvs_code, f.store_code,
              f.bill_number, f.reference_valid,
              coalesce(f.category_code, CASE WHEN f.reference_valid THEN substr(f.bill_number, 1, 2) END),
              f.payment_ref, f.paid_on, f.paid_time, f.amount, f.fee_amount, f.means_code, f.deposit_due_on,
              CASE WHEN f.kind <> 'cancel' THEN f.income_on END, f.cancel_income_on,
              CASE WHEN f.has_cancel THEN 'cancelled' WHEN f.has_final THEN 'final' ELSE 'preliminary' END,
              f.has_preliminary, f.has_final, f.expects_preliminary, f.payer_name_masked, $1, f.first_line_no, $1
         FROM stage_payment_fold f
        WHERE NOT EXISTS (SELECT 1 FROM payment p
                           WHERE p.municipality_code = f.municipality_code AND p.pairing_key = f.pairing_key)
        ORDER BY f.first_line_no
       RETURNING 1)
       SELECT count(*)::int AS count FROM created`,
      [this.into.batchId, this.into.format],
    );
    await new PaymentEventsRepository().recordLoaded(this.into.runner, this.into.batchId);
    return { paymentsCreated: inserted.count, paymentsUpdated: updated.count, failedDebits: failed.count };
  }
}
