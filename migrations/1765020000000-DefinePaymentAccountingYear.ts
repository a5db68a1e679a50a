import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which fiscal year a payment counts in, defined once (domain.md "Which fiscal year", 自治令142条; issue #11):
 *
 * - `bill.accounting_year`: the bills file's optional 会計年度 (formats.md), null when the file does not give one.
 * - `fiscal_year_of(d)`: the 会計年度 a day falls in (April–March, named by the year it starts).
 * - `bill_fiscal_year(stated, due_date)`: a bill's fiscal year — its 会計年度 when stated, else that of its
 *   納期限 as printed (before any roll).
 * - `payment_fiscal_year(paid_on, bill_year)`: April–May payments count in the previous year only for that
 *   year's own bills (出納整理期間); every other payment — 滞納繰越分, no bill — by its 納付日.
 * - `year_class(bill_year, fiscal_year)`: `carried` (滞納繰越分) when the bill belongs to an earlier year than the
 *   one the payment counts in, else `current`.
 * - view `payment_accounting`: every payment with its bill's fiscal year, the year it counts in, its 年度区分, and
 *   `book_year`, the year whose 決算 takes it: the year it counts in, or its bill's year when it was paid before that
 *   year began (前納: the 調定 belongs to the later year, 自治令142条1項1号).
 *
 * src/common/calendar.ts has the TypeScript twins (billFiscalYear, attributedFiscalYear, yearClassOf);
 * test/books/fiscal-year.spec.ts holds the two to the same answers.
 */
export class DefinePaymentAccountingYear1765020000000 implements MigrationInterface {
  name = 'DefinePaymentAccountingYear1765020000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bill ADD COLUMN accounting_year integer CHECK (accounting_year BETWEEN 1989 AND 2999)`);
    await q.query(`
      CREATE FUNCTION fiscal_year_of(d date) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN extract(year FROM d)::int - CASE WHEN extract(month FROM d) < 4 THEN 1 ELSE 0 END`);
    await q.query(`
      CREATE FUNCTION bill_fiscal_year(stated integer, due_date date) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN coalesce(stated, fiscal_year_of(due_date))`);
    await q.query(`
      CREATE FUNCTION payment_fiscal_year(paid_on date, bill_year integer) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN fiscal_year_of(paid_on)
               - CASE WHEN extract(month FROM paid_on) IN (4, 5) AND bill_year = fiscal_year_of(paid_on) - 1 THEN 1 ELSE 0 END`);
    await q.query(`
      CREATE FUNCTION year_class(bill_year integer, fiscal_year integer) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN bill_year < fiscal_year THEN 'carried' ELSE 'current' END`);
    await q.query(`
      CREATE VIEW payment_accounting AS
      SELECT p.id AS payment_id, p.municipality_code, b.id AS bill_id,
             coalesce(p.category_code, b.category_code) AS category_code,
             y.bill_year, y.fiscal_year, year_class(y.bill_year, y.fiscal_year) AS year_class,
             greatest(y.fiscal_year, y.bill_year) AS book_year
        FROM payment p
        LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
        CROSS JOIN LATERAL (
          SELECT bill_fiscal_year(b.accounting_year, b.due_date) AS bill_year,
                 payment_fiscal_year(p.paid_on, bill_fiscal_year(b.accounting_year, b.due_date)) AS fiscal_year) y`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW payment_accounting`);
    await q.query(`DROP FUNCTION year_class(integer, integer)`);
    await q.query(`DROP FUNCTION payment_fiscal_year(date, integer)`);
    await q.query(`DROP FUNCTION bill_fiscal_year(integer, date)`);
    await q.query(`DROP FUNCTION fiscal_year_of(date)`);
    await q.query(`ALTER TABLE bill DROP COLUMN accounting_year`);
  }
}
