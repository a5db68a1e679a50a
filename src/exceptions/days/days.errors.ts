import { DomainError, DomainErrorKind } from '../../common/domain-error';

/** What 日次締め refuses. The codes are the API's as they have always been (clients match on them). */
export enum DayErrorCode {
  /** The day is closed: reopen it before changing what it holds. */
  Closed = 'DAY_CLOSED',
  /** Exceptions of the day are neither resolved nor carried over. */
  NotReady = 'DAY_NOT_READY',
  /** Reopening a day that is not closed. */
  NotClosed = 'EXCEPTION_ILLEGAL_TRANSITION',
  ReasonRequired = 'EXCEPTION_REASON_REQUIRED',
}

const KIND: Record<DayErrorCode, DomainErrorKind> = {
  [DayErrorCode.Closed]: 'conflict',
  [DayErrorCode.NotReady]: 'conflict',
  [DayErrorCode.NotClosed]: 'conflict',
  [DayErrorCode.ReasonRequired]: 'invalid',
};

export class DayError extends DomainError {
  constructor(code: DayErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
