import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { RESOLUTION_LABELS } from '../../common/labels';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database';
import { DaysService } from '../days/days.service';
import { Actor, ExceptionCasesService } from '../exception-cases.service';
import { requireReason } from '../exception-state';
import { ExceptionError, ExceptionErrorCode, proposalPending } from '../exceptions.errors';
import type { CaseRow } from '../exceptions.repository';
import { fits, KEEPS_CASE_OPEN, needsApproval, type ResolutionAction } from '../resolution-rules';
import { ResolutionError, ResolutionErrorCode } from './resolutions.errors';
import { ResolutionRow, ResolutionsRepository } from './resolutions.repository';

export interface ResolveRequest {
  action: ResolutionAction;
  reason: string;
  /** manual_match, apply_to_bill: the bill chosen. */
  billId?: number;
  /** undo_match: the match to reverse. */
  matchId?: number;
  /** link_deposit: the 入金 (statement entry) that pays the missing payout. */
  statementEntryId?: number;
}

/**
 * The 会計課's decisions on exceptions. Every decision writes new records (a resolution, a match, a
 * reversal, an adjustment) and an audit row; nothing is edited away. Only an applied resolution closes
 * an exception. Actions that move money above FOUR_EYES_THRESHOLD, and a dismiss wherever money is held,
 * are proposed by one person and take effect when a different manager approves; while a proposal waits
 * the case does not move, until it is approved, rejected or withdrawn. A closed day (日次締め) refuses them.
 */
