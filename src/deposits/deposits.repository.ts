import { Injectable } from '@nestjs/common';
import type { ExceptionStatus } from '../common/codes';
import { Database } from '../database/database';
import type { MachineTransitionRow } from '../exceptions/machine-transitions';
import type { Queryable } from '../database/queryable';
import { PAYER_NAME_PREFIX } from './payer-name';

/** A payout source's terms: whose collections, paid by whom, with what fees, when, and who set them. */
interface PayoutSourceTerms {
  format: string;
  providerCode: string;
  payerName: string;
  fees: 'gross' | 'net';
  feePerItem: number;
  feeRate: number;
  toleranceDays: number;
  lagDays: number;
  updatedBy: string;
}

/** A payout source as the CLI, the API and the admin screen show it. */
export interface PayoutSourceRow extends PayoutSourceTerms {
  id: number;
  updatedAt: string;
}

export interface PayoutSourceValues extends PayoutSourceTerms {
  municipalityCode: string;
  payerNameFolded: string;
}

/** One line of the deposits list (contract.md `deposits --json`, plus what the screen needs). */
export interface PayoutStatusRow {
  format: string;
  provider: string;
  dueOn: string | null;
  expectedCount: number | null;
  grossAmount: number | null;
  feeAmount: number | null;
  expectedAmount: number | null;
  arrivedOn: string | null;
  arrivedAmount: number | null;
  status: 'pending' | 'matched' | 'late' | 'mismatch' | 'missing' | 'unexpected';
  referenceNo: string | null;
  statementEntryId: number | null;
  payerName: string | null;
  fileName: string | null;
}

/** A payment behind an expected payout: its part (negative for a 取消 taken back that day) and its file. */
export interface PaymentBehindRow {
  paymentId: number;
  billNumber: string | null;
  paymentRef: string | null;
  paidOn: string;
  amount: number;
  fileName: string;
  cancellation: boolean;
}

/** 入金照合 at a glance, for the dashboard tile. */
export interface DepositSummaryRow {
  coveredTo: string | null;
  missingCount: number;
  missingAmount: number;
  shortCount: number;
  shortAmount: number;
  unexpectedCount: number;
  openExceptions: number;
  /** 収納済・未払込: counter cash received and not yet seen paid in (yen, counter days, the earliest day). */
  counterCashNotDeposited: { amount: number; days: number; since: string | null };
}

/** The city's account over a month (statements) beside the month's expected payouts (payout_status); yen. */
export interface MonthLedgerRow {
  bankCode: string;
  branchCode: string;
  accountNo: string;
  accountName: string;
  /** The statement the closing balance is read from, and the 勘定日 it covers. */
  fileName: string;
  coveredFrom: string;
  coveredTo: string;
  /** The last day the closing balance speaks for: the month's end, or the statement's last 勘定日 before it. */
  asOf: string;
  closingBalance: number;
  /** The first day the statements speak for in the month; the balance before it. */
  openingOn: string;
  openingBalance: number;
  /** 入金 booked in [openingOn, asOf]: payouts of a 収入日 before the month, and what is no payout at all. */
  earlierPayouts: number;
  otherCredits: number;
  /** 出金 booked in [openingOn, asOf]. */
  debits: number;
  /** The month's expected payouts: gross, fees withheld, expected but not arrived by asOf, arrived − expected. */
  dueGross: number;
  dueFees: number;
  dueNotArrived: number;
  dueArrivedOff: number;
}

/** A window per 収入日 and payout source terms: [from, to] are the 勘定日 on which the payout is on time. */
export interface PayoutWindow {
  dueOn: string;
  toleranceDays: number;
  counter: boolean;
  from: string;
  to: string;
}

const YEN = `'FM999,999,999,999,990'`;
const LIVE = `x.status IN ('open', 'in_review')`;
/** The deposit exception a payout status raises: counter cash has its own type (金銭出納員's 払込). */
const EXCEPTION_TYPE = `CASE WHEN ps.status = 'unexpected' THEN 'unexpected_deposit'
                             WHEN ps.format = 'city-cash' THEN 'cash_not_deposited'
                             WHEN ps.status = 'missing' THEN 'deposit_missing' ELSE 'deposit_amount_mismatch' END`;
/**
 * The deposit flags the outcome still calls for, keyed as their exceptions are: type, payout and (but for a missing
 * payout) the 入金. Compared by plain equality, so that the closing of thousands of flags is one hash anti-join.
 */
