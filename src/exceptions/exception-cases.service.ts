import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ExceptionStatus } from '../common/codes';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { type Mover, transition } from './exception-state';
import { ExceptionError, ExceptionErrorCode, proposalPending } from './exceptions.errors';
import { CaseRow, ExceptionsRepository } from './exceptions.repository';

/** Who acts: the login name is what the audit log and the records carry. */
export interface Actor {
  loginName: string;
  role: string;
}

/**
 * A case's own life cycle, by people: take it up (担当, one or many at once), hand it back, comment. Each
 * change is an audit row with its reason. Only an applied resolution closes a case (./resolutions), which
 * moves it through `move` here: there is one transition path, guarded by the life cycle.
 */
@Injectable()
export class ExceptionCasesService {
  constructor(
    private readonly db: Database,
    private readonly exceptions: ExceptionsRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The case, locked until the transaction `q` ends. */
  async lock(q: QueryRunner, id: number): Promise<CaseRow> {
    const row = await this.exceptions.lockCase(q, this.config.MUNICIPALITY_CODE, id);
    if (!row) throw new ExceptionError(ExceptionErrorCode.CaseNotFound, `例外 ${id} はありません / exception ${id} not found`);
    return row;
  }

  /**
   * Moves the case along the life cycle (refused unless `by` may take that edge) with its audit row;
   * closing records `closingWords` (default the reason) as how it was resolved.
   */
  async move(
    q: QueryRunner,
    e: CaseRow,
    to: ExceptionStatus,
    by: Mover,
    actor: Actor,
    reason: string,
    closingWords?: string,
  ): Promise<void> {
    transition(e.status, to, by, reason);
    const closing = to === 'resolved' || to === 'dismissed';
    await this.exceptions.setStatus(q, e.id, to, closing ? { loginName: actor.loginName, resolution: closingWords ?? reason } : null);
    await this.audit.append(q, {
      municipalityCode: e.municipality_code,
      actor: actor.loginName,
      action: 'exception.transition',
      entity: 'recon_exception',
      entityId: String(e.id),
      before: { status: e.status },
      after: { status: to },
      reason,
    });
    e.status = to;
  }

  /** A waiting proposal freezes the case: it is approved, rejected or withdrawn first. */
  async refusePending(q: QueryRunner, exceptionId: number): Promise<void> {
    const pending = await this.exceptions.pendingProposal(q, exceptionId);
    if (pending) throw proposalPending(exceptionId, pending);
  }

  async assign(id: number, assignee: string, actor: Actor, reason: string): Promise<void> {
    await this.db.transaction(async (q) => {
      await this.requireAssignee(q, assignee);
      await this.assignOne(q, id, assignee, actor, reason);
    });
  }

  /** 一括担当: all of them or none; each keeps its own audit row, as if assigned one by one. */
  async assignMany(ids: number[], assignee: string, actor: Actor, reason: string): Promise<number> {
    return this.db.transaction(async (q) => {
      await this.requireAssignee(q, assignee);
      const unique = [...new Set(ids)].sort((a, b) => a - b);
      for (const id of unique) await this.assignOne(q, id, assignee, actor, reason);
      return unique.length;
    });
  }

  private async requireAssignee(q: QueryRunner, assignee: string): Promise<void> {
    if (!(await this.exceptions.isActiveStaff(q, this.config.MUNICIPALITY_CODE, assignee))) {
      throw new ExceptionError(
        ExceptionErrorCode.UnknownAssignee,
        `担当者 ${assignee} は職員として登録されていません / ${assignee} is not an active staff member`,
      );
    }
  }

  private async assignOne(q: QueryRunner, id: number, assignee: string, actor: Actor, reason: string): Promise<void> {
    const e = await this.lock(q, id);
    await this.exceptions.setAssignee(q, id, assignee);
    await this.audit.append(q, {
      municipalityCode: e.municipality_code,
      actor: actor.loginName,
      action: 'exception.assign',
      entity: 'recon_exception',
      entityId: String(id),
      after: { assignee },
      reason,
    });
    if (e.status === 'open') await this.move(q, e, 'in_review', 'person', actor, reason);
  }

  /** By hand a person only takes a case up or hands it back; a resolution closes it. */
  async changeStatus(id: number, to: ExceptionStatus, actor: Actor, reason: string): Promise<void> {
    await this.db.transaction(async (q) => {
      const e = await this.lock(q, id);
      transition(e.status, to, 'person', reason);
      await this.refusePending(q, id);
      await this.move(q, e, to, 'person', actor, reason);
    });
  }

  async comment(id: number, body: string, actor: Actor): Promise<number> {
    return this.db.transaction(async (q) => {
      const e = await this.lock(q, id);
      const commentId = await this.exceptions.addComment(q, {
        municipalityCode: e.municipality_code,
        exceptionId: id,
        author: actor.loginName,
        body,
      });
      await this.audit.append(q, {
        municipalityCode: e.municipality_code,
        actor: actor.loginName,
        action: 'exception.comment',
        entity: 'recon_exception',
        entityId: String(id),
        after: { commentId, body },
      });
      return commentId;
    });
  }
}