@Injectable()
export class ResolutionsService {
  constructor(
    private readonly db: Database,
    private readonly resolutions: ResolutionsRepository,
    private readonly cases: ExceptionCasesService,
    private readonly days: DaysService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Records a resolution: applied at once, or proposed for a manager's approval (four-eyes). */
  async resolve(id: number, request: ResolveRequest, actor: Actor): Promise<{ resolutionId: number; status: 'applied' | 'proposed' }> {
    return this.db.transaction(async (q) => {
      const e = await this.cases.lock(q, id);
      if (e.status === 'resolved' || e.status === 'dismissed') {
        throw new ExceptionError(
          ExceptionErrorCode.IllegalTransition,
          `例外 ${id} は処理済みです / exception ${id} is already ${e.status}`,
        );
      }
      if (!fits(request.action, e.type)) {
        throw new ResolutionError(
          ResolutionErrorCode.NotApplicable,
          `${e.type} に ${request.action} は使えません / ${request.action} does not resolve ${e.type}`,
        );
      }
      await this.cases.refusePending(q, id);
      await this.days.refuseClosed(q, e.paid_on);
      const amount = await this.amountOf(q, e, request);
      const requiresApproval = needsApproval(request.action, e.type, amount, this.config.FOUR_EYES_THRESHOLD);
      if (e.status === 'open') await this.cases.move(q, e, 'in_review', 'person', actor, request.reason);
      const resolutionId = await this.resolutions.propose(q, {
        municipalityCode: e.municipality_code,
        exceptionId: id,
        action: request.action,
        amount,
        requiresApproval,
        targetBillId: request.billId ?? null,
        targetMatchId: request.matchId ?? null,
        targetStatementEntryId: request.statementEntryId ?? null,
        reason: request.reason,
        proposedBy: actor.loginName,
      });
      if (resolutionId === null) throw proposalPending(id);
      await this.audit.append(q, {
        municipalityCode: e.municipality_code,
        actor: actor.loginName,
        action: 'resolution.propose',
        entity: 'resolution',
        entityId: String(resolutionId),
        after: { exceptionId: id, action: request.action, amount, requiresApproval },
        reason: request.reason,
      });
      if (requiresApproval) return { resolutionId, status: 'proposed' as const };
      await this.apply(q, e, await this.lock(q, resolutionId), actor, request.reason);
      return { resolutionId, status: 'applied' as const };
    });
  }

  async approve(resolutionId: number, actor: Actor, reason: string): Promise<void> {
    await this.db.transaction(async (q) => {
      const r = await this.pending(q, resolutionId);
      if (r.proposed_by === actor.loginName) {
        throw new ResolutionError(
          ResolutionErrorCode.SelfApproval,
          '自分の提案は承認できません / a proposal cannot be approved by the one who proposed it',
        );
      }
      const e = await this.cases.lock(q, r.exception_id);
      await this.days.refuseClosed(q, e.paid_on);
      await this.apply(q, e, r, actor, reason, await this.isDeputy(q, actor));
    });
  }

  /** 差戻し: a manager other than the proposer turns the proposal down; the case stays in review. */
  async reject(resolutionId: number, actor: Actor, reason: string): Promise<void> {
    await this.db.transaction(async (q) => {
      const r = await this.pending(q, resolutionId);
      requireReason(reason);
      if (r.proposed_by === actor.loginName) {
        throw new ResolutionError(
          ResolutionErrorCode.SelfApproval,
          '自分の提案は差し戻せません。取下げてください / withdraw your own proposal instead',
        );
      }
      await this.close(q, r, 'rejected', actor, reason, await this.isDeputy(q, actor));
    });
  }

  /** 取下げ: the proposer, or a manager, takes a waiting proposal back; the case stays in review. */
  async withdraw(resolutionId: number, actor: Actor, reason: string): Promise<void> {
    await this.db.transaction(async (q) => {
      const r = await this.pending(q, resolutionId);
      requireReason(reason);
      const own = r.proposed_by === actor.loginName;
      if (!own && actor.role !== 'manager') {
        throw new ResolutionError(
          ResolutionErrorCode.NotProposer,
          `提案 #${resolutionId} を取下げられるのは提案者（${r.proposed_by}）か課長です / only the proposer or a manager withdraws a proposal`,
        );
      }
      await this.close(q, r, 'withdrawn', actor, reason, !own && (await this.isDeputy(q, actor)));
    });
  }

  /** A proposal that does not take effect: rejected or withdrawn, kept with who decided and why. */
  private async close(
    q: QueryRunner,
    r: ResolutionRow,
    status: 'rejected' | 'withdrawn',
    actor: Actor,
    reason: string,
    deputy: boolean,
  ): Promise<void> {
    await this.resolutions.decide(q, r.id, status, { decidedBy: actor.loginName, reason, deputy });
    await this.audit.append(q, {
      municipalityCode: this.config.MUNICIPALITY_CODE,
      actor: actor.loginName,
      action: status === 'rejected' ? 'resolution.reject' : 'resolution.withdraw',
      entity: 'resolution',
      entityId: String(r.id),
      before: { status: 'proposed' },
      after: { status, proposedBy: r.proposed_by, ...(deputy ? { deputy } : {}) },
      reason,
    });
  }

  /** 代決: whether the manager deciding is the one named as the 課長's deputy (kept with the decision). */
  private isDeputy(q: QueryRunner, actor: Actor): Promise<boolean> {
    return this.resolutions.isDeputy(q, this.config.MUNICIPALITY_CODE, actor.loginName);
  }

  private async lock(q: QueryRunner, id: number): Promise<ResolutionRow> {
    const r = await this.resolutions.lock(q, this.config.MUNICIPALITY_CODE, id);
    if (!r) throw new ResolutionError(ResolutionErrorCode.NotFound, `処理 ${id} はありません / resolution ${id} not found`);
    return r;
  }

  private async pending(q: QueryRunner, id: number): Promise<ResolutionRow> {
    const r = await this.lock(q, id);
    if (r.status !== 'proposed') {
      throw new ResolutionError(ResolutionErrorCode.NotPending, `処理 ${id} は承認待ちではありません / resolution ${id} is ${r.status}`);
    }
    return r;
  }

  /** How many yen the action moves; checks the chosen bill or match. */
  private async amountOf(q: QueryRunner, e: CaseRow, request: ResolveRequest): Promise<number> {
    const paid = e.payment_amount ?? 0;
    const notApplicable = (message: string) => new ResolutionError(ResolutionErrorCode.NotApplicable, message);
    switch (request.action) {
      case 'manual_match':
      case 'apply_to_bill': {
        if (!request.billId) throw notApplicable('消込先の調定を選んでください / choose the bill');
        const bill = await this.openBill(q, request.billId);
        if (request.action === 'apply_to_bill' && bill.payer_id !== e.payer_id) {
          throw notApplicable('充当先は同じ宛名番号の調定に限ります / apply only to a bill of the same payer');
        }
        const amount = Math.min(paid - (await this.resolutions.appliedOfPayment(q, e.payment_id)), bill.open);
        if (amount <= 0) throw notApplicable('充当できる金額がありません / nothing to apply');
        return amount;
      }
      case 'undo_match': {
        const amount = await this.resolutions.standingMatchAmount(q, request.matchId ?? 0, e.payment_id);
        if (amount === undefined) throw notApplicable('取り消せる消込がありません / no standing match to undo');
        return amount;
      }
      case 'refund': {
        const amount = paid - (await this.resolutions.appliedOfPayment(q, e.payment_id));
        if (amount <= 0) throw notApplicable('還付できる金額がありません / nothing left to refund');
        return amount;
      }
      case 'write_off': {
        const short = (e.expected_amount ?? 0) - (e.paid_amount ?? 0);
        if (short > this.config.WRITE_OFF_LIMIT) {
          throw notApplicable(
            `差額 ${short}円は上限 ${this.config.WRITE_OFF_LIMIT}円を超えます / the difference exceeds the write-off limit`,
          );
        }
        return short;
      }
      case 'accept_fee_difference': {
        const difference = Math.abs((e.expected_amount ?? 0) - (e.paid_amount ?? 0));
        if (difference === 0) throw notApplicable('差額がありません / there is no difference to accept');
        return difference;
      }
      case 'link_deposit': {
        const amount = request.statementEntryId
          ? await this.resolutions.linkableCredit(q, e.municipality_code, request.statementEntryId)
          : undefined;
        if (amount === undefined) {
          throw notApplicable('紐付ける入金（まだ紐付けのない入金明細）を選んでください / choose a deposit not yet linked');
        }
        return amount;
      }
      case 'escalate_to_provider':
      case 'accept_installment':
      case 'dismiss':
        return 0;
    }
  }

  /** The chosen bill, refused unless it is active with money still open (`bill_balance`). */
  private async openBill(q: QueryRunner, billId: number): Promise<{ open: number; payer_id: string }> {
    const bill = await this.resolutions.bill(q, this.config.MUNICIPALITY_CODE, billId);
    if (!bill || bill.status !== 'active' || bill.open <= 0) {
      throw new ResolutionError(
        ResolutionErrorCode.NotApplicable,
        `調定 ${billId} は未納額のある有効な調定ではありません / bill ${billId} is not an active bill with an open amount`,
      );
    }
    return bill;
  }

  /** The effect of a resolution, as new records, and the exception closed. */
  private async apply(q: QueryRunner, e: CaseRow, r: ResolutionRow, actor: Actor, reason: string, deputy = false): Promise<void> {
    const m = e.municipality_code;
    switch (r.action) {
      case 'manual_match':
      case 'apply_to_bill': {
        const manual = r.action === 'manual_match';
        await this.resolutions.applyToBill(q, {
          municipalityCode: m,
          paymentId: e.payment_id,
          billId: r.target_bill_id,
          amount: r.amount,
          rule: manual ? 'manual' : 'juto',
          reason: `${manual ? '手動消込' : '充当'}: ${r.reason} / resolution #${r.id}`,
          by: r.proposed_by,
        });
        break;
      }
      case 'undo_match':
        await this.resolutions.reverseMatch(q, r.target_match_id, `消込取消: ${r.reason} / resolution #${r.id}`, r.proposed_by);
        break;
      case 'write_off':
        await this.resolutions.writeOff(q, { municipalityCode: m, billId: e.bill_id, amount: r.amount, resolutionId: r.id });
        break;
      // A link, an accepted fee difference and an escalation are the resolution itself: the deposits
      // reconciliation reads applied links on its next run.
      case 'refund':
      case 'accept_installment':
      case 'dismiss':
      case 'accept_fee_difference':
      case 'link_deposit':
      case 'escalate_to_provider':
        break;
    }
    await this.resolutions.decide(q, r.id, 'applied', { decidedBy: actor.loginName, reason, deputy });
    await this.resolutions.recordDecisionEvent(q, r.id);
    await this.audit.append(q, {
      municipalityCode: m,
      actor: actor.loginName,
      action: 'resolution.apply',
      entity: 'resolution',
      entityId: String(r.id),
      before: { status: 'proposed' },
      after: { status: 'applied', action: r.action, amount: r.amount, proposedBy: r.proposed_by, ...(deputy ? { deputy } : {}) },
      reason,
    });
    const approval = r.requires_approval ? `、${deputy ? '代決' : '承認'} ${actor.loginName}` : '';
    const label = RESOLUTION_LABELS[r.action] ?? r.action;
    const words = `${label} ${r.amount.toLocaleString('ja-JP')}円（提案 ${r.proposed_by}${approval}）: ${r.reason}`;
    if (KEEPS_CASE_OPEN.includes(r.action)) return;
    await this.cases.move(q, e, r.action === 'dismiss' ? 'dismissed' : 'resolved', 'resolution', actor, reason, words);
  }
}
