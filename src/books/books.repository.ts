import { Injectable } from '@nestjs/common';
import type { YearClass } from '../common/calendar';
import type { Channel } from '../common/codes';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { Queryable } from '../database/queryable';

/** One line of the 収入日計表 / 月計表: receipts of one 収入日 (or month) × 科目 × 年度区分 × channel. */
export interface JournalSums {
  period: string;
  fiscal_year: number;
  category: string | null;
  year_class: YearClass;
  channel: Channel;
  ledger: string | null;
  kan: string | null;
  kou: string | null;
  moku: string | null;
  setsu: string | null;
  count: number;
  amount: number;
}

/** What one imported file brought to a period's receipts (the day's total is tied to these). */
export interface JournalFileSums {
  batch_id: number;
  file_name: string;
  format: string;
  received_on: string;
  count: number;
  amount: number;
}

export interface CountAmount {
  count: number;
  amount: number;
}

/** One row of the 決算 before the identity: category × 年度区分, in yen. */
export interface SettlementSums {
  category: string | null;
  year_class: YearClass;
  assessed: number;
  collected: number;
  written_off: number;
  refund_unpaid: number;
  open_by_bills: number;
}

export interface RevenueAccountRow {
  category: string;
  category_name: string;
  year_class: YearClass;
  ledger: string;
  kan: string;
  kou: string;
  moku: string;
  setsu: string;
  updated_by: string;
  updated_at: string;
}

export interface RefundRow {
  resolution_id: number;
  exception_id: number;
  payment_id: number | null;
  bill_number: string | null;
  amount: number;
  decided_at: string;
  paid_on: string | null;
  recorded_by: string | null;
}

export interface OpenExceptionSums {
  type: string;
  count: number;
  paid_amount: number;
  expected_amount: number;
}

export interface ProcedureRow {
  code: string;
  name: string;
  category: string | null;
  channel: Channel | null;
  since: string | null;
}

/** The books' SQL (会計課の帳票): receipts by 収入日, the 決算, 歳入科目, refunds paid out, the 手続台帳. */
@Injectable()
export class BooksRepository {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  private get m(): string {
    return this.config.MUNICIPALITY_CODE;
  }

  /**
   * Received payments (cancelled ones out) whose 収入日 lies in [from, to], by 収入日 (`byMonth`: its month) × fiscal
   * year × 科目 × 年度区分 × channel, with the 歳入科目 of 科目 × 年度区分 (payment_accounting decides both).
   */
  journal(from: string, to: string, byMonth: boolean): Promise<JournalSums[]> {
    const period = byMonth ? `to_char(p.income_on, 'YYYY-MM')` : `p.income_on::text`;
    return this.db.dataSource.query(
      `SELECT ${period} AS period, a.fiscal_year, a.category_code AS category, a.year_class, p.channel,
              min(ra.ledger) AS ledger, min(ra.kan) AS kan, min(ra.kou) AS kou, min(ra.moku) AS moku, min(ra.setsu) AS setsu,
              count(*)::int AS count, sum(p.amount)::bigint AS amount
         FROM payment p
         JOIN payment_accounting a ON a.payment_id = p.id
         LEFT JOIN revenue_account ra
                ON ra.municipality_code = p.municipality_code AND ra.category_code = a.category_code AND ra.year_class = a.year_class
        WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND p.income_on BETWEEN $2 AND $3
        GROUP BY 1, a.fiscal_year, a.category_code, a.year_class, p.channel
        ORDER BY 1, a.fiscal_year, a.category_code NULLS LAST, a.year_class DESC, p.channel`,
      [this.m, from, to],
    );
  }

  /** The same receipts by the imported file that last brought each payment (the 確報 for a konbini payment). */
  journalFiles(from: string, to: string): Promise<JournalFileSums[]> {
    return this.db.dataSource.query(
      `SELECT b.id AS batch_id, b.file_name, b.format, b.received_on::text AS received_on,
              count(*)::int AS count, sum(p.amount)::bigint AS amount
         FROM payment p JOIN import_batch b ON b.id = p.last_batch_id
        WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND p.income_on BETWEEN $2 AND $3
        GROUP BY b.id ORDER BY b.id`,
      [this.m, from, to],
    );
  }

