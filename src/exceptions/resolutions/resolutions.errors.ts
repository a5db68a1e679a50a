import { DomainError, DomainErrorKind } from '../../common/domain-error';

/** What a resolution (処理) refuses. The codes are the API's as they have always been (clients match on them). */
export enum ResolutionErrorCode {
  NotFound = 'WORKFLOW_NOT_FOUND',
  /** Four-eyes: the proposer never approves or rejects their own proposal. */
  SelfApproval = 'RESOLUTION_SELF_APPROVAL',
  NotPending = 'RESOLUTION_NOT_PENDING',
  /** Only the proposer or a manager withdraws a proposal. */
  NotProposer = 'RESOLUTION_NOT_PROPOSER',
  /** The action does not fit the exception, or names no bill, match or amount it could act on. */
  NotApplicable = 'RESOLUTION_NOT_APPLICABLE',
}

const KIND: Record<ResolutionErrorCode, DomainErrorKind> = {
  [ResolutionErrorCode.NotFound]: 'not_found',
  [ResolutionErrorCode.SelfApproval]: 'forbidden',
  [ResolutionErrorCode.NotPending]: 'conflict',
  [ResolutionErrorCode.NotProposer]: 'forbidden',
  [ResolutionErrorCode.NotApplicable]: 'conflict',
};

export class ResolutionError extends DomainError {
  constructor(code: ResolutionErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