const STILL_FLAGGED = `still_flagged AS MATERIALIZED (
  SELECT ${EXCEPTION_TYPE} AS type, ps.format, ps.provider_code, coalesce(ps.due_on, DATE '0001-01-01') AS due_on,
         CASE WHEN ps.status = 'missing' THEN 0 ELSE ps.statement_entry_id END AS entry_id
    FROM payout_status ps
   WHERE ps.municipality_code = $1 AND ps.status IN ('missing', 'mismatch', 'unexpected'))`;
const SAME_FLAG = `f.type = x.type AND f.format = x.payout_format AND f.provider_code = x.payout_provider
  AND f.due_on = coalesce(x.payout_due_on, DATE '0001-01-01') AND f.entry_id = coalesce(x.statement_entry_id, 0)`;
/** Whether a statement's folded 振込依頼人名 is a payout source's: equal, or a long enough prefix either way. */
const NAME_MATCHES = `(s.payer_name_folded = e.payer_name_folded
   OR (least(length(s.payer_name_folded), length(e.payer_name_folded)) >= ${PAYER_NAME_PREFIX}
       AND (starts_with(s.payer_name_folded, e.payer_name_folded) OR starts_with(e.payer_name_folded, s.payer_name_folded))))`;
/** Candidate pairs not yet taken, on either side. */
const UNPAIRED = `NOT EXISTS (SELECT 1 FROM dep_pair p WHERE p.expected_id = x.id)
   AND NOT EXISTS (SELECT 1 FROM dep_pair p WHERE p.entry_id = c.entry_id)`;

/**
 * The deposits reconciliation's SQL: payout sources, the statements' clock, the three-way pairing (expected payout
 * × 入金 of its payout source), the outcome table and the deposit exceptions. An expected payout is the view
 * `expected_payout` (migration CreateDepositReconciliation), never re-derived here. Every statement is set-based: a
 * run is a fixed number of statements whatever the size of the statements, each pairing pass repeated only while
 * it still pairs something.
 *
 * A run's working sets are temporary tables dropped at commit: `dep_credit` (入金 of a payout source), `dep_expected`
 * (expected payouts with their on-time window), `dep_pair` and `dep_transition` (flags the machine closed).
 */
@Injectable()
export class DepositsRepository {
  constructor(private readonly db: Database) {}

  // ---------------------------------------------------------------- payout sources

  payoutSources(m: string): Promise<PayoutSourceRow[]> {
    return this.db.dataSource.query(
      `SELECT id, format, provider_code AS "providerCode", payer_name AS "payerName", fees, fee_per_item AS "feePerItem",
              fee_rate::float8 AS "feeRate", tolerance_days AS "toleranceDays", lag_days AS "lagDays",
              updated_by AS "updatedBy", tokyo_time(updated_at) AS "updatedAt"
         FROM payout_source WHERE municipality_code = $1 ORDER BY format, provider_code`,
      [m],
    );
  }

  /** Sets a payout source (insert or replace its terms); returns it as it was before (null when new) and after. */
  async upsertPayoutSource(q: Queryable, v: PayoutSourceValues): Promise<{ id: number; before: PayoutSourceRow | null }> {
    const [before]: PayoutSourceRow[] = await q.query(
      `SELECT id, format, provider_code AS "providerCode", payer_name AS "payerName", fees, fee_per_item AS "feePerItem",
              fee_rate::float8 AS "feeRate", tolerance_days AS "toleranceDays", lag_days AS "lagDays",
              updated_by AS "updatedBy", tokyo_time(updated_at) AS "updatedAt"
         FROM payout_source WHERE municipality_code = $1 AND format = $2 AND provider_code = $3 FOR UPDATE`,
      [v.municipalityCode, v.format, v.providerCode],
    );
    const [row]: { id: number }[] = await q.query(
      `INSERT INTO payout_source (municipality_code, format, provider_code, payer_name, payer_name_folded, fees, fee_per_item,
                                  fee_rate, tolerance_days, lag_days, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (municipality_code, format, provider_code) DO UPDATE SET
         payer_name = EXCLUDED.payer_name, payer_name_folded = EXCLUDED.payer_name_folded, fees = EXCLUDED.fees,
         fee_per_item = EXCLUDED.fee_per_item, fee_rate = EXCLUDED.fee_rate, tolerance_days = EXCLUDED.tolerance_days,
         lag_days = EXCLUDED.lag_days, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING id`,
      [
        v.municipalityCode,
        v.format,
        v.providerCode,
        v.payerName,
        v.payerNameFolded,
        v.fees,
        v.feePerItem,
        v.feeRate,
        v.toleranceDays,
        v.lagDays,
        v.updatedBy,
      ],
    );
    return { id: row.id, before: before ?? null };
  }