  /** Received payments of [from, to] (納付日) whose 収入日 is not known yet (a 速報 waiting for its 確報). */
  async journalPending(from: string, to: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.dataSource.query(
      `SELECT count(*)::int AS n FROM payment
        WHERE municipality_code = $1 AND state <> 'cancelled' AND income_on IS NULL AND paid_on BETWEEN $2 AND $3`,
      [this.m, from, to],
    );
    return row.n;
  }

  /** Receipts of the fiscal year by 収入日 up to `to` (月計表's 累計). */
  async cumulative(fiscalYear: number, to: string): Promise<CountAmount> {
    const [row]: CountAmount[] = await this.db.dataSource.query(
      `SELECT count(*)::int AS count, coalesce(sum(p.amount), 0)::bigint AS amount
         FROM payment p JOIN payment_accounting a ON a.payment_id = p.id
        WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND a.fiscal_year = $2
          AND p.income_on BETWEEN make_date($2, 4, 1) AND $3`,
      [this.m, fiscalYear, to],
    );
    return row;
  }

  /**
   * 決算 of a fiscal year by 科目 × 年度区分. Bills: 現年度分 those of the year (調定額 now: after 減額更正, 0 when 取消),
   * 滞納繰越分 those of earlier years at what was open when the year began (調定額 − what payments booked in earlier
   * years applied − earlier 不納欠損). Payments: those payment_accounting books in the year (`book_year`); a counter
   * payment with no 納付番号 is 随時収入 (調定と同時収納: assessed as received). 還付未済額: money received beyond what it
   * applied (過誤納, 二重納付, no bill) less refunds paid out by 出納閉鎖 (May 31). `open_by_bills` is 収入未済 counted
   * from the bills' side, for the identity check.
   */
  settlement(fiscalYear: number): Promise<SettlementSums[]> {
    return this.db.dataSource.query(
      `WITH applied AS (
         SELECT payment_id, sum(applied_amount) AS applied FROM match WHERE municipality_code = $1 GROUP BY payment_id
       ), refunded AS (
         SELECT e.payment_id, sum(rp.amount) AS refunded
           FROM refund_payment rp
           JOIN resolution r ON r.id = rp.resolution_id
           JOIN recon_exception e ON e.id = r.exception_id
          WHERE rp.municipality_code = $1 AND rp.paid_on <= make_date($2 + 1, 5, 31)
          GROUP BY e.payment_id
       ), received AS (
         SELECT a.category_code AS category, a.year_class,
                sum(p.amount) AS received,
                sum(p.amount) FILTER (WHERE p.bill_number IS NULL) AS self_assessed,
                sum(coalesce(rf.refunded, 0)) AS refunded,
                sum(greatest(p.amount - coalesce(ap.applied, 0) - coalesce(rf.refunded, 0), 0))
                  FILTER (WHERE p.bill_number IS NOT NULL) AS refund_unpaid
           FROM payment p
           JOIN payment_accounting a ON a.payment_id = p.id
           LEFT JOIN applied ap ON ap.payment_id = p.id
           LEFT JOIN refunded rf ON rf.payment_id = p.id
          WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND a.book_year = $2
          GROUP BY 1, 2
       ), bill_applied AS (
         SELECT m.bill_id,
                sum(m.applied_amount) FILTER (WHERE a.book_year < $2) AS before,
                sum(m.applied_amount) FILTER (WHERE a.book_year = $2) AS during
           FROM match m JOIN payment_accounting a ON a.payment_id = m.payment_id
          WHERE m.municipality_code = $1
          GROUP BY m.bill_id
       ), bill_written AS (
         SELECT x.bill_id,
                sum(x.amount) FILTER (WHERE fiscal_year_of((x.created_at AT TIME ZONE 'Asia/Tokyo')::date) < $2) AS before,
                sum(x.amount) FILTER (WHERE fiscal_year_of((x.created_at AT TIME ZONE 'Asia/Tokyo')::date) = $2) AS during
           FROM bill_adjustment x WHERE x.municipality_code = $1 AND x.kind = 'write_off'
          GROUP BY x.bill_id
       ), by_bill AS (
         SELECT b.category_code AS category, y.year_class,
                sum(y.assessed) AS assessed,
                sum(coalesce(bw.during, 0)) AS written_off,
                sum(y.assessed - coalesce(ba.during, 0) - coalesce(bw.during, 0)) AS open_by_bills
           FROM bill b
           LEFT JOIN bill_applied ba ON ba.bill_id = b.id
           LEFT JOIN bill_written bw ON bw.bill_id = b.id
           CROSS JOIN LATERAL (
             SELECT year_class(bill_fiscal_year(b.accounting_year, b.due_date), $2) AS year_class,
                    CASE WHEN b.status <> 'active' THEN 0
                         WHEN bill_fiscal_year(b.accounting_year, b.due_date) = $2 THEN b.amount
                         ELSE greatest(b.amount - coalesce(ba.before, 0) - coalesce(bw.before, 0), 0) END AS assessed) y
          WHERE b.municipality_code = $1 AND bill_fiscal_year(b.accounting_year, b.due_date) <= $2
          GROUP BY 1, 2
       )
       SELECT coalesce(bb.category, r.category) AS category, coalesce(bb.year_class, r.year_class) AS year_class,
              (coalesce(bb.assessed, 0) + coalesce(r.self_assessed, 0))::bigint AS assessed,
              (coalesce(r.received, 0) - coalesce(r.refunded, 0))::bigint AS collected,
              coalesce(bb.written_off, 0)::bigint AS written_off,
              coalesce(r.refund_unpaid, 0)::bigint AS refund_unpaid,
              coalesce(bb.open_by_bills, 0)::bigint AS open_by_bills
         FROM by_bill bb
         FULL JOIN received r ON r.category IS NOT DISTINCT FROM bb.category AND r.year_class = bb.year_class
        ORDER BY 1 NULLS LAST, 2 DESC`,
      [this.m, fiscalYear],
    );
  }

