import type { ExceptionType } from '../common/codes';

/** Exception types decided by evaluating a payment against its bill; re-evaluation may supersede them. */
export const PAYMENT_OUTCOME_TYPES: ExceptionType[] = [
  'invalid_reference',
  'unknown_bill',
  'bill_cancelled',
  'duplicate_payment',
  'amount_short',
  'amount_over',
  'late_payment',
];

/** formats.md: a 速報 without 確報 becomes an exception after this many business days. */
export const PRELIMINARY_DEADLINE_BUSINESS_DAYS = 10;
