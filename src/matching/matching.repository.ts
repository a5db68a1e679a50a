import { Injectable } from '@nestjs/common';
import type { ExceptionStatus } from '../common/codes';
import { CHANNEL_LABELS } from '../common/labels';
import type { Queryable } from '../database/queryable';
import type { MachineTransitionRow } from '../exceptions/machine-transitions';

const YEN = `'FM999,999,999,999,990'`;
/** A channel's Japanese name in SQL, for the details staff read (the codes are constants, not input). */
const CHANNEL_LABEL_SQL = (column: string) =>
  `CASE ${column} ${Object.entries(CHANNEL_LABELS)
    .map(([code, label]) => `WHEN '${code}' THEN '${label}'`)
    .join(' ')} ELSE ${column} END`;
/** A payment of a business day a manager has not closed (日次締め, view `closed_day`): only those change. */
const OPEN_DAY = `NOT EXISTS (SELECT 1 FROM closed_day d WHERE d.municipality_code = p.municipality_code AND d.business_date = p.paid_on)`;
/** Flags still in the queue: the ones re-evaluation may find no longer hold. */
const LIVE = `e.status IN ('open', 'in_review')`;

/**
 * The matching rules as set-based SQL, one named statement per rule (domain.md "Rules the numbers
 * follow"), all run on the matching run's transaction. A standing match is `standing_match`, a bill's
 * open amount `bill_balance`, a closed day `closed_day` (migration DefineDomainQuantities): the same
 * definitions the workflow, the evidence card and the daily summary read.
 *
 * The run's working sets are temporary tables dropped at commit: `match_candidate` (undecided payments
 * with their bill), `match_outcome` (each with the open amount it meets), `match_flag`, `counter_candidate`,
 * `counter_flag`, and `machine_transition` (the flags the machine closed, for their audit rows).
 */
