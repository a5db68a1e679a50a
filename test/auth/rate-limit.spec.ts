import request from 'supertest';
import { startTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * Failed logins are limited per login name and address (5 in 15 minutes, the default), per client
 * address over all names (set to 8 here) and per name over all addresses (50). The loopback proxy is
 * trusted so each test can speak from its own address. test/security/05-login-limits.spec.ts holds
 * the concurrent and distributed cases.
 */
describe('login rate limiting', () => {
  let t: TestApp;
  const login = (from: string, loginName: string, password: string) =>
    request(t.http).post('/api/auth/login').set('X-Forwarded-For', from).send({ loginName, password });
  beforeAll(async () => {
    t = await startTestApp({ KESHIKOMI_TRUST_PROXY: 'loopback', KESHIKOMI_LOGIN_MAX_FAILURES_PER_IP: '8' });
    await Promise.all([t.user('staff'), t.user('manager'), t.user('auditor'), t.user('finance')]);
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After after 5 failures of a name from one address, even with the right password; not elsewhere', async () => {
    for (let i = 0; i < 5; i++) await login('203.0.113.1', 'staff-test', `wrong-${i}`).expect(401);
    const limited = await login('203.0.113.1', 'staff-test', TEST_PASSWORD).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'AUTH_RATE_LIMITED' });
    expect(limited.body.message).toMatch(/ログインの失敗が続いたため制限中です.*15分後.*too many failed logins: try again in 15 minute/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(limited.headers['set-cookie']).toBeUndefined();
    // The owner elsewhere, and other names, are not affected.
    await login('203.0.113.2', 'staff-test', TEST_PASSWORD).expect(200);
    await login('203.0.113.1', 'manager-test', TEST_PASSWORD).expect(200);
  });

  it('answers 429 to an address after 8 failures over any names', async () => {
    for (let i = 0; i < 8; i++) await login('198.51.100.7', `guess${i}`, 'password-guess').expect(401);
    const limited = await login('198.51.100.7', 'auditor-test', TEST_PASSWORD).expect(429);
    expect(limited.body.code).toBe('AUTH_RATE_LIMITED');
    await login('198.51.100.8', 'auditor-test', TEST_PASSWORD).expect(200);
  });

  it("forgets a name's failures once it logs in", async () => {
    for (let i = 0; i < 4; i++) await login('192.0.2.1', 'finance-test', 'typo-typo-typo').expect(401);
    await login('192.0.2.2', 'finance-test', TEST_PASSWORD).expect(200);
    for (let i = 0; i < 4; i++) await login('192.0.2.3', 'finance-test', 'typo-typo-typo').expect(401);
    await login('192.0.2.4', 'finance-test', TEST_PASSWORD).expect(200);
  });
});
