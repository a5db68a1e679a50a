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
  'accept_fee_difference',
  'link_deposit',
  'escalate_to_provider',
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
  accept_fee_difference: ['deposit_amount_mismatch', 'cash_not_deposited'],
  link_deposit: ['deposit_missing', 'cash_not_deposited'],
  escalate_to_provider: ['deposit_missing', 'deposit_amount_mismatch', 'unexpected_deposit'],
};

/** Deposits: decisions that are four-eyes whatever the amount (a payout accepted short is money the city forgoes). */
export const ALWAYS_FOUR_EYES: readonly ResolutionAction[] = ['accept_fee_difference'];

/** 照会: recorded on the case, which stays in review until the money or the provider's answer arrives. */
export const KEEPS_CASE_OPEN: readonly ResolutionAction[] = ['escalate_to_provider'];

/** Actions that move money: above FOUR_EYES_THRESHOLD a different manager must approve them. */
export const MONEY_MOVING: readonly ResolutionAction[] = [
  'manual_match',
  'undo_match',
  'refund',
  'apply_to_bill',
  'write_off',
  'link_deposit',
];

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
  if (ALWAYS_FOUR_EYES.includes(action)) return true;
  return action === 'dismiss' ? holdsMoney(type) : MONEY_MOVING.includes(action) && amount > threshold;
}

/** What the UI offers as a proposal (承認待ち) rather than done at once: it does not know the amount yet. */
export function isProposal(action: ResolutionAction, type: string): boolean {
  if (ALWAYS_FOUR_EYES.includes(action)) return true;
  return action === 'dismiss' ? holdsMoney(type) : MONEY_MOVING.includes(action);
}

export function fits(action: ResolutionAction, type: string): boolean {
  const allowed = APPLICABLE[action];
  return allowed === 'any' || (allowed as readonly string[]).includes(type);
}
