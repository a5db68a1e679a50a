import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum ImportErrorCode {
  UnknownFormat = 'IMPORT_UNKNOWN_FORMAT',
  BatchNotFound = 'IMPORT_BATCH_NOT_FOUND',
  /** An upload without its multipart `file`. */
  FileMissing = 'IMPORT_FILE_MISSING',
  /** Release or reject of a batch that is not held (already released, rejected, or never held). */
  NotHeld = 'IMPORT_NOT_HELD',
  /** Four eyes: the person who brought a held file may not release or reject it. */
  OwnUpload = 'IMPORT_OWN_UPLOAD',
  /** A held file's kept lines no longer parse as they did when it was held. */
  HeldFileChanged = 'IMPORT_HELD_FILE_CHANGED',
}

/** Every code's kind, so a new code cannot be added without deciding its HTTP status. */
const KINDS: Record<ImportErrorCode, DomainErrorKind> = {
  [ImportErrorCode.UnknownFormat]: 'invalid',
  [ImportErrorCode.BatchNotFound]: 'not_found',
  [ImportErrorCode.FileMissing]: 'invalid',
  [ImportErrorCode.NotHeld]: 'conflict',
  [ImportErrorCode.OwnUpload]: 'forbidden',
  [ImportErrorCode.HeldFileChanged]: 'conflict',
};

export class ImportError extends DomainError {
  constructor(code: ImportErrorCode, message: string) {
    super(KINDS[code], code, message);
  }
}
