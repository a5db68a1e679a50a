import { DomainError, DomainErrorKind } from '../common/domain-error';

/** What the deposits reconciliation refuses. */
export enum DepositErrorCode {
  /** A payout source's terms out of range, a format that pays out nothing, a name that folds to nothing. */
  InvalidPayoutSource = 'DEPOSIT_INVALID_PAYOUT_SOURCE',
  /** An expected payout asked for that there is not. */
  NotFound = 'DEPOSIT_NOT_FOUND',
}

const KIND: Record<DepositErrorCode, DomainErrorKind> = {
  [DepositErrorCode.InvalidPayoutSource]: 'invalid',
  [DepositErrorCode.NotFound]: 'not_found',
};

export class DepositError extends DomainError {
  constructor(code: DepositErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
