import type { ExceptionStatus } from '../common/codes';
import { DomainError, DomainErrorKind } from '../common/domain-error';
import { mayMove, type Mover } from '../common/exception-lifecycle';

export { type Mover } from '../common/exception-lifecycle';

export enum WorkflowErrorCode {
  IllegalTransition = 'EXCEPTION_ILLEGAL_TRANSITION',
  ReasonRequired = 'EXCEPTION_REASON_REQUIRED',
  SelfApproval = 'RESOLUTION_SELF_APPROVAL',
  NotPending = 'RESOLUTION_NOT_PENDING',
  /** A proposal waits for a manager: the case stays as it is until it is decided or withdrawn. */
  ProposalPending = 'RESOLUTION_PENDING',
  /** Only the proposer or a manager withdraws a proposal. */
  NotProposer = 'RESOLUTION_NOT_PROPOSER',
  NotApplicable = 'RESOLUTION_NOT_APPLICABLE',
  DayClosed = 'DAY_CLOSED',
  DayNotReady = 'DAY_NOT_READY',
  NotFound = 'WORKFLOW_NOT_FOUND',
  UnknownAssignee = 'EXCEPTION_UNKNOWN_ASSIGNEE',
}

const KIND: Partial<Record<WorkflowErrorCode, DomainErrorKind>> = {
  [WorkflowErrorCode.NotFound]: 'not_found',
  [WorkflowErrorCode.SelfApproval]: 'forbidden',
  [WorkflowErrorCode.NotProposer]: 'forbidden',
  [WorkflowErrorCode.UnknownAssignee]: 'invalid',
};

export class WorkflowError extends DomainError {
  constructor(code: WorkflowErrorCode, message: string) {
    super(KIND[code] ?? 'conflict', code, message);
  }
}

export function requireReason(reason: string | undefined): string {
  if (!reason || !reason.trim()) {
    throw new WorkflowError(WorkflowErrorCode.ReasonRequired, '理由を入力してください / a reason is required');
  }
  return reason;
}

/**
 * The one transition function of the life cycle (src/common/exception-lifecycle.ts): refuses a move
 * the mover may not make, and a missing reason; returns the new status.
 */
export function transition(from: ExceptionStatus, to: ExceptionStatus, by: Mover, reason: string | undefined): ExceptionStatus {
  requireReason(reason);
  if (!mayMove(from, to, by)) {
    const how = by === 'person' && (to === 'resolved' || to === 'dismissed')
      ? '（解決・対応不要は処理の登録でのみ / only a resolution closes an exception）'
      : '';
    throw new WorkflowError(WorkflowErrorCode.IllegalTransition,
      `${from} から ${to} へは変更できません${how} / cannot move an exception from ${from} to ${to} (${by})`);
  }
  return to;
}
