import request from 'supertest';
import * as password from '../../src/auth/password';
import { startTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * issue #6 finding 5: 40 parallel guesses from one address were all checked, and anyone could lock any
 * account for 15 minutes with 5 wrong passwords. Failures now count per login name and address, taken
 * before the password hash is awaited; a ceiling per name across addresses stops distributed guessing
 * without locking the user out of an address they log in from. The loopback proxy is trusted so each
 * request can speak from its own address.
 */
describe('finding 5: login limits hold under concurrency and cannot lock anyone out', () => {
  let t: TestApp;
  const login = (from: string, loginName: string, secret: string) =>
    request(t.http).post('/api/auth/login').set('X-Forwarded-For', from).send({ loginName, password: secret });
  beforeAll(async () => {
    t = await startTestApp({ KESHIKOMI_TRUST_PROXY: 'loopback', KESHIKOMI_LOGIN_MAX_FAILURES_PER_NAME: '12' });
    await Promise.all([t.user('staff'), t.user('manager'), t.user('auditor'), t.user('finance')]);
  });
  afterAll(() => t.close());

  it('checks at most 5 of 40 concurrent guesses from one address; the others are refused unchecked', async () => {
    const verify = jest.spyOn(password, 'verifyPassword');
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login('203.0.113.40', 'staff-test', `guess-number-${i}`)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    } finally {
      verify.mockRestore();
    }
  });

  it('does not lock the account for its owner: 5 wrong passwords from one address leave every other address free', async () => {
    for (let i = 0; i < 5; i++) await login('198.51.100.1', 'manager-test', `wrong-${i}-wrong`).expect(401);
    await login('198.51.100.1', 'manager-test', TEST_PASSWORD).expect(429);
    await login('198.51.100.2', 'manager-test', TEST_PASSWORD).expect(200);
  });

  it('stops guessing spread over many addresses at the per-name ceiling, yet logs the owner in from an address they use', async () => {
    await login('192.0.2.200', 'auditor-test', TEST_PASSWORD).expect(200);
    // 12 (the ceiling here) concurrent failures from 12 addresses, then 24 more from fresh addresses.
    const spread = await Promise.all(Array.from({ length: 36 }, (_, i) => login(`192.0.2.${i + 1}`, 'auditor-test', `guess-${i}-guess`)));
    expect(spread.filter((a) => a.status === 401).length).toBe(12);
    expect(spread.filter((a) => a.status === 429).length).toBe(24);
    // A fresh address is refused even with the right password: it cannot be told from a guesser…
    await login('192.0.2.99', 'auditor-test', TEST_PASSWORD).expect(429);
    // …but the owner's own address, under its own limit, logs in.
    await login('192.0.2.200', 'auditor-test', TEST_PASSWORD).expect(200);
  });
});