  revenueAccounts(): Promise<RevenueAccountRow[]> {
    return this.db.dataSource.query(
      `SELECT ra.category_code AS category, c.name AS category_name, ra.year_class, ra.ledger, ra.kan, ra.kou, ra.moku, ra.setsu,
              ra.updated_by, tokyo_time(ra.updated_at) AS updated_at
         FROM revenue_account ra
         JOIN revenue_category c ON c.municipality_code = ra.municipality_code AND c.code = ra.category_code
        WHERE ra.municipality_code = $1
        ORDER BY ra.category_code, ra.year_class DESC`,
      [this.m],
    );
  }

  async revenueAccount(q: Queryable, category: string, yearClass: YearClass): Promise<RevenueAccountRow | undefined> {
    const rows: RevenueAccountRow[] = await q.query(
      `SELECT category_code AS category, year_class, ledger, kan, kou, moku, setsu FROM revenue_account
        WHERE municipality_code = $1 AND category_code = $2 AND year_class = $3 FOR UPDATE`,
      [this.m, category, yearClass],
    );
    return rows[0];
  }

  async categoryExists(q: Queryable, category: string): Promise<boolean> {
    const rows: unknown[] = await q.query(`SELECT 1 FROM revenue_category WHERE municipality_code = $1 AND code = $2`, [this.m, category]);
    return rows.length > 0;
  }

