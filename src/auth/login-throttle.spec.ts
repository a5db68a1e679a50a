import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle({ maxPerName: 3, maxPerAddress: 5, windowMs: 60_000 }, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('blocks a login name after its maximum of failures, until the oldest leaves the window', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) {
      expect(t.blockedFor('staff1', `10.0.0.${i}`)).toBe(0);
      t.recordFailure('staff1', `10.0.0.${i}`);
      now += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: free again at 60 s.
    expect(t.blockedFor('staff1', '10.0.0.9')).toBe(30_000);
    expect(t.blockedFor('staff2', '10.0.0.9')).toBe(0);
    now += 30_000;
    expect(t.blockedFor('staff1', '10.0.0.9')).toBe(0);
  });

  it('blocks an address after its maximum of failures over any names', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) t.recordFailure(`guess${i}`, '10.0.0.1');
    expect(t.blockedFor('staff1', '10.0.0.1')).toBe(60_000);
    expect(t.blockedFor('staff1', '10.0.0.2')).toBe(0);
  });

  it('clears a name on success but keeps the address count', () => {
    const t = throttle();
    for (let i = 0; i < 2; i++) t.recordFailure('staff1', '10.0.0.1');
    t.recordSuccess('staff1');
    for (let i = 0; i < 2; i++) t.recordFailure('staff1', '10.0.0.1');
    expect(t.blockedFor('staff1', '10.0.0.2')).toBe(0);
    t.recordFailure('staff1', '10.0.0.1');
    expect(t.blockedFor('someone', '10.0.0.1')).toBeGreaterThan(0);
  });
});
