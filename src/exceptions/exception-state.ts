import type { ExceptionStatus } from '../common/codes';
import { DomainError, DomainErrorKind } from '../common/domain-error';

/**
 * The exception life cycle: open → in_review → resolved | dismissed. A person moves an exception only
 * along these edges, always with a reason; in_review → open hands it back to the queue. The matching
 * engine alone may close an untouched open exception directly, when re-evaluation shows it no longer
 * applies (the bill arrived, the payment was cancelled).
 */
const EDGES: Record<ExceptionStatus, ExceptionStatus[]> = {
  open: ['in_review'],
  in_review: ['resolved', 'dismissed', 'open'],
  resolved: [],
  dismissed: [],
};

export enum WorkflowErrorCode {
  IllegalTransition = 'EXCEPTION_ILLEGAL_TRANSITION',
  ReasonRequired = 'EXCEPTION_REASON_REQUIRED',
  SelfApproval = 'RESOLUTION_SELF_APPROVAL',
  NotPending = 'RESOLUTION_NOT_PENDING',
  NotApplicable = 'RESOLUTION_NOT_APPLICABLE',
  DayClosed = 'DAY_CLOSED',
  DayNotReady = 'DAY_NOT_READY',
  NotFound = 'WORKFLOW_NOT_FOUND',
  UnknownAssignee = 'EXCEPTION_UNKNOWN_ASSIGNEE',
}

const KIND: Partial<Record<WorkflowErrorCode, DomainErrorKind>> = {
  [WorkflowErrorCode.NotFound]: 'not_found',
  [WorkflowErrorCode.SelfApproval]: 'forbidden',
  [WorkflowErrorCode.UnknownAssignee]: 'invalid',
};

export class WorkflowError extends DomainError {
  constructor(code: WorkflowErrorCode, message: string) {
    super(KIND[code] ?? 'conflict', code, message);
  }
}

export function allowedTransitions(from: ExceptionStatus): readonly ExceptionStatus[] {
  return EDGES[from];
}

/** Refuses an illegal move or a missing reason; returns the new status. */
export function transition(from: ExceptionStatus, to: ExceptionStatus, reason: string | undefined): ExceptionStatus {
  if (!reason || !reason.trim()) {
    throw new WorkflowError(WorkflowErrorCode.ReasonRequired, '理由を入力してください / a reason is required for every transition');
  }
  if (!EDGES[from].includes(to)) {
    throw new WorkflowError(WorkflowErrorCode.IllegalTransition, `${from} から ${to} へは変更できません / cannot move an exception from ${from} to ${to}`);
  }
  return to;
}