  /** Sets one 歳入科目 (a new category gets its row here). */
  async saveRevenueAccount(
    q: Queryable,
    a: { category: string; yearClass: YearClass; ledger: string; kan: string; kou: string; moku: string; setsu: string; by: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO revenue_account (municipality_code, category_code, year_class, ledger, kan, kou, moku, setsu, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (municipality_code, category_code, year_class) DO UPDATE SET
         ledger = excluded.ledger, kan = excluded.kan, kou = excluded.kou, moku = excluded.moku, setsu = excluded.setsu,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [this.m, a.category, a.yearClass, a.ledger, a.kan, a.kou, a.moku, a.setsu, a.by],
    );
  }

  private readonly refundSelect = `
    SELECT r.id AS resolution_id, r.exception_id, e.payment_id, p.bill_number, r.amount, tokyo_time(r.decided_at) AS decided_at,
           rp.paid_on::text AS paid_on, rp.recorded_by
      FROM resolution r
      JOIN recon_exception e ON e.id = r.exception_id
      LEFT JOIN payment p ON p.id = e.payment_id
      LEFT JOIN refund_payment rp ON rp.resolution_id = r.id
     WHERE r.municipality_code = $1 AND r.action = 'refund' AND r.status = 'applied'`;

  /** Decided refunds (applied `refund` resolutions), with their payout once recorded; unpaid first. */
  refunds(): Promise<RefundRow[]> {
    return this.db.dataSource.query(`${this.refundSelect} ORDER BY rp.paid_on NULLS FIRST, r.id`, [this.m]);
  }

  /** Refunds paid out (支出) in [from, to]: count and yen. */
  async refundsPaid(from: string, to: string): Promise<{ count: number; amount: number }> {
    const [row]: { count: number; amount: number }[] = await this.db.dataSource.query(
      `SELECT count(*)::int AS count, coalesce(sum(amount), 0)::bigint AS amount
         FROM refund_payment WHERE municipality_code = $1 AND paid_on BETWEEN $2 AND $3`,
      [this.m, from, to],
    );
    return row;
  }

  async refund(q: Queryable, resolutionId: number): Promise<RefundRow | undefined> {
    const rows: RefundRow[] = await q.query(`${this.refundSelect} AND r.id = $2 FOR UPDATE OF r`, [this.m, resolutionId]);
    return rows[0];
  }

  async recordRefundPayment(q: Queryable, p: { resolutionId: number; paidOn: string; amount: number; by: string }): Promise<void> {
    await q.query(
      `INSERT INTO refund_payment (municipality_code, resolution_id, paid_on, amount, recorded_by) VALUES ($1, $2, $3, $4, $5)`,
      [this.m, p.resolutionId, p.paidOn, p.amount, p.by],
    );
  }

  /**
   * Exceptions still open or in review now whose payment was made by `until` (a file's own exception: raised by
   * then), by type, with the amounts they hold.
   */
  openExceptions(until: string): Promise<OpenExceptionSums[]> {
    return this.db.dataSource.query(
      `SELECT e.type, count(*)::int AS count, coalesce(sum(e.paid_amount), 0)::bigint AS paid_amount,
              coalesce(sum(e.expected_amount), 0)::bigint AS expected_amount
         FROM recon_exception e LEFT JOIN payment p ON p.id = e.payment_id
        WHERE e.municipality_code = $1 AND e.status IN ('open', 'in_review')
          AND coalesce(p.paid_on, (e.created_at AT TIME ZONE 'Asia/Tokyo')::date) <= $2
        GROUP BY e.type ORDER BY e.type`,
      [this.m, until],
    );
  }

  async procedure(q: Queryable, code: string): Promise<{ name: string; category: string | null; channels: unknown } | undefined> {
    const rows: { name: string; category: string | null; channels: unknown }[] = await q.query(
      `SELECT p.name, p.category_code AS category,
              coalesce((SELECT json_agg(json_build_object('channel', c.channel, 'since', c.accepted_since::text) ORDER BY c.channel)
                          FROM procedure_channel c
                         WHERE c.municipality_code = p.municipality_code AND c.procedure_code = p.code), '[]') AS channels
         FROM procedure_ledger p WHERE p.municipality_code = $1 AND p.code = $2 FOR UPDATE`,
      [this.m, code],
    );
    return rows[0];
  }

  /** Sets a procedure of the 手続台帳 and replaces the channels it accepts. */
  async saveProcedure(
    q: Queryable,
    p: { code: string; name: string; category: string | null; channels: { channel: Channel; since: string }[] },
  ): Promise<void> {
    await q.query(
      `INSERT INTO procedure_ledger (municipality_code, code, name, category_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (municipality_code, code) DO UPDATE SET name = excluded.name, category_code = excluded.category_code`,
      [this.m, p.code, p.name, p.category],
    );
    await q.query(`DELETE FROM procedure_channel WHERE municipality_code = $1 AND procedure_code = $2`, [this.m, p.code]);
    await q.query(
      `INSERT INTO procedure_channel (municipality_code, procedure_code, channel, accepted_since)
       SELECT $1, $2, c.channel, c.since FROM unnest($3::text[], $4::date[]) AS c(channel, since)`,
      [this.m, p.code, p.channels.map((c) => c.channel), p.channels.map((c) => c.since)],
    );
  }

  /** The 手続台帳: each procedure with each channel it accepts (one row per channel; none: channel null). */
  procedures(): Promise<ProcedureRow[]> {
    return this.db.dataSource.query(
      `SELECT p.code, p.name, p.category_code AS category, c.channel, c.accepted_since::text AS since
         FROM procedure_ledger p
         LEFT JOIN procedure_channel c ON c.municipality_code = p.municipality_code AND c.procedure_code = p.code
        WHERE p.municipality_code = $1
        ORDER BY p.code, c.accepted_since, c.channel`,
      [this.m],
    );
  }
}
