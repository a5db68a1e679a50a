import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../database/queryable';
import type { ResolutionAction } from '../resolution-rules';

export interface ResolutionRow {
  id: number;
  exception_id: number;
  action: ResolutionAction;
  status: string;
  amount: number;
  requires_approval: boolean;
  target_bill_id: number | null;
  target_match_id: number | null;
  target_statement_entry_id: number | null;
  reason: string;
  proposed_by: string;
}

export interface Proposal {
  municipalityCode: string;
  exceptionId: number;
  action: ResolutionAction;
  amount: number;
  requiresApproval: boolean;
  targetBillId: number | null;
  targetMatchId: number | null;
  /** link_deposit: the 入金 that pays the missing payout. */
  targetStatementEntryId: number | null;
  reason: string;
  proposedBy: string;
}

/** A bill money may be applied to: its state, its payer, and what it still expects. */
export interface BillToApply {
  status: string;
  payer_id: string;
  open: number;
}

/** Money of a payment applied to a bill by a resolution, with the rule and reason staff read. */
export interface Application {
  municipalityCode: string;
  paymentId: number | null;
  billId: number | null;
  amount: number;
  rule: string;
  reason: string;
  by: string;
}

/** Who decided a proposal, and how. */
export interface Decision {
  decidedBy: string;
  reason: string;
  deputy: boolean;
}

/**
 * 処理: proposals and their decisions, and the records an applied one writes — a match, a reversal, a
 * write-off. A bill's open amount is `bill_balance`, a standing match `standing_match` (migration
 * DefineDomainQuantities): what matching used. Every statement runs in the caller's transaction.
 */
@Injectable()
export class ResolutionsRepository {
  /** The resolution, locked until the transaction ends. */
  async lock(q: Queryable, municipalityCode: string, id: number): Promise<ResolutionRow | undefined> {
    const [row]: ResolutionRow[] = await q.query(
      `SELECT id, exception_id, action, status, amount, requires_approval, target_bill_id, target_match_id,
              target_statement_entry_id, reason, proposed_by
         FROM resolution WHERE id = $1 AND municipality_code = $2 FOR UPDATE`,
      [id, municipalityCode],
    );
    return row;
  }

