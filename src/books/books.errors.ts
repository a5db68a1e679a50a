import { DomainError, DomainErrorKind } from '../common/domain-error';

/** What the books refuse. The codes are the API's: clients match on them. */
export enum BooksErrorCode {
  /** A journal needs exactly one of a day or a month. */
  PeriodRequired = 'BOOKS_PERIOD_REQUIRED',
  UnknownCategory = 'BOOKS_UNKNOWN_CATEGORY',
  RefundNotFound = 'BOOKS_REFUND_NOT_FOUND',
  RefundAlreadyPaid = 'BOOKS_REFUND_ALREADY_PAID',
  /** A refund cannot be paid out before it was decided. */
  RefundPaidBeforeDecision = 'BOOKS_REFUND_PAID_BEFORE_DECISION',
  /** A procedure lists a channel twice. */
  RepeatedChannel = 'BOOKS_REPEATED_CHANNEL',
}

const KIND: Record<BooksErrorCode, DomainErrorKind> = {
  [BooksErrorCode.PeriodRequired]: 'invalid',
  [BooksErrorCode.UnknownCategory]: 'not_found',
  [BooksErrorCode.RefundNotFound]: 'not_found',
  [BooksErrorCode.RefundAlreadyPaid]: 'conflict',
  [BooksErrorCode.RefundPaidBeforeDecision]: 'invalid',
  [BooksErrorCode.RepeatedChannel]: 'invalid',
};

export class BooksError extends DomainError {
  constructor(code: BooksErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
