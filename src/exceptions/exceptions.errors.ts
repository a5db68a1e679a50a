import { DomainError } from '../common/domain-error';

export enum ExceptionErrorCode {
  NotFound = 'EXCEPTION_NOT_FOUND',
}

export class ExceptionError extends DomainError {
  constructor(code: ExceptionErrorCode, message: string) {
    super('not_found', code, message);
  }
}
