import type { ExceptionStatus } from '../common/codes';
import { mayMove, type Mover } from '../common/exception-lifecycle';
import { ExceptionError, ExceptionErrorCode } from './exceptions.errors';

export { type Mover } from '../common/exception-lifecycle';

export function requireReason(reason: string | undefined): string {
  if (!reason || !reason.trim()) {
    throw new ExceptionError(ExceptionErrorCode.ReasonRequired, '理由を入力してください / a reason is required');
  }
  return reason;
}

/**
 * The one transition function of the life cycle (src/common/exception-lifecycle.ts): refuses a move
 * the mover may not make, and a missing reason; returns the new status.
 */
export function transition(from: ExceptionStatus, to: ExceptionStatus, by: Mover, reason: string | undefined): ExceptionStatus {
  requireReason(reason);
  if (!mayMove(from, to, by)) {
    const how =
      by === 'person' && (to === 'resolved' || to === 'dismissed')
        ? '（解決・対応不要は処理の登録でのみ / only a resolution closes an exception）'
        : '';
    throw new ExceptionError(
      ExceptionErrorCode.IllegalTransition,
      `${from} から ${to} へは変更できません${how} / cannot move an exception from ${from} to ${to} (${by})`,
    );
  }
  return to;
}
