import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ExceptionStatus, ExceptionType } from '../common/codes';
import { RESOLUTION_LABELS } from '../common/labels';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { type Mover, requireReason, transition, WorkflowError, WorkflowErrorCode } from './exception-state';
import { fits, needsApproval, type ResolutionAction } from './resolution-rules';

/** Who acts: the login name is what the audit log and the records carry. */
export interface Actor {
  loginName: string;
  role: string;
}

export interface ResolveRequest {
  action: ResolutionAction;
  reason: string;
  /** manual_match, apply_to_bill: the bill chosen. */
  billId?: number;
  /** undo_match: the match to reverse. */
  matchId?: number;
}

interface ExceptionRow {
  id: number;
  type: ExceptionType;
  status: ExceptionStatus;
  municipality_code: string;
  payment_id: number | null;
  bill_id: number | null;
  expected_amount: number | null;
  paid_amount: number | null;
  paid_on: string | null;
  payment_amount: number | null;
  payer_id: string | null;
}

interface ResolutionRow {
  id: number;
  exception_id: number;
  action: ResolutionAction;
  status: string;
  amount: number;
  requires_approval: boolean;
  target_bill_id: number | null;
  target_match_id: number | null;
  reason: string;
  proposed_by: string;
}

const ACTIVE = `m.kind = 'apply' AND NOT EXISTS (SELECT 1 FROM match r WHERE r.reverses_match_id = m.id)`;

export interface DayAction {
  action: 'close' | 'reopen';
  actor: string;
  reason: string | null;
  at: string;
}

