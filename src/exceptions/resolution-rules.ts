import type { ExceptionType } from '../common/codes';

// Pure rules of the workflow, shared by the service and the web UI (which imports this file), so the
// buttons offered are always the actions the server accepts.

export const RESOLUTION_ACTIONS = [
  'manual_match',
  'undo_match',
  'accept_installment',
  'refund',
  'apply_to_bill',
  'write_off',
  'dismiss',
] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

/** Which resolutions fit which exception (domain.md: each exception type has its own resolution). */
export const APPLICABLE: Record<ResolutionAction, readonly ExceptionType[] | 'any'> = {
  manual_match: ['unknown_bill', 'invalid_reference'],
  undo_match: ['late_payment', 'amount_short', 'amount_over', 'final_only', 'duplicate_payment', 'unknown_bill', 'invalid_reference'],
  accept_installment: ['amount_short'],
  refund: ['amount_over', 'duplicate_payment', 'bill_cancelled', 'unknown_bill', 'invalid_reference'],
  apply_to_bill: ['amount_over', 'duplicate_payment', 'bill_cancelled'],
  write_off: ['amount_short'],
  dismiss: 'any',
};

/** Actions that move money: above FOUR_EYES_THRESHOLD a different manager must approve them. */
export const MONEY_MOVING: readonly ResolutionAction[] = ['manual_match', 'undo_match', 'refund', 'apply_to_bill', 'write_off'];

/**
 * Types where no money is held (issue #6): dismissing one releases nothing. For every other type —
 * money paid and not yet applied, refunded or accounted for — a dismiss is four-eyes whatever the amount.
 */
export const NO_MONEY_HELD: readonly ExceptionType[] = [
  'late_payment',
  'preliminary_only',
  'final_only',
  'control_total_mismatch',
  'cancelled_payment',
];

export function holdsMoney(type: string): boolean {
  return !(NO_MONEY_HELD as readonly string[]).includes(type);
}

/** Whether a different manager must approve: money moved above the threshold, or a dismiss where money is held. */
export function needsApproval(action: ResolutionAction, type: string, amount: number, threshold: number): boolean {
  return action === 'dismiss' ? holdsMoney(type) : MONEY_MOVING.includes(action) && amount > threshold;
}

/** What the UI offers as a proposal (承認待ち) rather than done at once: it does not know the amount yet. */
export function isProposal(action: ResolutionAction, type: string): boolean {
  return action === 'dismiss' ? holdsMoney(type) : MONEY_MOVING.includes(action);
}

export function fits(action: ResolutionAction, type: string): boolean {
  const allowed = APPLICABLE[action];
  return allowed === 'any' || (allowed as readonly string[]).includes(type);
}