  // ---------------------------------------------------------------- a reconciliation run

  /** One run at a time, on fresh statistics, with an empty list of machine transitions. */
  async startRun(q: Queryable): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('keshikomi.deposits'))`);
    await q.query(`ANALYZE statement_entry, bank_statement`);
    await q.query(
      `CREATE TEMP TABLE dep_transition (seq serial, exception_id bigint, municipality_code char(6), from_status text,
                                         reason text) ON COMMIT DROP`,
    );
  }

  /** The statements' clock: the first 勘定日 any covers and the last; nulls before the first statement. */
  async coverage(q: Queryable, m: string): Promise<{ first: string | null; last: string | null }> {
    const [row]: { first: string | null; last: string | null }[] = await q.query(
      `SELECT min(covered_from) AS first, max(covered_to) AS last FROM bank_statement WHERE municipality_code = $1`,
      [m],
    );
    return row;
  }

  /**
   * The distinct (収入日, tolerance, counter?) of the expected payouts that have a payout source: their windows are
   * computed by the calendar.
   */
  windowKeys(q: Queryable, m: string): Promise<{ dueOn: string; toleranceDays: number; counter: boolean }[]> {
    return q.query(
      `SELECT DISTINCT x.due_on AS "dueOn", s.tolerance_days AS "toleranceDays", x.format = 'city-cash' AS counter
         FROM expected_payout x JOIN payout_source s ON s.id = x.payout_source_id
        WHERE x.municipality_code = $1
        ORDER BY 1, 2, 3`,
      [m],
    );
  }

  /**
   * The working sets: each 入金 of a payout source (by its folded 振込依頼人名; counter cash also as a cash credit,
   * 取引区分 10, with no name), and each expected payout with a payout source and its on-time window. A payout of
   * nothing or less (a day of 取消 only) expects no 入金: the provider sets it off against a later payout.
   */
  async stageRun(q: Queryable, m: string, windows: PayoutWindow[]): Promise<void> {
    // The same folded name first (one hash join); only the others are compared by prefix, the longest source first.
    await q.query(
      `CREATE TEMP TABLE dep_credit ON COMMIT DROP AS
       SELECT DISTINCT ON (e.id) e.id AS entry_id, s.id AS source_id, e.booked_on, e.amount, true AS named
         FROM statement_entry e
         JOIN payout_source s ON s.municipality_code = e.municipality_code AND s.payer_name_folded = e.payer_name_folded
        WHERE e.municipality_code = $1 AND e.direction = 'credit' AND e.payer_name_folded <> ''
        ORDER BY e.id, s.id`,
      [m],
    );
    await q.query(`CREATE UNIQUE INDEX ON dep_credit (entry_id)`);
    await q.query(`ANALYZE dep_credit`);
    await q.query(
      `WITH unnamed AS MATERIALIZED (
         SELECT e.id, e.municipality_code, e.booked_on, e.amount, e.payer_name_folded
           FROM statement_entry e
          WHERE e.municipality_code = $1 AND e.direction = 'credit' AND length(e.payer_name_folded) >= ${PAYER_NAME_PREFIX}
            AND NOT EXISTS (SELECT 1 FROM dep_credit c WHERE c.entry_id = e.id))
       INSERT INTO dep_credit (entry_id, source_id, booked_on, amount, named)
       SELECT DISTINCT ON (e.id) e.id, s.id, e.booked_on, e.amount, true
         FROM unnamed e
         JOIN payout_source s ON s.municipality_code = e.municipality_code AND ${NAME_MATCHES}
        ORDER BY e.id, length(s.payer_name_folded) DESC, s.id`,
      [m],
    );
    await q.query(
      `INSERT INTO dep_credit (entry_id, source_id, booked_on, amount, named)
       SELECT e.id, s.id, e.booked_on, e.amount, false
         FROM statement_entry e
         JOIN payout_source s ON s.municipality_code = e.municipality_code AND s.format = 'city-cash' AND s.provider_code = 'counter'
        WHERE e.municipality_code = $1 AND e.direction = 'credit' AND e.transaction_code = '10' AND e.payer_name_folded = ''`,
      [m],
    );
    await q.query(`CREATE INDEX ON dep_credit (source_id, amount, booked_on)`);
    await q.query(
      `CREATE TEMP TABLE dep_expected ON COMMIT DROP AS
       SELECT row_number() OVER (ORDER BY x.format, x.provider_code, x.due_on)::int AS id, x.payout_source_id, x.format,
              x.provider_code, x.due_on, x.expected_count, x.gross_amount, x.fee_amount, x.expected_amount,
              w.window_from, w.window_to
         FROM expected_payout x
         JOIN payout_source s ON s.id = x.payout_source_id
         JOIN unnest($2::date[], $3::int[], $4::boolean[], $5::date[], $6::date[])
              AS w(due_on, tolerance_days, counter, window_from, window_to)
           ON w.due_on = x.due_on AND w.tolerance_days = s.tolerance_days AND w.counter = (x.format = 'city-cash')
        WHERE x.municipality_code = $1 AND x.expected_amount > 0`,
      [
        m,
        windows.map((w) => w.dueOn),
        windows.map((w) => w.toleranceDays),
        windows.map((w) => w.counter),
        windows.map((w) => w.from),
        windows.map((w) => w.to),
      ],
    );
    await q.query(`CREATE INDEX ON dep_expected (payout_source_id, expected_amount)`);
    await q.query(`CREATE TEMP TABLE dep_pair (expected_id int PRIMARY KEY, entry_id bigint UNIQUE, rule text) ON COMMIT DROP`);
    await q.query(`ANALYZE dep_credit, dep_expected`);
  }

  /** 紐付け: the 入金 a person linked to a missing payout (an applied `link_deposit`) pays it, whatever its amount or day. */
  async pairLinked(q: Queryable, m: string): Promise<number> {
    return this.count(
      q,
      `INSERT INTO dep_pair (expected_id, entry_id, rule)
       SELECT DISTINCT ON (x.id) x.id, r.target_statement_entry_id, 'linked'
         FROM resolution r
         JOIN recon_exception ex ON ex.id = r.exception_id
         JOIN dep_expected x ON x.format = ex.payout_format AND x.provider_code = ex.payout_provider AND x.due_on = ex.payout_due_on
        WHERE r.municipality_code = $1 AND r.action = 'link_deposit' AND r.status = 'applied'
        ORDER BY x.id, r.id DESC
       ON CONFLICT DO NOTHING
       RETURNING 1`,
      [m],
    );
  }

  /**
   * One pass of pairing: each expected payout with its best candidate 入金 and each 入金 with its best candidate
   * payout; the pairs where both choose each other are taken. The caller repeats a pass while it pairs anything.
   * - `on_time`: the amount expected, on a 勘定日 in the window (earliest first);
   * - `late`: the amount expected, after the window (the earliest after it; the 入金 takes the latest payout before it);
   * - `amount`: another amount in the window (the nearest day, then the smallest difference).
   */
  async pairPass(q: Queryable, rule: 'on_time' | 'late' | 'amount'): Promise<number> {
    const pass = {
      on_time: {
        where: `c.amount = x.expected_amount AND c.booked_on BETWEEN x.window_from AND x.window_to`,
        forExpected: `booked_on, entry_id`,
        forCredit: `due_on, expected_id`,
      },
      late: {
        where: `c.amount = x.expected_amount AND c.booked_on > x.window_to`,
        forExpected: `booked_on, entry_id`,
        forCredit: `due_on DESC, expected_id`,
      },
      amount: {
        where: `c.amount <> x.expected_amount AND c.booked_on BETWEEN x.window_from AND x.window_to`,
        forExpected: `booked_on, abs(amount - expected_amount), entry_id`,
        forCredit: `abs(amount - expected_amount), due_on, expected_id`,
      },
    }[rule];
    const [row]: { n: number }[] = await q.query(
      `WITH cand AS (
         SELECT x.id AS expected_id, c.entry_id, x.due_on, x.expected_amount, c.booked_on, c.amount
           FROM dep_expected x JOIN dep_credit c ON c.source_id = x.payout_source_id
          WHERE ${pass.where} AND ${UNPAIRED}),
       for_expected AS (
         SELECT DISTINCT ON (expected_id) expected_id, entry_id FROM cand ORDER BY expected_id, ${pass.forExpected}),
       for_credit AS (
         SELECT DISTINCT ON (entry_id) entry_id, expected_id FROM cand ORDER BY entry_id, ${pass.forCredit}),
       paired AS (
         INSERT INTO dep_pair (expected_id, entry_id, rule)
         SELECT e.expected_id, e.entry_id, $1 FROM for_expected e JOIN for_credit c USING (expected_id, entry_id)
         ON CONFLICT DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM paired`,
      [rule],
    );
    return row.n;
  }

  /**
   * The outcome, rewritten whole: every expected payout from the first statement's coverage on (earlier ones no
   * statement can speak for), paired or not, and every 入金 of a payout source by name that nothing explains.
   * The clock is the statements': unpaid is `pending` while the window ends after the last 勘定日, `missing` after.
   */
  async writeStatuses(q: Queryable, m: string, first: string, last: string): Promise<void> {
    await q.query(`DELETE FROM payout_status WHERE municipality_code = $1`, [m]);
    await q.query(
      `INSERT INTO payout_status (municipality_code, payout_source_id, format, provider_code, due_on, expected_count, gross_amount,
                                  fee_amount, expected_amount, statement_entry_id, arrived_on, arrived_amount, status, rule)
       SELECT $1, x.payout_source_id, x.format, x.provider_code, x.due_on, x.expected_count, x.gross_amount, x.fee_amount,
              x.expected_amount, e.id, e.booked_on, e.amount,
              CASE WHEN e.id IS NULL THEN CASE WHEN x.window_to > $3 THEN 'pending' ELSE 'missing' END
                   WHEN e.amount <> x.expected_amount THEN 'mismatch'
                   WHEN e.booked_on > x.window_to THEN 'late'
                   ELSE 'matched' END,
              coalesce(p.rule, 'unpaired')
         FROM dep_expected x
         LEFT JOIN dep_pair p ON p.expected_id = x.id
         LEFT JOIN statement_entry e ON e.id = p.entry_id
        WHERE x.window_to >= $2 OR p.entry_id IS NOT NULL
       UNION ALL
       SELECT $1, c.source_id, s.format, s.provider_code, NULL, NULL, NULL, NULL, NULL, c.entry_id, c.booked_on, c.amount,
              'unexpected', 'unpaired'
         FROM dep_credit c JOIN payout_source s ON s.id = c.source_id
        WHERE c.named AND NOT EXISTS (SELECT 1 FROM dep_pair p WHERE p.entry_id = c.entry_id)
        ORDER BY 5, 3, 4, 10`,
      [m, first, last],
    );
    // Rewritten whole: the flags' statements that follow need its fresh size, or they loop over it per flag.
    await q.query(`ANALYZE payout_status`);
  }

  /** How many outcomes of each status the run came to. */
  statusCounts(q: Queryable, m: string): Promise<{ status: string; n: number }[]> {
    return q.query(`SELECT status, count(*)::int AS n FROM payout_status WHERE municipality_code = $1 GROUP BY status ORDER BY status`, [
      m,
    ]);
  }

  /**
   * A deposit exception that no longer holds: its payout arrived in full (or was linked), its amount now agrees, its
   * 入金 is now explained. Closed along the life cycle's system edge only (untouched, no proposal waiting).
   */
  async closeSettledFlags(q: Queryable, m: string, machineEdgeFrom: readonly ExceptionStatus[]): Promise<void> {
    await q.query(
      `WITH ${STILL_FLAGGED},
       settled AS (
         SELECT x.id, x.status AS from_status,
                CASE x.type WHEN 'unexpected_deposit' THEN '対応する入金予定と照合済 / the deposit is now explained'
                            ELSE '入金を確認 / the payout arrived as expected' END AS reason
           FROM recon_exception x
          WHERE x.municipality_code = $1 AND ${LIVE}
            AND x.type IN ('deposit_missing', 'deposit_amount_mismatch', 'unexpected_deposit', 'cash_not_deposited')
            AND NOT EXISTS (SELECT 1 FROM still_flagged f WHERE ${SAME_FLAG})),
       moved AS (
         UPDATE recon_exception e SET status = 'resolved', resolved_by = 'system', resolution = s.reason, updated_at = now()
           FROM settled s
          WHERE e.id = s.id AND e.status = ANY($2::text[])
            AND NOT EXISTS (SELECT 1 FROM resolution r WHERE r.exception_id = e.id AND r.status = 'proposed')
         RETURNING e.id, e.municipality_code, s.from_status, s.reason)
       INSERT INTO dep_transition (exception_id, municipality_code, from_status, reason)
       SELECT id, municipality_code, from_status, reason FROM moved ORDER BY id`,
      [m, machineEdgeFrom],
    );
  }

  /**
   * A deposit exception for each missing or short payout, counter day not paid in, and unexplained 入金, raised once:
   * never again for the same payout and 入金 once it was raised (a person's decision stands). Its detail starts with
   * the payout's key, `format:provider:収入日:` (an unexpected 入金: `format:provider:`).
   */
  async raiseFlags(q: Queryable, m: string): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, payout_format, payout_provider, payout_due_on, statement_entry_id,
                                    expected_amount, paid_amount, detail)
       SELECT ps.municipality_code, ${EXCEPTION_TYPE}, ps.format, ps.provider_code, ps.due_on,
              CASE WHEN ps.status = 'missing' THEN NULL ELSE ps.statement_entry_id END, ps.expected_amount, ps.arrived_amount,
              ps.format || ':' || ps.provider_code || CASE
                WHEN ps.status = 'unexpected' THEN
                  ': ' || to_char(ps.arrived_on, 'YYYY-MM-DD') || ' の入金 ' || to_char(ps.arrived_amount, ${YEN}) || '円 (照会番号 '
                  || se.reference_no || ') に対応する入金予定がありません / no expected payout explains this deposit'
                ELSE
                  ':' || to_char(ps.due_on, 'YYYY-MM-DD') || ': 入金予定 ' || to_char(ps.expected_amount, ${YEN}) || '円 ('
                  || ps.expected_count || '件 ' || to_char(ps.gross_amount, ${YEN}) || '円 − 手数料 '
                  || to_char(ps.gross_amount - ps.expected_amount, ${YEN}) || '円): '
                  || CASE WHEN ps.status = 'missing' THEN '入金がありません / the payout did not arrive'
                          ELSE to_char(ps.arrived_on, 'YYYY-MM-DD') || ' 着金 ' || to_char(ps.arrived_amount, ${YEN}) || '円, 差額 '
                               || to_char(ps.arrived_amount - ps.expected_amount, 'FMS999,999,999,999,990') || '円 (照会番号 '
                               || se.reference_no || ') / the payout differs from the expected amount' END
              END
         FROM payout_status ps
         LEFT JOIN statement_entry se ON se.id = ps.statement_entry_id
        WHERE ps.municipality_code = $1 AND ps.status IN ('missing', 'mismatch', 'unexpected')
          AND NOT EXISTS (
            SELECT 1 FROM recon_exception x
             WHERE x.municipality_code = ps.municipality_code AND x.type = ${EXCEPTION_TYPE}
               AND x.payout_format = ps.format AND x.payout_provider = ps.provider_code
               AND coalesce(x.payout_due_on, DATE '0001-01-01') = coalesce(ps.due_on, DATE '0001-01-01')
               AND coalesce(x.statement_entry_id, 0) = CASE WHEN ps.status = 'missing' THEN 0 ELSE ps.statement_entry_id END)
        ORDER BY ps.due_on NULLS LAST, ps.format, ps.provider_code, ps.statement_entry_id`,
      [m],
    );
  }

  machineTransitions(q: Queryable): Promise<MachineTransitionRow[]> {
    return q.query(`SELECT exception_id, municipality_code, from_status, 'resolved' AS to_status, reason FROM dep_transition ORDER BY seq`);
  }

  // ---------------------------------------------------------------- reading the outcome

  /** The deposits list: outcomes whose 収入日 (an unexpected 入金: its 勘定日) lies in [from, to]. */
  statuses(m: string, from: string | null, to: string | null): Promise<PayoutStatusRow[]> {
    return this.db.dataSource.query(
      `SELECT ps.format, ps.provider_code AS provider, ps.due_on AS "dueOn", ps.expected_count AS "expectedCount",
              ps.gross_amount AS "grossAmount", ps.fee_amount AS "feeAmount", ps.expected_amount AS "expectedAmount",
              ps.arrived_on AS "arrivedOn", ps.arrived_amount AS "arrivedAmount", ps.status,
              se.reference_no AS "referenceNo", se.id AS "statementEntryId", se.payer_name AS "payerName", b.file_name AS "fileName"
         FROM payout_status ps
         LEFT JOIN statement_entry se ON se.id = ps.statement_entry_id
         LEFT JOIN import_batch b ON b.id = se.batch_id
        WHERE ps.municipality_code = $1
          AND ($2::date IS NULL OR coalesce(ps.due_on, ps.arrived_on) >= $2::date)
          AND ($3::date IS NULL OR coalesce(ps.due_on, ps.arrived_on) <= $3::date)
        ORDER BY coalesce(ps.due_on, ps.arrived_on), ps.format, ps.provider_code, ps.id`,
      [m, from, to],
    );
  }

  /** The payments behind one expected payout (view `payout_flow`): those due that day, and the 取消 taken back from it. */
  paymentsBehind(m: string, key: { format: string; provider: string; dueOn: string }): Promise<PaymentBehindRow[]> {
    return this.db.dataSource.query(
      `SELECT p.id AS "paymentId", p.bill_number AS "billNumber", p.payment_ref AS "paymentRef", p.paid_on AS "paidOn",
              f.amount, b.file_name AS "fileName", f.items = 0 AS cancellation
         FROM payout_flow f
         JOIN payment p ON p.id = f.payment_id
         JOIN import_batch b ON b.id = p.first_batch_id
        WHERE f.municipality_code = $1 AND f.format = $2 AND f.provider_code = $3 AND f.due_on = $4
        ORDER BY p.paid_on, p.id
        LIMIT 1000`,
      [m, key.format, key.provider, key.dueOn],
    );
  }

  /**
   * The dashboard's figures: payouts missing or short (open deposit exceptions and their yen), and counter cash
   * received but not yet seen paid in — each counter day from the first statement on whose 払込 no statement shows.
   */
  async summary(m: string): Promise<DepositSummaryRow> {
    const [row]: DepositSummaryRow[] = await this.db.dataSource.query(
      `SELECT (SELECT max(covered_to) FROM bank_statement WHERE municipality_code = $1) AS "coveredTo",
              count(*) FILTER (WHERE ps.status = 'missing' AND ps.format <> 'city-cash')::int AS "missingCount",
              coalesce(sum(ps.expected_amount) FILTER (WHERE ps.status = 'missing' AND ps.format <> 'city-cash'), 0)::bigint
                AS "missingAmount",
              count(*) FILTER (WHERE ps.status = 'mismatch' AND ps.format <> 'city-cash')::int AS "shortCount",
              coalesce(sum(ps.expected_amount - ps.arrived_amount)
                         FILTER (WHERE ps.status = 'mismatch' AND ps.format <> 'city-cash'), 0)::bigint
                AS "shortAmount",
              (SELECT count(*) FROM payout_status u WHERE u.municipality_code = $1 AND u.status = 'unexpected')::int AS "unexpectedCount",
              (SELECT count(*)::int FROM recon_exception x
                WHERE x.municipality_code = $1 AND x.status IN ('open', 'in_review')
                  AND x.type IN ('deposit_missing', 'deposit_amount_mismatch', 'unexpected_deposit', 'cash_not_deposited'))
                AS "openExceptions"
         FROM payout_status ps WHERE ps.municipality_code = $1`,
      [m],
    );
    const [cash]: { amount: number; days: number; since: string | null }[] = await this.db.dataSource.query(
      `SELECT coalesce(sum(x.gross_amount), 0)::bigint AS amount, count(*)::int AS days, min(x.due_on) AS since
         FROM expected_payout x
        WHERE x.municipality_code = $1 AND x.format = 'city-cash' AND x.gross_amount > 0
          AND x.due_on >= coalesce((SELECT min(covered_from) FROM bank_statement WHERE municipality_code = $1), '-infinity'::date)
          AND NOT EXISTS (SELECT 1 FROM payout_status ps
                           WHERE ps.municipality_code = x.municipality_code AND ps.format = x.format AND ps.provider_code = x.provider_code
                             AND ps.due_on = x.due_on AND ps.status IN ('matched', 'late', 'mismatch'))`,
      [m],
    );
    return { ...row, counterCashNotDeposited: cash };
  }

  /**
   * The city's account over a month, from the imported statements: the balance at the month's start (the statement
   * covering its first day, or else the first one in the month: before its first 勘定日) and at its end (the last
   * statement begun by then, read to its last 勘定日 in the month), the 出金 booked between and the 入金 that are a
   * payout of an earlier 収入日 or no payout at all, and the month's expected payouts
   * (payout_status, by 収入日) as they stood at the end: gross, fees withheld, not arrived by then, arrived off amount.
   * Null when no statement reaches into the month.
   */
  async monthLedger(m: string, from: string, to: string): Promise<MonthLedgerRow | null> {
    const [row]: MonthLedgerRow[] = await this.db.dataSource.query(
      `WITH closing AS (
         SELECT s.*, least(s.covered_to, $3::date) AS as_of
           FROM bank_statement s
          WHERE s.municipality_code = $1 AND s.covered_from <= $3 AND s.covered_to >= $2
          ORDER BY s.covered_from DESC, s.id DESC LIMIT 1),
       opening AS (
         SELECT s.*, greatest(s.covered_from, $2::date) AS opening_on
           FROM bank_statement s JOIN closing c USING (municipality_code, bank_code, branch_code, account_no)
          WHERE s.covered_from <= $3 AND s.covered_to >= $2
          ORDER BY s.covered_from <= $2 DESC, abs(s.covered_from - $2::date), s.id DESC LIMIT 1),
       account_entry AS (
         SELECT e.*, CASE e.direction WHEN 'credit' THEN e.amount ELSE -e.amount END AS signed
           FROM statement_entry e JOIN closing c USING (municipality_code, bank_code, branch_code, account_no)),
       month_entry AS (
         SELECT e.direction, e.amount, ps.due_on
           FROM account_entry e
           CROSS JOIN opening o CROSS JOIN closing c
           LEFT JOIN payout_status ps ON ps.statement_entry_id = e.id AND ps.status <> 'unexpected'
          WHERE e.booked_on BETWEEN o.opening_on AND c.as_of),
       due AS (
         SELECT coalesce(sum(ps.gross_amount), 0)::bigint AS gross,
                coalesce(sum(ps.gross_amount - ps.expected_amount), 0)::bigint AS fees,
                coalesce(sum(ps.expected_amount) FILTER (WHERE ps.arrived_on IS NULL OR ps.arrived_on > c.as_of), 0)::bigint AS not_arrived,
                coalesce(sum(ps.arrived_amount - ps.expected_amount) FILTER (WHERE ps.arrived_on <= c.as_of), 0)::bigint AS arrived_off
           FROM payout_status ps CROSS JOIN closing c
          WHERE ps.municipality_code = $1 AND ps.status <> 'unexpected' AND ps.due_on BETWEEN $2 AND $3)
       SELECT c.bank_code AS "bankCode", c.branch_code AS "branchCode", c.account_no AS "accountNo", c.account_name AS "accountName",
              b.file_name AS "fileName", c.covered_from AS "coveredFrom", c.covered_to AS "coveredTo", c.as_of AS "asOf",
              (c.opening_balance + coalesce((SELECT sum(e.signed) FROM account_entry e
                                               WHERE e.booked_on BETWEEN c.covered_from AND c.as_of), 0))::bigint AS "closingBalance",
              o.opening_on AS "openingOn",
              (o.opening_balance + coalesce((SELECT sum(e.signed) FROM account_entry e
                                               WHERE e.booked_on >= o.covered_from AND e.booked_on < o.opening_on), 0))::bigint
                AS "openingBalance",
              (SELECT coalesce(sum(amount) FILTER (WHERE direction = 'credit' AND due_on < $2), 0) FROM month_entry)::bigint
                AS "earlierPayouts",
              (SELECT coalesce(sum(amount) FILTER (WHERE direction = 'credit' AND due_on IS NULL), 0) FROM month_entry)::bigint
                AS "otherCredits",
              (SELECT coalesce(sum(amount) FILTER (WHERE direction = 'debit'), 0) FROM month_entry)::bigint AS debits,
              d.gross AS "dueGross", d.fees AS "dueFees", d.not_arrived AS "dueNotArrived", d.arrived_off AS "dueArrivedOff"
         FROM closing c
         JOIN opening o ON true
         JOIN import_batch b ON b.id = c.batch_id
         CROSS JOIN due d`,
      [m, from, to],
    );
    return row ?? null;
  }

  private async count(q: Queryable, insertReturning: string, params: unknown[]): Promise<number> {
    const [row]: { n: number }[] = await q.query(`WITH done AS (${insertReturning}) SELECT count(*)::int AS n FROM done`, params);
    return row.n;
  }
}
