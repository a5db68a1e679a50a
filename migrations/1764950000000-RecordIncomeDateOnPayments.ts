import { MigrationInterface, QueryRunner } from 'typeorm';
import { addBusinessDays } from '../src/common/calendar';

/**
 * 収入日 on every payment (formats.md "収入日 and payout keys"): the day its money reaches the city's account
 * as the file schedules it. The books (収入日計表) run by it and the deposits reconciliation compares it with
 * the bank statement. `cancelled_income_on` is the day a 取消 takes its money back (a card 取消 lowers the
 * payout of its own 入金予定日).
 *
 * Payments loaded before this migration get theirs from what was kept: the file's 振込予定日/入金予定日/
 * 払込予定日 (konbini 確報, konbini-csv, eltax, credit-card), the 引落日 (zengin-furikae), the 受付日
 * (city-cash), the 払込日 read back from the kept raw line (bank-counter, whose parser did not keep it), and
 * the transaction day plus one business day, the default lag (qr-counter). A 取消's own date was not kept.
 */
export class RecordIncomeDateOnPayments1764950000000 implements MigrationInterface {
  name = 'RecordIncomeDateOnPayments1764950000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN income_on date, ADD COLUMN cancelled_income_on date`);
    await q.query(`
      UPDATE payment SET income_on = CASE source_format
               WHEN 'zengin-furikae' THEN paid_on
               WHEN 'city-cash' THEN paid_on
               ELSE deposit_due_on END
       WHERE source_format <> 'bank-counter' AND source_format <> 'qr-counter'`);
    // 払込日 is a column of the bank's CSV: found by name in the file's own header line.
    await q.query(`
      WITH line AS (
        SELECT p.id, b.line_encoding,
               string_to_array(convert_from(h.raw, CASE b.line_encoding WHEN 'cp932' THEN 'SJIS' ELSE 'UTF8' END), ',') AS header,
               string_to_array(encode(l.raw, 'escape'), ',') AS fields
          FROM payment p
          JOIN import_batch b ON b.id = p.first_batch_id
          JOIN import_line h ON h.batch_id = p.first_batch_id AND h.line_no = 1
          JOIN import_line l ON l.batch_id = p.first_batch_id AND l.line_no = p.first_line_no
         WHERE p.source_format = 'bank-counter')
      UPDATE payment p
         SET income_on = to_date(line.fields[array_position(line.header, '払込日')], 'YYYYMMDD'),
             deposit_due_on = to_date(line.fields[array_position(line.header, '払込日')], 'YYYYMMDD')
        FROM line
       WHERE p.id = line.id AND line.fields[array_position(line.header, '払込日')] ~ '^[0-9]{8}$'`);
    const days: { paid_on: string }[] = await q.query(
      `SELECT DISTINCT paid_on::text AS paid_on FROM payment WHERE source_format = 'qr-counter'`,
    );
    if (days.length) {
      await q.query(
        `UPDATE payment p SET income_on = d.income_on
           FROM unnest($1::date[], $2::date[]) AS d(paid_on, income_on)
          WHERE p.source_format = 'qr-counter' AND p.paid_on = d.paid_on`,
        [days.map((d) => d.paid_on), days.map((d) => addBusinessDays(d.paid_on, 1))],
      );
    }
    await q.query(`CREATE INDEX ix_payment_income_on ON payment (municipality_code, income_on)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_payment_income_on`);
    await q.query(`ALTER TABLE payment DROP COLUMN cancelled_income_on, DROP COLUMN income_on`);
  }
}
