import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum ExceptionErrorCode {
  NotFound = 'EXCEPTION_NOT_FOUND',
  BadCursor = 'EXCEPTION_BAD_CURSOR',
}

const KIND: Record<ExceptionErrorCode, DomainErrorKind> = {
  [ExceptionErrorCode.NotFound]: 'not_found',
  [ExceptionErrorCode.BadCursor]: 'invalid',
};

export class ExceptionError extends DomainError {
  constructor(code: ExceptionErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
