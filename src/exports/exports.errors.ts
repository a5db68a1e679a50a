import { DomainError, DomainErrorKind } from '../common/domain-error';

/** What 連携出力 refuses. */
export enum ExportErrorCode {
  /** No business system of that name (export-target set makes one). */
  TargetNotFound = 'EXPORT_TARGET_NOT_FOUND',
  /** A target's settings that cannot be: an unknown category or column, a bad name, a relative folder. */
  InvalidTarget = 'EXPORT_TARGET_INVALID',
  RunNotFound = 'EXPORT_RUN_NOT_FOUND',
  /** A date range the wrong way round, or a day that is not a day. */
  InvalidRange = 'EXPORT_INVALID_RANGE',
  FailedDebitNotFound = 'EXPORT_FAILED_DEBIT_NOT_FOUND',
  /** A follow-up must say what was done. */
  FollowUpNoteRequired = 'EXPORT_FOLLOW_UP_NOTE_REQUIRED',
  /** The 振替不能 was already followed up (the first follow-up stands). */
  AlreadyFollowedUp = 'EXPORT_ALREADY_FOLLOWED_UP',
}

const KIND: Record<ExportErrorCode, DomainErrorKind> = {
  [ExportErrorCode.TargetNotFound]: 'not_found',
  [ExportErrorCode.InvalidTarget]: 'invalid',
  [ExportErrorCode.RunNotFound]: 'not_found',
  [ExportErrorCode.InvalidRange]: 'invalid',
  [ExportErrorCode.FailedDebitNotFound]: 'not_found',
  [ExportErrorCode.FollowUpNoteRequired]: 'invalid',
  [ExportErrorCode.AlreadyFollowedUp]: 'conflict',
};

export class ExportError extends DomainError {
  constructor(code: ExportErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
