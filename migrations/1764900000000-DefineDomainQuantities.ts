import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain quantities several features read, defined once here so that matching, the workflow, bills,
 * evidence, reconciliation and reports cannot drift apart (issue #8):
 *
 * - `standing_match`: an `apply` match that no `reversal` names (消込が有効な充当).
 * - `bill_balance`: a bill's 調定額, what matches applied (reversals included), what adjustments
 *   (端数処理・不納欠損) took off, and its open amount (未納額), never below zero.
 * - `closed_day`: a business day whose last 日次締め action is `close`.
 * - `tokyo_time(t)`: an instant as Tokyo wall-clock time with its offset, as the API shows every instant.
 *
 * Plain views and SQL functions: PostgreSQL inlines them, so a reader filtering by bill or day still uses
 * the indexes (match(bill_id), bill_adjustment(bill_id), uq_match_reverses).
 */
export class DefineDomainQuantities1764900000000 implements MigrationInterface {
  name = 'DefineDomainQuantities1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_bill_adjustment_bill ON bill_adjustment (bill_id)`);
    await q.query(`
      CREATE VIEW standing_match AS
      SELECT m.*
        FROM match m
       WHERE m.kind = 'apply'
         AND NOT EXISTS (SELECT 1 FROM match r WHERE r.reverses_match_id = m.id)`);
    await q.query(`
      CREATE VIEW bill_balance AS
      SELECT b.id AS bill_id, b.municipality_code, b.amount AS assessed,
             coalesce(m.applied, 0)::bigint AS applied,
             coalesce(a.adjusted, 0)::bigint AS adjusted,
             greatest(b.amount - coalesce(m.applied, 0) - coalesce(a.adjusted, 0), 0)::bigint AS open_amount
        FROM bill b
        LEFT JOIN LATERAL (SELECT sum(x.applied_amount) AS applied FROM match x WHERE x.bill_id = b.id) m ON true
        LEFT JOIN LATERAL (SELECT sum(x.amount) AS adjusted FROM bill_adjustment x WHERE x.bill_id = b.id) a ON true`);
    await q.query(`
      CREATE VIEW closed_day AS
      SELECT municipality_code, business_date
        FROM (SELECT DISTINCT ON (municipality_code, business_date) municipality_code, business_date, action
                FROM daily_close
               ORDER BY municipality_code, business_date, id DESC) last_action
       WHERE action = 'close'`);
    await q.query(`
      CREATE FUNCTION tokyo_time(at timestamptz) RETURNS text
        LANGUAGE sql STABLE PARALLEL SAFE
        RETURN to_char(at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION tokyo_time(timestamptz)`);
    await q.query(`DROP VIEW closed_day`);
    await q.query(`DROP VIEW bill_balance`);
    await q.query(`DROP VIEW standing_match`);
    await q.query(`DROP INDEX ix_bill_adjustment_bill`);
  }
}
