import { DomainError, DomainErrorKind } from '../common/domain-error';

/** What the exception queue and a case's life cycle refuse. The codes are the API's: clients match on them. */
export enum ExceptionErrorCode {
  NotFound = 'EXCEPTION_NOT_FOUND',
  /** Acting on a case (assign, status, comment, resolve) that does not exist. */
  CaseNotFound = 'WORKFLOW_NOT_FOUND',
  BadCursor = 'EXCEPTION_BAD_CURSOR',
  IllegalTransition = 'EXCEPTION_ILLEGAL_TRANSITION',
  ReasonRequired = 'EXCEPTION_REASON_REQUIRED',
  UnknownAssignee = 'EXCEPTION_UNKNOWN_ASSIGNEE',
  /** A proposal waits for a manager: the case stays as it is until it is decided or withdrawn. */
  ProposalPending = 'RESOLUTION_PENDING',
}

const KIND: Record<ExceptionErrorCode, DomainErrorKind> = {
  [ExceptionErrorCode.NotFound]: 'not_found',
  [ExceptionErrorCode.CaseNotFound]: 'not_found',
  [ExceptionErrorCode.BadCursor]: 'invalid',
  [ExceptionErrorCode.IllegalTransition]: 'conflict',
  [ExceptionErrorCode.ReasonRequired]: 'invalid',
  [ExceptionErrorCode.UnknownAssignee]: 'invalid',
  [ExceptionErrorCode.ProposalPending]: 'conflict',
};

export class ExceptionError extends DomainError {
  constructor(code: ExceptionErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}

/** The case is frozen while `pending` (or a proposal made meanwhile) waits for a manager. */
export function proposalPending(exceptionId: number, pending?: { id: number; proposedBy: string }): ExceptionError {
  return new ExceptionError(
    ExceptionErrorCode.ProposalPending,
    pending
      ? `例外 ${exceptionId} には承認待ちの提案 #${pending.id}（${pending.proposedBy}）があります。承認・差戻し・取下げの後に操作してください` +
          ` / exception ${exceptionId} has proposal #${pending.id} awaiting approval: it is decided or withdrawn first`
      : `例外 ${exceptionId} には承認待ちの処理があります / exception ${exceptionId} already has a proposal awaiting approval`,
  );
}