/**
 * The 会計課's decisions on exceptions. Every decision writes new records (a resolution, a match, a
 * reversal, an adjustment) and an audit row; nothing is edited away. Only an applied resolution closes
 * an exception. Actions that move money above FOUR_EYES_THRESHOLD, and a dismiss wherever money is held,
 * are proposed by one person and take effect when a different manager approves; while a proposal waits
 * the case does not move, until it is approved, rejected or withdrawn.
 */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  private async inTransaction<T>(fn: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = this.db.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const result = await fn(q);
      await q.commitTransaction();
      return result;
    } catch (error) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw error;
    } finally {
      await q.release();
    }
  }

  private async exception(q: QueryRunner, id: number): Promise<ExceptionRow> {
    const [row]: ExceptionRow[] = await q.query(
      `SELECT e.id, e.type, e.status, e.municipality_code, e.payment_id, e.bill_id, e.expected_amount, e.paid_amount,
              p.paid_on, p.amount AS payment_amount, b.payer_id
         FROM recon_exception e
         LEFT JOIN payment p ON p.id = e.payment_id
         LEFT JOIN bill b ON b.id = coalesce(e.bill_id, (SELECT m.bill_id FROM match m WHERE m.payment_id = e.payment_id AND ${ACTIVE} ORDER BY m.id LIMIT 1))
        WHERE e.id = $1 AND e.municipality_code = $2
        FOR UPDATE OF e`,
      [id, this.config.MUNICIPALITY_CODE],
    );
    if (!row) throw new WorkflowError(WorkflowErrorCode.NotFound, `例外 ${id} はありません / exception ${id} not found`);
    return row;
  }

  private async move(
    q: QueryRunner, e: ExceptionRow, to: ExceptionStatus, by: Mover, actor: Actor, reason: string, resolution?: string,
  ): Promise<void> {
    transition(e.status, to, by, reason);
    const closing = to === 'resolved' || to === 'dismissed';
    await q.query(
      `UPDATE recon_exception SET status = $2, updated_at = now(),
              resolved_by = CASE WHEN $3 THEN $4 ELSE resolved_by END,
              resolution = CASE WHEN $3 THEN $5 ELSE resolution END
        WHERE id = $1`,
      [e.id, to, closing, actor.loginName, resolution ?? reason],
    );
    await this.audit.append(q, {
      municipalityCode: e.municipality_code, actor: actor.loginName, action: 'exception.transition', entity: 'recon_exception',
      entityId: String(e.id), before: { status: e.status }, after: { status: to }, reason,
    });
    e.status = to;
  }

  async assign(id: number, assignee: string, actor: Actor, reason: string): Promise<void> {
    await this.inTransaction(async (q) => {
      await this.requireAssignee(q, assignee);
      await this.assignOne(q, id, assignee, actor, reason);
    });
  }

  /** 一括担当: all of them or none; each keeps its own audit row, as if assigned one by one. */
  async assignMany(ids: number[], assignee: string, actor: Actor, reason: string): Promise<number> {
    return this.inTransaction(async (q) => {
      await this.requireAssignee(q, assignee);
      const unique = [...new Set(ids)].sort((a, b) => a - b);
      for (const id of unique) await this.assignOne(q, id, assignee, actor, reason);
      return unique.length;
    });
  }

  private async requireAssignee(q: QueryRunner, assignee: string): Promise<void> {
    const [user]: unknown[] = await q.query(
      `SELECT 1 FROM app_user WHERE municipality_code = $1 AND login_name = $2 AND NOT disabled AND role IN ('staff', 'manager')`,
      [this.config.MUNICIPALITY_CODE, assignee]);
    if (!user) throw new WorkflowError(WorkflowErrorCode.UnknownAssignee, `担当者 ${assignee} は職員として登録されていません / ${assignee} is not an active staff member`);
  }

  private async assignOne(q: QueryRunner, id: number, assignee: string, actor: Actor, reason: string): Promise<void> {
    const e = await this.exception(q, id);
    await q.query(`UPDATE recon_exception SET assignee = $2, updated_at = now() WHERE id = $1`, [id, assignee]);
    await this.audit.append(q, {
      municipalityCode: e.municipality_code, actor: actor.loginName, action: 'exception.assign', entity: 'recon_exception',
      entityId: String(id), after: { assignee }, reason,
    });
    if (e.status === 'open') await this.move(q, e, 'in_review', 'person', actor, reason);
  }

  /** By hand a person only takes a case up or hands it back; a resolution closes it. */
  async changeStatus(id: number, to: ExceptionStatus, actor: Actor, reason: string): Promise<void> {
    await this.inTransaction(async (q) => {
      const e = await this.exception(q, id);
      transition(e.status, to, 'person', reason);
      await this.refusePending(q, id);
      await this.move(q, e, to, 'person', actor, reason);
    });
  }

  /** A waiting proposal freezes the case: it is approved, rejected or withdrawn first. */
  private async refusePending(q: QueryRunner, exceptionId: number): Promise<void> {
    const [pending]: { id: number; proposed_by: string }[] = await q.query(
      `SELECT id, proposed_by FROM resolution WHERE exception_id = $1 AND status = 'proposed'`, [exceptionId]);
    if (pending) {
      throw new WorkflowError(WorkflowErrorCode.ProposalPending,
        `例外 ${exceptionId} には承認待ちの提案 #${pending.id}（${pending.proposed_by}）があります。承認・差戻し・取下げの後に操作してください`
        + ` / exception ${exceptionId} has proposal #${pending.id} awaiting approval: it is decided or withdrawn first`);
    }
  }

  async comment(id: number, body: string, actor: Actor): Promise<number> {
    return this.inTransaction(async (q) => {
      const e = await this.exception(q, id);
      const [row]: { id: number }[] = await q.query(
        `INSERT INTO exception_comment (municipality_code, exception_id, author, body) VALUES ($1, $2, $3, $4) RETURNING id`,
        [e.municipality_code, id, actor.loginName, body],
      );
      await this.audit.append(q, {
        municipalityCode: e.municipality_code, actor: actor.loginName, action: 'exception.comment', entity: 'recon_exception',
        entityId: String(id), after: { commentId: row.id, body },
      });
      return row.id;
    });
  }

  /** Records a resolution: applied at once, or proposed for a manager's approval (four-eyes). */
  async resolve(id: number, request: ResolveRequest, actor: Actor): Promise<{ resolutionId: number; status: 'applied' | 'proposed' }> {
    return this.inTransaction(async (q) => {
      const e = await this.exception(q, id);
      if (e.status === 'resolved' || e.status === 'dismissed') {
        throw new WorkflowError(WorkflowErrorCode.IllegalTransition, `例外 ${id} は処理済みです / exception ${id} is already ${e.status}`);
      }
      if (!fits(request.action, e.type)) {
        throw new WorkflowError(WorkflowErrorCode.NotApplicable, `${e.type} に ${request.action} は使えません / ${request.action} does not resolve ${e.type}`);
      }
      await this.refusePending(q, id);
      await this.refuseClosedDay(q, e.paid_on);
      const amount = await this.amountOf(q, e, request);
      const requiresApproval = needsApproval(request.action, e.type, amount, this.config.FOUR_EYES_THRESHOLD);
      if (e.status === 'open') await this.move(q, e, 'in_review', 'person', actor, request.reason);
      const [row]: { id: number }[] = await q.query(
        `INSERT INTO resolution (municipality_code, exception_id, action, status, amount, requires_approval, target_bill_id,
                                 target_match_id, reason, proposed_by)
         VALUES ($1, $2, $3, 'proposed', $4, $5, $6, $7, $8, $9) RETURNING id`,
        [e.municipality_code, id, request.action, amount, requiresApproval, request.billId ?? null, request.matchId ?? null, request.reason, actor.loginName],
      ).catch((error: { code?: string }) => {
        if (error.code === '23505') {
          throw new WorkflowError(WorkflowErrorCode.ProposalPending,
            `例外 ${id} には承認待ちの処理があります / exception ${id} already has a proposal awaiting approval`);
        }
        throw error;
      });
      await this.audit.append(q, {
        municipalityCode: e.municipality_code, actor: actor.loginName, action: 'resolution.propose', entity: 'resolution',
        entityId: String(row.id), after: { exceptionId: id, action: request.action, amount, requiresApproval }, reason: request.reason,
      });
      if (requiresApproval) return { resolutionId: row.id, status: 'proposed' as const };
      await this.apply(q, e, await this.resolution(q, row.id), actor, request.reason);
      return { resolutionId: row.id, status: 'applied' as const };
    });
  }

  async approve(resolutionId: number, actor: Actor, reason: string): Promise<void> {
    await this.inTransaction(async (q) => {
      const r = await this.pending(q, resolutionId);
      if (r.proposed_by === actor.loginName) {
        throw new WorkflowError(WorkflowErrorCode.SelfApproval, '自分の提案は承認できません / a proposal cannot be approved by the one who proposed it');
      }
      const e = await this.exception(q, r.exception_id);
      await this.refuseClosedDay(q, e.paid_on);
      await this.apply(q, e, r, actor, reason, await this.isDeputy(q, actor));
    });
  }

  /** 差戻し: a manager other than the proposer turns the proposal down; the case stays in review. */
  async reject(resolutionId: number, actor: Actor, reason: string): Promise<void> {
    await this.inTransaction(async (q) => {
      const r = await this.pending(q, resolutionId);
      requireReason(reason);
      if (r.proposed_by === actor.loginName) {
        throw new WorkflowError(WorkflowErrorCode.SelfApproval, '自分の提案は差し戻せません。取下げてください / withdraw your own proposal instead');
      }
      await this.close(q, r, 'rejected', actor, reason, await this.isDeputy(q, actor));
    });
  }

  /** 取下げ: the proposer, or a manager, takes a waiting proposal back; the case stays in review. */
  async withdraw(resolutionId: number, actor: Actor, reason: string): Promise<void> {
    await this.inTransaction(async (q) => {
      const r = await this.pending(q, resolutionId);
      requireReason(reason);
      const own = r.proposed_by === actor.loginName;
      if (!own && actor.role !== 'manager') {
        throw new WorkflowError(WorkflowErrorCode.NotProposer,
          `提案 #${resolutionId} を取下げられるのは提案者（${r.proposed_by}）か課長です / only the proposer or a manager withdraws a proposal`);
      }
      await this.close(q, r, 'withdrawn', actor, reason, !own && (await this.isDeputy(q, actor)));
    });
  }

  /** A proposal that does not take effect: rejected or withdrawn, kept with who decided and why. */
  private async close(
    q: QueryRunner, r: ResolutionRow, status: 'rejected' | 'withdrawn', actor: Actor, reason: string, deputy: boolean,
  ): Promise<void> {
    await q.query(
      `UPDATE resolution SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4, decided_by_deputy = $5 WHERE id = $1`,
      [r.id, status, actor.loginName, reason, deputy],
    );
    await this.audit.append(q, {
      municipalityCode: this.config.MUNICIPALITY_CODE, actor: actor.loginName,
      action: status === 'rejected' ? 'resolution.reject' : 'resolution.withdraw', entity: 'resolution', entityId: String(r.id),
      before: { status: 'proposed' }, after: { status, proposedBy: r.proposed_by, ...(deputy ? { deputy } : {}) }, reason,
    });
  }

  /** 代決: whether the manager deciding is the one named as the 課長's deputy (kept with the decision). */
  private async isDeputy(q: QueryRunner, actor: Actor): Promise<boolean> {
    const [user]: { deputy: boolean }[] = await q.query(
      `SELECT deputy FROM app_user WHERE municipality_code = $1 AND login_name = $2`, [this.config.MUNICIPALITY_CODE, actor.loginName]);
    return user?.deputy ?? false;
  }

  private async resolution(q: QueryRunner, id: number): Promise<ResolutionRow> {
    const [r]: ResolutionRow[] = await q.query(`SELECT * FROM resolution WHERE id = $1 AND municipality_code = $2 FOR UPDATE`, [id, this.config.MUNICIPALITY_CODE]);
    if (!r) throw new WorkflowError(WorkflowErrorCode.NotFound, `処理 ${id} はありません / resolution ${id} not found`);
    return r;
  }

  private async pending(q: QueryRunner, id: number): Promise<ResolutionRow> {
    const r = await this.resolution(q, id);
    if (r.status !== 'proposed') throw new WorkflowError(WorkflowErrorCode.NotPending, `処理 ${id} は承認待ちではありません / resolution ${id} is ${r.status}`);
    return r;
  }

  /** How many yen the action moves; checks the chosen bill or match. */
  private async amountOf(q: QueryRunner, e: ExceptionRow, request: ResolveRequest): Promise<number> {
    const paid = e.payment_amount ?? 0;
    const applied = async () => {
      const [{ sum }]: { sum: number }[] = await q.query(`SELECT coalesce(sum(applied_amount), 0)::bigint AS sum FROM match WHERE payment_id = $1`, [e.payment_id]);
      return sum;
    };
    switch (request.action) {
      case 'manual_match':
      case 'apply_to_bill': {
        if (!request.billId) throw new WorkflowError(WorkflowErrorCode.NotApplicable, '消込先の調定を選んでください / choose the bill');
        const bill = await this.openBill(q, request.billId);
        if (request.action === 'apply_to_bill' && bill.payer_id !== e.payer_id) {
          throw new WorkflowError(WorkflowErrorCode.NotApplicable, '充当先は同じ宛名番号の調定に限ります / apply only to a bill of the same payer');
        }
        const available = paid - (await applied());
        const amount = Math.min(available, bill.open);
        if (amount <= 0) throw new WorkflowError(WorkflowErrorCode.NotApplicable, '充当できる金額がありません / nothing to apply');
        return amount;
      }
      case 'undo_match': {
        const [m]: { applied_amount: number }[] = await q.query(
          `SELECT m.applied_amount FROM match m WHERE m.id = $1 AND m.payment_id = $2 AND ${ACTIVE}`, [request.matchId ?? 0, e.payment_id]);
        if (!m) throw new WorkflowError(WorkflowErrorCode.NotApplicable, '取り消せる消込がありません / no standing match to undo');
        return m.applied_amount;
      }
      case 'refund': {
        const amount = paid - (await applied());
        if (amount <= 0) throw new WorkflowError(WorkflowErrorCode.NotApplicable, '還付できる金額がありません / nothing left to refund');
        return amount;
      }
      case 'write_off': {
        const short = (e.expected_amount ?? 0) - (e.paid_amount ?? 0);
        if (short > this.config.WRITE_OFF_LIMIT) {
          throw new WorkflowError(WorkflowErrorCode.NotApplicable, `差額 ${short}円は上限 ${this.config.WRITE_OFF_LIMIT}円を超えます / the difference exceeds the write-off limit`);
        }
        return short;
      }
      case 'accept_installment':
      case 'dismiss':
        return 0;
    }
  }

  private async openBill(q: QueryRunner, billId: number): Promise<{ open: number; payer_id: string }> {
    const [bill]: { open: number; payer_id: string; status: string }[] = await q.query(
      `SELECT b.status, b.payer_id,
              (b.amount - coalesce((SELECT sum(applied_amount) FROM match WHERE bill_id = b.id), 0)
                       - coalesce((SELECT sum(amount) FROM bill_adjustment WHERE bill_id = b.id), 0))::bigint AS open
         FROM bill b WHERE b.id = $1 AND b.municipality_code = $2`,
      [billId, this.config.MUNICIPALITY_CODE],
    );
    if (!bill || bill.status !== 'active' || bill.open <= 0) {
      throw new WorkflowError(WorkflowErrorCode.NotApplicable, `調定 ${billId} は未納額のある有効な調定ではありません / bill ${billId} is not an active bill with an open amount`);
    }
    return bill;
  }

  /** The effect of a resolution, as new records, and the exception closed. */
  private async apply(q: QueryRunner, e: ExceptionRow, r: ResolutionRow, actor: Actor, reason: string, deputy = false): Promise<void> {
    const m = e.municipality_code;
    switch (r.action) {
      case 'manual_match':
      case 'apply_to_bill':
        await q.query(
          `INSERT INTO match (municipality_code, payment_id, bill_id, kind, applied_amount, rule, reason, created_by)
           VALUES ($1, $2, $3, 'apply', $4, $5, $6, $7)`,
          [m, e.payment_id, r.target_bill_id, r.amount, r.action === 'manual_match' ? 'manual' : 'juto',
            `${r.action === 'manual_match' ? '手動消込' : '充当'}: ${r.reason} / resolution #${r.id}`, r.proposed_by]);
        break;
      case 'undo_match':
        await q.query(
          `INSERT INTO match (municipality_code, payment_id, bill_id, kind, applied_amount, reverses_match_id, rule, reason, created_by)
           SELECT municipality_code, payment_id, bill_id, 'reversal', -applied_amount, id, 'manual_undo', $2, $3 FROM match WHERE id = $1`,
          [r.target_match_id, `消込取消: ${r.reason} / resolution #${r.id}`, r.proposed_by]);
        break;
      case 'write_off':
        await q.query(
          `INSERT INTO bill_adjustment (municipality_code, bill_id, kind, amount, resolution_id) VALUES ($1, $2, 'write_off', $3, $4)`,
          [m, e.bill_id, r.amount, r.id]);
        break;
      case 'refund':
      case 'accept_installment':
      case 'dismiss':
        break;
    }
    await q.query(
      `UPDATE resolution SET status = 'applied', decided_by = $2, decided_at = now(), decision_reason = $3, decided_by_deputy = $4
        WHERE id = $1`,
      [r.id, actor.loginName, reason, deputy]);
    await this.audit.append(q, {
      municipalityCode: m, actor: actor.loginName, action: 'resolution.apply', entity: 'resolution', entityId: String(r.id),
      before: { status: 'proposed' },
      after: { status: 'applied', action: r.action, amount: r.amount, proposedBy: r.proposed_by, ...(deputy ? { deputy } : {}) }, reason,
    });
    const approval = r.requires_approval ? `、${deputy ? '代決' : '承認'} ${actor.loginName}` : '';
    const label = RESOLUTION_LABELS[r.action] ?? r.action;
    const words = `${label} ${r.amount.toLocaleString('ja-JP')}円（提案 ${r.proposed_by}${approval}）: ${r.reason}`;
    await this.move(q, e, r.action === 'dismiss' ? 'dismissed' : 'resolved', 'resolution', actor, reason, words);
  }

  /** 日次締めの状態: closed or not, every close and reopen with its reason, and what keeps the day from closing. */
  async dayStatus(day: string): Promise<{ date: string; closed: boolean; history: DayAction[]; blockingExceptionIds: number[] }> {
    const history: DayAction[] = await this.db.dataSource.query(
      `SELECT action, actor, reason, to_char(at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00') AS at
         FROM daily_close WHERE municipality_code = $1 AND business_date = $2 ORDER BY id`,
      [this.config.MUNICIPALITY_CODE, day]);
    return {
      date: day,
      closed: history[history.length - 1]?.action === 'close',
      history,
      blockingExceptionIds: await this.blockingExceptions(day),
    };
  }

  /** The day's exceptions that are neither resolved nor carried over (in review with an assignee). */
  private async blockingExceptions(day: string, q: { query(sql: string, params: unknown[]): Promise<{ id: number }[]> } = this.db.dataSource): Promise<number[]> {
    const rows = await q.query(
      `SELECT e.id FROM recon_exception e
         LEFT JOIN payment p ON p.id = e.payment_id
         LEFT JOIN counter_receipt cr ON cr.id = e.receipt_id
         LEFT JOIN import_batch ib ON ib.id = e.batch_id
        WHERE e.municipality_code = $1 AND coalesce(p.paid_on, cr.received_on, ib.received_on) = $2
          AND (e.status = 'open' OR (e.status = 'in_review' AND e.assignee IS NULL))
        ORDER BY e.id`,
      [this.config.MUNICIPALITY_CODE, day]);
    return rows.map((r) => r.id);
  }

  async isClosed(day: string, q: { query(sql: string, params: unknown[]): Promise<{ action: string }[]> } = this.db.dataSource): Promise<boolean> {
    const [last]: { action: string }[] = await q.query(
      `SELECT action FROM daily_close WHERE municipality_code = $1 AND business_date = $2 ORDER BY id DESC LIMIT 1`,
      [this.config.MUNICIPALITY_CODE, day]);
    return last?.action === 'close';
  }

  private async refuseClosedDay(q: QueryRunner, day: string | null): Promise<void> {
    if (!day) return;
    if (await this.isClosed(day, q)) {
      throw new WorkflowError(WorkflowErrorCode.DayClosed, `${day} は締め済みです。再開してから処理してください / ${day} is closed: reopen it first`);
    }
  }

  /** 日次締め: every exception of the day resolved, dismissed or carried over (in review with someone). */
  async closeDay(day: string, actor: Actor, reason: string | undefined): Promise<void> {
    await this.inTransaction(async (q) => {
      const m = this.config.MUNICIPALITY_CODE;
      await this.refuseClosedDay(q, day);
      const n = (await this.blockingExceptions(day, q)).length;
      if (n > 0) {
        throw new WorkflowError(WorkflowErrorCode.DayNotReady, `${day} には未処理の例外が ${n} 件あります / ${n} exception(s) of ${day} are neither resolved nor carried over`);
      }
      await q.query(`INSERT INTO daily_close (municipality_code, business_date, action, actor, reason) VALUES ($1, $2, 'close', $3, $4)`, [m, day, actor.loginName, reason ?? null]);
      await this.audit.append(q, { municipalityCode: m, actor: actor.loginName, action: 'day.close', entity: 'daily_close', entityId: day, reason: reason ?? null });
    });
  }

  async reopenDay(day: string, actor: Actor, reason: string): Promise<void> {
    if (!reason?.trim()) throw new WorkflowError(WorkflowErrorCode.ReasonRequired, '再開の理由を入力してください / reopening a day needs a reason');
    await this.inTransaction(async (q) => {
      const m = this.config.MUNICIPALITY_CODE;
      if (!(await this.isClosed(day, q))) throw new WorkflowError(WorkflowErrorCode.IllegalTransition, `${day} は締められていません / ${day} is not closed`);
      await q.query(`INSERT INTO daily_close (municipality_code, business_date, action, actor, reason) VALUES ($1, $2, 'reopen', $3, $4)`, [m, day, actor.loginName, reason]);
      await this.audit.append(q, { municipalityCode: m, actor: actor.loginName, action: 'day.reopen', entity: 'daily_close', entityId: day, reason });
    });
  }
}
