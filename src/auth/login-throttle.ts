/**
 * Failed logins in a sliding window, in memory: one process serves the city, and a restart forgetting
 * the counts only gives an attacker one more window. Three counts:
 * - per login name *and* address: a guesser at one address cannot lock the name for everyone else;
 * - per address over all names: one address cannot try many names;
 * - per name over all addresses (a ceiling): guessing spread over many addresses stops too, except
 *   from addresses the name has logged in from before, so its owner is never locked out by it.
 * An attempt takes its slots synchronously, before the password hash is awaited, so concurrent
 * guesses cannot all pass the check before any of them is counted. Plain class (no Nest, no clock of
 * its own) so the rule is tested directly.
 */
export interface ThrottleLimits {
  maxPerNameAndAddress: number;
  maxPerAddress: number;
  maxPerName: number;
  windowMs: number;
}

/** The slots one login attempt holds until its password is checked. */
export interface LoginAttempt {
  /** Wrong password or unknown name: the slots stay, as failures. */
  failed(): void;
  /** Right password: the slots are given back and the name's failures at this address forgotten. */
  succeeded(): void;
  /** Neither (an error before the check): the slots are given back. */
  abandoned(): void;
}

export type Reservation = { attempt: LoginAttempt; retryAfterMs: 0 } | { attempt: null; retryAfterMs: number };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private operations = 0;

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes a slot in each count that applies, or none if any is full: then the wait until one frees.
   * `knownAddress`: the name has logged in from this address before (the ceiling does not apply).
   */
  reserve(loginName: string, address: string, knownAddress: boolean): Reservation {
    const pair = `p:${loginName}\u0000${address}`;
    const counts: [string, number][] = [
      [pair, this.limits.maxPerNameAndAddress],
      [`a:${address}`, this.limits.maxPerAddress],
    ];
    if (!knownAddress) counts.push([`n:${loginName}`, this.limits.maxPerName]);
    const wait = Math.max(...counts.map(([key, max]) => this.wait(key, max)));
    if (wait > 0) return { attempt: null, retryAfterMs: wait };
    const at = this.now();
    const keys = counts.map(([key]) => key);
    for (const key of keys) this.failures.set(key, [...this.recent(key), at]);
    if (++this.operations % 1000 === 0) this.sweep();
    let settled = false;
    const giveBack = (forgetPair: boolean) => {
      if (settled) return;
      settled = true;
      for (const key of keys) this.release(key, at);
      if (forgetPair) this.failures.delete(pair);
    };
    return {
      retryAfterMs: 0,
      attempt: {
        failed: () => {
          settled = true;
        },
        succeeded: () => giveBack(true),
        abandoned: () => giveBack(false),
      },
    };
  }

  /** Milliseconds until an attempt would be allowed, without taking a slot (a cheap check before any work). */
  blockedFor(loginName: string, address: string): number {
    return Math.max(
      this.wait(`p:${loginName}\u0000${address}`, this.limits.maxPerNameAndAddress),
      this.wait(`a:${address}`, this.limits.maxPerAddress),
    );
  }

  private release(key: string, at: number): void {
    const times = this.failures.get(key);
    const i = times?.indexOf(at) ?? -1;
    if (times && i >= 0) times.splice(i, 1);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private wait(key: string, max: number): number {
    const recent = this.recent(key);
    if (recent.length < max) return 0;
    // Allowed again once enough of the failures have left the window.
    return recent[recent.length - max] + this.limits.windowMs - this.now();
  }

  private sweep(): void {
    const keep = Math.max(this.limits.maxPerNameAndAddress, this.limits.maxPerAddress, this.limits.maxPerName);
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key);
      if (recent.length) this.failures.set(key, recent.slice(-keep));
      else this.failures.delete(key);
    }
  }
}
