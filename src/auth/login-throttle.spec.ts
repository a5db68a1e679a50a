import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle({ maxPerNameAndAddress: 3, maxPerAddress: 5, maxPerName: 8, windowMs: 60_000 }, () => now);
  const fail = (t: LoginThrottle, name: string, address: string, known = false) => {
    const { attempt, retryAfterMs } = t.reserve(name, address, known);
    attempt?.failed();
    return retryAfterMs;
  };
  beforeEach(() => {
    now = 1_000_000;
  });

  it('blocks a name at one address after its maximum of failures, until the oldest leaves the window; other addresses stay free', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) {
      expect(fail(t, 'staff1', '10.0.0.1')).toBe(0);
      now += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: free again at 60 s.
    expect(t.blockedFor('staff1', '10.0.0.1')).toBe(30_000);
    expect(t.reserve('staff1', '10.0.0.1', false)).toEqual({ attempt: null, retryAfterMs: 30_000 });
    expect(t.blockedFor('staff1', '10.0.0.2')).toBe(0);
    expect(t.blockedFor('staff2', '10.0.0.1')).toBe(0);
    now += 30_000;
    expect(t.blockedFor('staff1', '10.0.0.1')).toBe(0);
  });

  it('counts an attempt from the moment it is reserved, so concurrent attempts cannot all pass', () => {
    const t = throttle();
    const held = [0, 1, 2].map(() => t.reserve('staff1', '10.0.0.1', false).attempt);
    expect(held.every(Boolean)).toBe(true);
    expect(t.reserve('staff1', '10.0.0.1', false).attempt).toBeNull();
    held[0]!.abandoned();
    expect(t.reserve('staff1', '10.0.0.1', false).attempt).not.toBeNull();
  });

  it('blocks an address after its maximum of failures over any names', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) fail(t, `guess${i}`, '10.0.0.1');
    expect(t.blockedFor('staff1', '10.0.0.1')).toBe(60_000);
    expect(t.blockedFor('staff1', '10.0.0.2')).toBe(0);
  });

  it('stops a name at its ceiling over many addresses, except at an address it logged in from', () => {
    const t = throttle();
    for (let i = 0; i < 8; i++) expect(fail(t, 'staff1', `10.0.1.${i}`)).toBe(0);
    expect(fail(t, 'staff1', '10.0.2.1')).toBe(60_000);
    expect(t.reserve('staff1', '10.0.2.2', true).attempt).not.toBeNull();
    expect(t.reserve('staff2', '10.0.2.3', false).attempt).not.toBeNull();
  });

  it("forgets a name's failures at an address when it logs in there, but keeps the address count", () => {
    const t = throttle();
    for (let i = 0; i < 2; i++) fail(t, 'staff1', '10.0.0.1');
    t.reserve('staff1', '10.0.0.1', false).attempt!.succeeded();
    for (let i = 0; i < 2; i++) expect(fail(t, 'staff1', '10.0.0.1')).toBe(0);
    expect(fail(t, 'staff1', '10.0.0.1')).toBe(0);
    expect(t.blockedFor('staff1', '10.0.0.1')).toBeGreaterThan(0);
    expect(fail(t, 'someone', '10.0.0.1')).toBeGreaterThan(0);
  });
});
