/**
 * Expected failures are returned; unexpected ones are thrown. What is thrown on purpose is a
 * DomainError: each feature names its codes, and the kind decides the HTTP status in one place
 * (the global filter). Services never throw HttpException.
 */
export type DomainErrorKind = 'not_found' | 'invalid' | 'conflict' | 'unauthenticated' | 'forbidden' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    /** For 'rate_limited': when to try again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
