import { DomainError } from '../common/domain-error';

export enum ImportErrorCode {
  UnknownFormat = 'IMPORT_UNKNOWN_FORMAT',
  BatchNotFound = 'IMPORT_BATCH_NOT_FOUND',
  FileMissing = 'IMPORT_FILE_MISSING',
}

export class ImportError extends DomainError {
  constructor(code: ImportErrorCode, message: string) {
    super(code === ImportErrorCode.BatchNotFound ? 'not_found' : 'invalid', code, message);
  }
}