@Injectable()
export class MatchingRepository {
  /** One run at a time, on fresh statistics, with an empty list of machine transitions. */
  async startRun(q: Queryable): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('keshikomi.match'))`);
    // Imports have just bulk-changed these tables: without fresh statistics the planner loops over
    // every bill per payment, here and in the reports that follow.
    await q.query(`ANALYZE payment, bill, match, counter_receipt`);
    await q.query(
      `CREATE TEMP TABLE machine_transition (seq serial, exception_id bigint, municipality_code char(6), from_status text,
                                             to_status text, reason text) ON COMMIT DROP`,
    );
  }

  /** 取消: the standing matches of a cancelled payment (on an open day) are undone by new reversal rows. */
  async reverseCancelledMatches(q: Queryable, m: string): Promise<number> {
    const [reversed]: { n: number }[] = await q.query(
      `WITH rev AS (
         INSERT INTO match (municipality_code, payment_id, bill_id, kind, applied_amount, reverses_match_id, rule, reason)
         SELECT m.municipality_code, m.payment_id, m.bill_id, 'reversal', -m.applied_amount, m.id, 'cancellation',
                '収納が取り消されたため消込を取り消しました / reversed: the provider cancelled the payment'
           FROM standing_match m JOIN payment p ON p.id = m.payment_id
          WHERE p.municipality_code = $1 AND p.state = 'cancelled' AND ${OPEN_DAY}
          ORDER BY m.id
         RETURNING 1)
       SELECT count(*)::int AS n FROM rev`,
      [m],
    );
    return reversed.n;
  }

  /** cancelled_payment: each cancelled payment flagged once, saying whether its match was reversed. */
  async flagCancelledPayments(q: Queryable, m: string): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, payment_id, bill_id, paid_amount, detail)
       SELECT p.municipality_code, 'cancelled_payment', p.id, b.id, p.amount,
              '収納代行から取消 (' || to_char(p.amount, ${YEN}) || '円)'
              || CASE WHEN EXISTS (SELECT 1 FROM match r WHERE r.payment_id = p.id AND r.kind = 'reversal')
                      THEN '。消込を取り消しました / cancelled by the provider; its match was reversed'
                      ELSE ' / cancelled by the provider before it was matched' END
         FROM payment p
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
        WHERE p.municipality_code = $1 AND p.state = 'cancelled'
          AND NOT EXISTS (SELECT 1 FROM recon_exception e WHERE e.payment_id = p.id AND e.type = 'cancelled_payment')
        ORDER BY p.id`,
      [m],
    );
  }

  /**
   * Undecided payments (`match_candidate`): not cancelled, on an open day, without a standing match or a
   * match a person made, and without an exception a person took up or decided; each with its bill.
   */
  async selectCandidates(q: Queryable, m: string): Promise<number> {
    await q.query(
      `CREATE TEMP TABLE match_candidate ON COMMIT DROP AS
       SELECT p.id, p.municipality_code, p.bill_number, p.reference_valid, p.paid_on, p.paid_time, p.amount,
              b.id AS bill_id, b.status AS bill_status, b.amount AS bill_amount, b.effective_due_date
         FROM payment p
         -- char(16) against the payment's text, compared as char: the day's payments find their bills by uq_bill_number.
         LEFT JOIN bill b ON p.reference_valid AND b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
        WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND p.bill_number IS NOT NULL AND ${OPEN_DAY}
          AND NOT EXISTS (SELECT 1 FROM standing_match s WHERE s.payment_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM match h WHERE h.payment_id = p.id AND h.created_by <> 'system')
          AND NOT EXISTS (SELECT 1 FROM recon_exception e WHERE e.payment_id = p.id
                            AND (e.status = 'in_review' OR (e.status IN ('resolved', 'dismissed') AND e.resolved_by <> 'system')))`,
      [m],
    );
    await q.query(`ANALYZE match_candidate`);
    const [count]: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM match_candidate`);
    return count.n;
  }

  /**
   * The open amount each candidate meets (`match_outcome`): payments of one bill in order of 納付日, time,
   * arrival, each seeing the bill's balance (`bill_balance`) less what the earlier ones of this run paid.
   */
  async computeOpenAmounts(q: Queryable): Promise<void> {
    await q.query(
      `CREATE TEMP TABLE match_outcome ON COMMIT DROP AS
       WITH ordered AS (
         SELECT c.*, bb.open_amount AS open_before_run,
                coalesce(sum(c.amount) OVER (PARTITION BY c.bill_id ORDER BY c.paid_on, c.paid_time NULLS FIRST, c.id
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS earlier
           FROM match_candidate c JOIN bill_balance bb ON bb.bill_id = c.bill_id
          WHERE c.bill_status = 'active'
       )
       SELECT id, municipality_code, bill_id, amount, paid_on, effective_due_date,
              greatest(open_before_run - earlier, 0) AS open_amount
         FROM ordered`,
    );
    await q.query(`ANALYZE match_outcome`);
  }

  /** exact / partial / excess: a payment meeting an open amount is applied up to it, the rule and reason recorded. */
  async applyMatches(q: Queryable): Promise<number> {
    const [matched]: { n: number }[] = await q.query(
      `WITH ins AS (
         INSERT INTO match (municipality_code, payment_id, bill_id, kind, applied_amount, rule, reason)
         SELECT municipality_code, id, bill_id, 'apply', least(amount, open_amount),
                CASE WHEN amount = open_amount THEN 'exact' WHEN amount < open_amount THEN 'partial' ELSE 'excess' END,
                CASE WHEN amount = open_amount
                     THEN '納付番号と金額が一致 (' || to_char(amount, ${YEN}) || '円) / bill number and amount agree'
                     WHEN amount < open_amount
                     THEN '納付額 ' || to_char(amount, ${YEN}) || '円を残額 ' || to_char(open_amount, ${YEN})
                          || '円に充当 / partial: paid less than open'
                     ELSE '残額 ' || to_char(open_amount, ${YEN}) || '円を消込、超過 ' || to_char(amount - open_amount, ${YEN})
                          || '円 / open amount applied, excess remains' END
           FROM match_outcome WHERE open_amount > 0 ORDER BY id
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
    );
    return matched.n;
  }

  /**
   * What each candidate is flagged for (`match_flag`): invalid_reference, unknown_bill, bill_cancelled,
   * duplicate_payment (naming the earlier payments), amount_short, amount_over, late_payment.
   */
  async flagOutcomes(q: Queryable): Promise<void> {
    await q.query(
      `CREATE TEMP TABLE match_flag ON COMMIT DROP AS
       SELECT c.id AS payment_id, c.municipality_code, NULL::bigint AS bill_id, 'invalid_reference' AS type,
              NULL::bigint AS expected_amount, c.amount AS paid_amount,
              '納付番号 ' || c.bill_number || ' のチェックデジットが一致しません / check digit of 納付番号 does not verify' AS detail
         FROM match_candidate c WHERE NOT c.reference_valid
       UNION ALL
       SELECT c.id, c.municipality_code, NULL, 'unknown_bill', NULL, c.amount,
              '納付番号 ' || c.bill_number || ' の調定がありません / no bill with this 納付番号'
         FROM match_candidate c WHERE c.reference_valid AND c.bill_id IS NULL
       UNION ALL
       SELECT c.id, c.municipality_code, c.bill_id, 'bill_cancelled', c.bill_amount, c.amount,
              '調定取消済みの納付番号 ' || c.bill_number || ' への納付 / payment for a cancelled bill'
         FROM match_candidate c WHERE c.bill_status = 'cancelled'
       UNION ALL
       SELECT o.id, o.municipality_code, o.bill_id, 'duplicate_payment', 0, o.amount,
              '消込済みの調定への納付 (先の納付: ' || coalesce((
                 SELECT string_agg('#' || ep.id || ' ' || ${CHANNEL_LABEL_SQL('ep.channel')} || ' ' || to_char(ep.paid_on, 'YYYY-MM-DD'),
                                   ', ' ORDER BY ep.id)
                   FROM payment ep
                  WHERE ep.id IN (SELECT s.payment_id FROM standing_match s WHERE s.bill_id = o.bill_id AND s.payment_id <> o.id)), '?')
              || ') / the bill was already settled by an earlier payment'
         FROM match_outcome o WHERE o.open_amount = 0
       UNION ALL
       SELECT o.id, o.municipality_code, o.bill_id, 'amount_short', o.open_amount, o.amount,
              '残額 ' || to_char(o.open_amount, ${YEN}) || '円に対し ' || to_char(o.amount, ${YEN}) || '円 (不足 '
              || to_char(o.open_amount - o.amount, ${YEN}) || '円) / paid less than the open amount'
         FROM match_outcome o WHERE o.open_amount > 0 AND o.amount < o.open_amount
       UNION ALL
       SELECT o.id, o.municipality_code, o.bill_id, 'amount_over', o.open_amount, o.amount,
              '残額 ' || to_char(o.open_amount, ${YEN}) || '円に対し ' || to_char(o.amount, ${YEN}) || '円 (過誤納 '
              || to_char(o.amount - o.open_amount, ${YEN}) || '円) / paid more than the open amount'
         FROM match_outcome o WHERE o.open_amount > 0 AND o.amount > o.open_amount
       UNION ALL
       SELECT o.id, o.municipality_code, o.bill_id, 'late_payment', o.open_amount, o.amount,
              '納期限 ' || to_char(o.effective_due_date, 'YYYY-MM-DD') || ' 後の ' || to_char(o.paid_on, 'YYYY-MM-DD')
              || ' に納付。延滞金の確認が必要 / paid after the due date: a late charge may be owed'
         FROM match_outcome o WHERE o.open_amount > 0 AND o.amount <= o.open_amount AND o.paid_on > o.effective_due_date`,
    );
  }

  /** An earlier flag of a re-evaluated payment that no longer holds (the bill arrived, a match was undone). */
  async closeReevaluatedFlags(q: Queryable, types: readonly string[], machineEdgeFrom: readonly ExceptionStatus[]): Promise<void> {
    await this.closeFlags(
      q,
      machineEdgeFrom,
      `SELECT e.id, coalesce('再評価で別の例外（' || now_flagged.types || '）になりました / re-evaluated as ' || now_flagged.types,
                             '再評価で消込済みになりました / matched on re-evaluation') AS reason
         FROM recon_exception e
         LEFT JOIN LATERAL (SELECT string_agg(f.type, ', ' ORDER BY f.type) AS types
                              FROM match_flag f WHERE f.payment_id = e.payment_id) now_flagged ON true
        WHERE ${LIVE} AND e.type = ANY($1)
          AND e.payment_id IN (SELECT id FROM match_candidate)
          AND NOT EXISTS (SELECT 1 FROM match_flag f WHERE f.payment_id = e.payment_id AND f.type = e.type)`,
      [types],
    );
  }

  /** The flags of `match_flag` not yet raised become exceptions. */
  async raiseOutcomeFlags(q: Queryable): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, payment_id, bill_id, expected_amount, paid_amount, detail)
       SELECT municipality_code, type, payment_id, bill_id, expected_amount, paid_amount, detail
         FROM match_flag ORDER BY payment_id, type
       ON CONFLICT DO NOTHING`,
    );
  }

  /** 窓口: a register QR row is linked to the provider's transaction with its 取引番号, once it has come. */
  async linkCounterReceipts(q: Queryable, m: string): Promise<void> {
    await q.query(
      `UPDATE counter_receipt r SET payment_id = p.id
         FROM payment p
        WHERE r.municipality_code = $1 AND r.method = 'qr' AND r.payment_id IS NULL
          AND p.municipality_code = r.municipality_code AND p.channel = 'qr_counter' AND p.payment_ref = r.qr_transaction_id`,
      [m],
    );
    // A QR payment's category is its charge's: the provider knows nothing of 科目.
    await q.query(
      `UPDATE payment p SET category_code = r.category_code
         FROM counter_receipt r
        WHERE r.payment_id = p.id AND r.method = 'qr' AND p.category_code IS NULL AND r.municipality_code = $1`,
      [m],
    );
  }

  /**
   * Counter QR payments still undecided (`counter_candidate`) and what they are flagged for (`counter_flag`):
   * no register row → unknown_bill; a different amount → amount_short or amount_over.
   */
  async flagCounterPayments(q: Queryable, m: string): Promise<void> {
    await q.query(
      `CREATE TEMP TABLE counter_candidate ON COMMIT DROP AS
       SELECT p.id, p.municipality_code, p.payment_ref, p.amount, r.id AS receipt_id, r.amount AS register_amount, r.receipt_no
         FROM payment p
         LEFT JOIN counter_receipt r ON r.municipality_code = p.municipality_code AND r.method = 'qr'
                                    AND r.qr_transaction_id = p.payment_ref AND NOT r.voided
        WHERE p.municipality_code = $1 AND p.channel = 'qr_counter' AND p.state <> 'cancelled'
          AND NOT EXISTS (SELECT 1 FROM recon_exception e WHERE e.payment_id = p.id
                            AND (e.status = 'in_review' OR (e.status IN ('resolved', 'dismissed') AND e.resolved_by <> 'system')))`,
      [m],
    );
    await q.query(
      `CREATE TEMP TABLE counter_flag ON COMMIT DROP AS
       SELECT c.id AS payment_id, c.municipality_code, NULL::bigint AS receipt_id, 'unknown_bill' AS type,
              NULL::bigint AS expected_amount, c.amount AS paid_amount,
              '取引番号 ' || c.payment_ref || ' の窓口収納記録（レジ）がありません / no register row for this QR transaction' AS detail
         FROM counter_candidate c WHERE c.receipt_id IS NULL
       UNION ALL
       SELECT c.id, c.municipality_code, c.receipt_id, CASE WHEN c.amount < c.register_amount THEN 'amount_short' ELSE 'amount_over' END,
              c.register_amount, c.amount,
              '窓口受付 ' || c.receipt_no || ' の ' || to_char(c.register_amount, ${YEN}) || '円に対し QR決済 '
              || to_char(c.amount, ${YEN}) || '円 / the QR payment differs from the register row'
         FROM counter_candidate c WHERE c.receipt_id IS NOT NULL AND c.amount <> c.register_amount`,
    );
  }

  /** A counter flag that no longer holds after matching the register again. */
  async closeCounterFlags(q: Queryable, machineEdgeFrom: readonly ExceptionStatus[]): Promise<void> {
    await this.closeFlags(
      q,
      machineEdgeFrom,
      `SELECT e.id, '窓口収納記録（レジ）との再照合で解消 / no longer applies after matching the register again' AS reason
         FROM recon_exception e
        WHERE ${LIVE} AND e.type IN ('unknown_bill', 'amount_short', 'amount_over')
          AND e.payment_id IN (SELECT id FROM counter_candidate)
          AND NOT EXISTS (SELECT 1 FROM counter_flag f WHERE f.payment_id = e.payment_id AND f.type = e.type)`,
    );
  }

  /** The flags of `counter_flag` not yet raised become exceptions. */
  async raiseCounterFlags(q: Queryable): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, payment_id, receipt_id, expected_amount, paid_amount, detail)
       SELECT municipality_code, type, payment_id, receipt_id, expected_amount, paid_amount, detail
         FROM counter_flag ORDER BY payment_id, type
       ON CONFLICT DO NOTHING`,
    );
  }

  /** The 作成日 of the newest QR provider file imported, or null before the first. */
  async latestQrCounterFile(q: Queryable, m: string): Promise<string | null> {
    const [{ latest }]: { latest: string | null }[] = await q.query(
      `SELECT max(data_created_on) AS latest FROM import_batch
        WHERE municipality_code = $1 AND format = 'qr-counter' AND status = 'imported'`,
      [m],
    );
    return latest;
  }

  /** A register QR row received on or before `lastReceivedOn` whose provider transaction never came: preliminary_only. */
  async flagUnconfirmedCounterQr(q: Queryable, m: string, lastReceivedOn: string): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, receipt_id, expected_amount, detail)
       SELECT r.municipality_code, 'preliminary_only', r.id, r.amount,
              '窓口受付 ' || r.receipt_no || ' (' || to_char(r.received_on, 'YYYY-MM-DD') || ') のQR取引 ' || r.qr_transaction_id
              || ' が決済事業者のデータにありません / the QR transaction never arrived from the provider'
         FROM counter_receipt r
        WHERE r.municipality_code = $1 AND r.method = 'qr' AND NOT r.voided AND r.payment_id IS NULL AND r.received_on <= $2
          AND NOT EXISTS (SELECT 1 FROM recon_exception e WHERE e.receipt_id = r.id AND e.type = 'preliminary_only')
        ORDER BY r.id`,
      [m, lastReceivedOn],
    );
  }

  /** A register row's missing transaction turned up after all, or the row was voided. */
  async closeArrivedCounterQr(q: Queryable, m: string, machineEdgeFrom: readonly ExceptionStatus[]): Promise<void> {
    await this.closeFlags(
      q,
      machineEdgeFrom,
      `SELECT e.id, CASE WHEN r.voided THEN 'レジの取消により不要 / the register row was voided'
                         ELSE '後続データの到着により解消 / the missing record arrived' END AS reason
         FROM recon_exception e JOIN counter_receipt r ON r.id = e.receipt_id
        WHERE e.municipality_code = $1 AND ${LIVE} AND e.type = 'preliminary_only' AND (r.payment_id IS NOT NULL OR r.voided)`,
      [m],
    );
  }

  /** Each 収納代行 with the 作成日 of its newest imported file. */
  latestFilePerProvider(q: Queryable, m: string): Promise<{ provider_code: string; latest: string }[]> {
    return q.query(
      `SELECT provider_code, max(data_created_on) AS latest FROM import_batch
        WHERE municipality_code = $1 AND provider_code IS NOT NULL AND data_created_on IS NOT NULL AND status = 'imported'
        GROUP BY provider_code ORDER BY provider_code`,
      [m],
    );
  }

  /** 速報のみ: a 速報 of `provider` paid on or before `lastPaidOn` whose 確報 has not come. */
  async flagPreliminaryOnly(q: Queryable, m: string, provider: { code: string; latest: string }, lastPaidOn: string): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, payment_id, bill_id, paid_amount, detail)
       SELECT p.municipality_code, 'preliminary_only', p.id, b.id, p.amount,
              to_char(p.paid_on, 'YYYY-MM-DD') || ' の速報に確報が届いていません (収納代行 ' || p.provider_code
              || ' の最新データ作成日 ' || $3 || ') / no final record within 10 business days'
         FROM payment p
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
        WHERE p.municipality_code = $1 AND p.provider_code = $2 AND p.state = 'preliminary' AND p.paid_on <= $4
          AND NOT EXISTS (SELECT 1 FROM recon_exception e WHERE e.payment_id = p.id AND e.type = 'preliminary_only')
        ORDER BY p.id`,
      [m, provider.code, provider.latest, lastPaidOn],
    );
  }

  /** 確報のみ: a 確報 where the channel sends a 速報 first and none came, flagged once. */
  async flagFinalOnly(q: Queryable, m: string): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, payment_id, bill_id, paid_amount, detail)
       SELECT p.municipality_code, 'final_only', p.id, b.id, p.amount,
              to_char(p.paid_on, 'YYYY-MM-DD') || ' の確報に対応する速報がありません / final record without a preliminary one'
         FROM payment p
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
        WHERE p.municipality_code = $1 AND p.has_final AND NOT p.has_preliminary AND p.expects_preliminary
          AND p.state <> 'cancelled'
          AND NOT EXISTS (SELECT 1 FROM recon_exception e WHERE e.payment_id = p.id AND e.type = 'final_only')
        ORDER BY p.id`,
      [m],
    );
  }

  /** 合計不一致: a file whose header, trailer or end record is missing or disagrees with its records. */
  async flagControlTotals(q: Queryable, m: string): Promise<void> {
    await q.query(
      `INSERT INTO recon_exception (municipality_code, type, batch_id, detail)
       SELECT b.municipality_code, 'control_total_mismatch', b.id,
              b.file_name || ': ' || string_agg(issue->>'message', '; ' ORDER BY ord)
         FROM import_batch b, jsonb_array_elements(b.control_issues) WITH ORDINALITY AS i(issue, ord)
        WHERE b.municipality_code = $1 AND b.status = 'imported'
          AND NOT EXISTS (SELECT 1 FROM recon_exception e WHERE e.batch_id = b.id AND e.type = 'control_total_mismatch')
        GROUP BY b.id ORDER BY b.id`,
      [m],
    );
  }

  /** A 速報のみ whose 確報 has since arrived (or that was cancelled), a 確報のみ whose 速報 turned up. */
  async closeSettledFlags(q: Queryable, m: string, machineEdgeFrom: readonly ExceptionStatus[]): Promise<void> {
    await this.closeFlags(
      q,
      machineEdgeFrom,
      `SELECT e.id, CASE WHEN p.state = 'cancelled' THEN '収納取消により不要 / the payment was cancelled'
                         ELSE '後続データの到着により解消 / the missing record arrived' END AS reason
         FROM recon_exception e JOIN payment p ON p.id = e.payment_id
        WHERE e.municipality_code = $1 AND ${LIVE}
          AND ((e.type = 'preliminary_only' AND (p.has_final OR p.state = 'cancelled'))
            OR (e.type = 'final_only' AND p.has_preliminary)
            OR (p.state = 'cancelled' AND e.type <> 'cancelled_payment'))`,
      [m],
    );
  }

  /**
   * 処理 events for the payments this run re-decided: a flag of theirs on the outcome of matching (no bill,
   * short, over, duplicate…) closed because it no longer holds — the bill arrived, a cancellation freed
   * it — with the 消込状態 they have now (`payment_settlement_state`), for the business systems.
   */
  async recordRedecisions(q: Queryable, outcomeTypes: readonly string[]): Promise<void> {
    await q.query(
      `INSERT INTO payment_event (municipality_code, payment_id, kind, settlement_state, amount, recorded_on)
       SELECT p.municipality_code, p.id, 'decision', s.state, p.amount, (now() AT TIME ZONE 'Asia/Tokyo')::date
         FROM payment p JOIN payment_settlement_state s ON s.payment_id = p.id
        WHERE p.id IN (SELECT e.payment_id FROM machine_transition t JOIN recon_exception e ON e.id = t.exception_id
                        WHERE e.type = ANY($1) AND e.payment_id IS NOT NULL)
          AND p.state <> 'cancelled'
        ORDER BY p.id`,
      [outcomeTypes],
    );
  }

  /** Every flag this run closed, in order. */
  machineTransitions(q: Queryable): Promise<MachineTransitionRow[]> {
    return q.query(`SELECT exception_id, municipality_code, from_status, to_status, reason FROM machine_transition ORDER BY seq`);
  }

  /** Exceptions still in the queue, by type. */
  liveFlagCounts(q: Queryable, m: string): Promise<{ type: string; n: number }[]> {
    return q.query(
      `SELECT type, count(*)::int AS n FROM recon_exception
        WHERE municipality_code = $1 AND status IN ('open', 'in_review') GROUP BY type ORDER BY type`,
      [m],
    );
  }

  /**
   * The machine's one transition: closes the flags `proposed` (id, reason) names as no longer holding,
   * along the life cycle's system edge only (`machineEdgeFrom`: the statuses it may leave): a flag a person
   * took up, or with a proposal waiting, is left alone. One statement for the whole set; each close is
   * noted in machine_transition for its audit row.
   */
  private async closeFlags(
    q: Queryable,
    machineEdgeFrom: readonly ExceptionStatus[],
    proposed: string,
    params: unknown[] = [],
  ): Promise<void> {
    const from = params.length + 1;
    await q.query(
      `WITH proposed AS (${proposed}),
       moved AS (
         UPDATE recon_exception e SET status = 'resolved', resolved_by = 'system', resolution = p.reason, updated_at = now()
           FROM (SELECT DISTINCT ON (pr.id) pr.id, cur.status AS from_status, pr.reason
                   FROM proposed pr JOIN recon_exception cur ON cur.id = pr.id ORDER BY pr.id, pr.reason) p
          WHERE e.id = p.id AND e.status = ANY($${from}::text[])
            AND NOT EXISTS (SELECT 1 FROM resolution r WHERE r.exception_id = e.id AND r.status = 'proposed')
         RETURNING e.id, e.municipality_code, p.from_status, p.reason)
       INSERT INTO machine_transition (exception_id, municipality_code, from_status, to_status, reason)
       SELECT id, municipality_code, from_status, 'resolved', reason FROM moved ORDER BY id`,
      [...params, machineEdgeFrom],
    );
  }
}
