/**
 * Failed logins per login name and per client address in a sliding window, in memory: one process
 * serves the city, and a restart forgetting the counts only gives an attacker one more window.
 * Plain class (no Nest, no clock of its own) so the rule is tested directly.
 */
export interface ThrottleLimits {
  maxPerName: number;
  maxPerAddress: number;
  windowMs: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private operations = 0;

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until a login may be tried again for this name from this address; 0 when allowed. */
  blockedFor(loginName: string, address: string): number {
    return Math.max(this.wait(`n:${loginName}`, this.limits.maxPerName), this.wait(`a:${address}`, this.limits.maxPerAddress));
  }

  recordFailure(loginName: string, address: string): void {
    const at = this.now();
    for (const key of [`n:${loginName}`, `a:${address}`]) this.failures.set(key, [...this.recent(key), at]);
    if (++this.operations % 1000 === 0) this.sweep();
  }

  /** A successful login clears its name's count; the address keeps its count (one good account must not unlock guessing at others). */
  recordSuccess(loginName: string): void {
    this.failures.delete(`n:${loginName}`);
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
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key);
      if (recent.length) this.failures.set(key, recent.slice(-Math.max(this.limits.maxPerName, this.limits.maxPerAddress)));
      else this.failures.delete(key);
    }
  }
}