  /** A new proposal; null when another one already waits on the case (the one-per-case unique index). */
  async propose(q: Queryable, p: Proposal): Promise<number | null> {
    try {
      const [row]: { id: number }[] = await q.query(
        `INSERT INTO resolution (municipality_code, exception_id, action, status, amount, requires_approval, target_bill_id,
                                 target_match_id, target_statement_entry_id, reason, proposed_by)
         VALUES ($1, $2, $3, 'proposed', $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          p.municipalityCode,
          p.exceptionId,
          p.action,
          p.amount,
          p.requiresApproval,
          p.targetBillId,
          p.targetMatchId,
          p.targetStatementEntryId,
          p.reason,
          p.proposedBy,
        ],
      );
      return row.id;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return null;
      throw error;
    }
  }

  /**
   * A 入金 of the city's statement a missing payout may be linked to: a credit no other applied link has taken.
   * Its amount, or undefined when it is no such 入金.
   */
  async linkableCredit(q: Queryable, municipalityCode: string, entryId: number): Promise<number | undefined> {
    const [row]: { amount: number }[] = await q.query(
      `SELECT e.amount FROM statement_entry e
        WHERE e.id = $1 AND e.municipality_code = $2 AND e.direction = 'credit'
          AND NOT EXISTS (SELECT 1 FROM resolution r WHERE r.target_statement_entry_id = e.id AND r.action = 'link_deposit'
                                                       AND r.status IN ('proposed', 'applied'))`,
      [entryId, municipalityCode],
    );
    return row?.amount;
  }

  async decide(q: Queryable, id: number, status: 'applied' | 'rejected' | 'withdrawn', d: Decision): Promise<void> {
    await q.query(
      `UPDATE resolution SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4, decided_by_deputy = $5 WHERE id = $1`,
      [id, status, d.decidedBy, d.reason, d.deputy],
    );
  }

  /**
   * 処理 events: a decision that changes what a business system should know (手動消込, 充当, 還付, 分納, 消込取消,
   * 端数処理 settling the bill)
   * is recorded with the 消込状態 it leads to (`resolution_settlement_state`), for 収納結果. A 手動消込 concerns the
   * bill chosen; a 充当 both the payment's own bill and the bill it fed (that bill's system hears of the money,
   * its amount the amount applied).
   */
  async recordDecisionEvent(q: Queryable, resolutionId: number): Promise<void> {
    await q.query(
      `INSERT INTO payment_event (municipality_code, payment_id, kind, settlement_state, amount, resolution_id, bill_id, recorded_on)
       SELECT p.municipality_code, p.id, 'decision', resolution_settlement_state(r.action), concern.amount, r.id, concern.bill_id,
              (now() AT TIME ZONE 'Asia/Tokyo')::date
         FROM resolution r
         JOIN recon_exception e ON e.id = r.exception_id
         JOIN payment p ON p.id = e.payment_id
        CROSS JOIN LATERAL (VALUES (1, p.amount, CASE WHEN r.action = 'manual_match' THEN r.target_bill_id END, true),
                                   (2, r.amount, r.target_bill_id, r.action = 'apply_to_bill')) concern(rank, amount, bill_id, present)
        WHERE r.id = $1 AND resolution_settlement_state(r.action) IS NOT NULL AND concern.present
        ORDER BY concern.rank`,
      [resolutionId],
    );
  }

  /** 代決: whether this manager is the one named as the 課長's deputy. */
  async isDeputy(q: Queryable, municipalityCode: string, loginName: string): Promise<boolean> {
    const [user]: { deputy: boolean }[] = await q.query(`SELECT deputy FROM app_user WHERE municipality_code = $1 AND login_name = $2`, [
      municipalityCode,
      loginName,
    ]);
    return user?.deputy ?? false;
  }

  /** What the payment has applied so far, reversals included. */
  async appliedOfPayment(q: Queryable, paymentId: number | null): Promise<number> {
    const [{ sum }]: { sum: number }[] = await q.query(
      `SELECT coalesce(sum(applied_amount), 0)::bigint AS sum FROM match WHERE payment_id = $1`,
      [paymentId],
    );
    return sum;
  }

  /** The amount of the payment's standing match `matchId`, if it stands. */
  async standingMatchAmount(q: Queryable, matchId: number, paymentId: number | null): Promise<number | undefined> {
    const [m]: { applied_amount: number }[] = await q.query(`SELECT applied_amount FROM standing_match WHERE id = $1 AND payment_id = $2`, [
      matchId,
      paymentId,
    ]);
    return m?.applied_amount;
  }

  /** The bill's state, payer and open amount. */
  async bill(q: Queryable, municipalityCode: string, billId: number): Promise<BillToApply | undefined> {
    const [bill]: BillToApply[] = await q.query(
      `SELECT b.status, b.payer_id, bb.open_amount AS open
         FROM bill b JOIN bill_balance bb ON bb.bill_id = b.id
        WHERE b.id = $1 AND b.municipality_code = $2`,
      [billId, municipalityCode],
    );
    return bill;
  }

  /** 手動消込 / 充当: money of the payment applied to the chosen bill, in the proposer's name. */
  async applyToBill(q: Queryable, a: Application): Promise<void> {
    await q.query(
      `INSERT INTO match (municipality_code, payment_id, bill_id, kind, applied_amount, rule, reason, created_by)
       VALUES ($1, $2, $3, 'apply', $4, $5, $6, $7)`,
      [a.municipalityCode, a.paymentId, a.billId, a.amount, a.rule, a.reason, a.by],
    );
  }

  /** 消込取消: a reversal row naming the match it undoes. */
  async reverseMatch(q: Queryable, matchId: number | null, reason: string, by: string): Promise<void> {
    await q.query(
      `INSERT INTO match (municipality_code, payment_id, bill_id, kind, applied_amount, reverses_match_id, rule, reason, created_by)
       SELECT municipality_code, payment_id, bill_id, 'reversal', -applied_amount, id, 'manual_undo', $2, $3 FROM match WHERE id = $1`,
      [matchId, reason, by],
    );
  }

  /** 端数処理: an adjustment that lowers what the bill still expects. */
  async writeOff(
    q: Queryable,
    w: { municipalityCode: string; billId: number | null; amount: number; resolutionId: number },
  ): Promise<void> {
    await q.query(
      `INSERT INTO bill_adjustment (municipality_code, bill_id, kind, amount, resolution_id) VALUES ($1, $2, 'write_off', $3, $4)`,
      [w.municipalityCode, w.billId, w.amount, w.resolutionId],
    );
  }
}
