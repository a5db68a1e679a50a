import request from 'supertest';
import { startTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const IDLE_MS = 3000;
const ABSOLUTE_MS = 6000;

/** Expiry with the clock shortened by configuration: idle 3 s (sliding), absolute 6 s. */
describe('session expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      KESHIKOMI_SESSION_IDLE_SECONDS: String(IDLE_MS / 1000),
      KESHIKOMI_SESSION_ABSOLUTE_SECONDS: String(ABSOLUTE_MS / 1000),
    });
    await t.user('staff');
  });
  afterAll(() => t.close());

  it('ends a session left idle longer than the idle time', async () => {
    const agent = await t.login('staff');
    await agent.get('/api/auth/me').expect(200);
    await sleep(IDLE_MS + 600);
    const expired = await agent.get('/api/auth/me').expect(401);
    expect(expired.body.code).toBe('AUTH_SESSION_INVALID');
  });

  it('slides the idle time with every request, but not past the absolute end', async () => {
    const login = await request(t.http).post('/api/auth/login').send({ loginName: 'staff-test', password: TEST_PASSWORD }).expect(200);
    const loggedIn = Date.now();
    const cookie = (login.headers['set-cookie'] as unknown as string[])[0];
    // The browser drops the cookie at the absolute end too; the server must not rely on that.
    expect(cookie).toMatch(new RegExp(`Max-Age=${ABSOLUTE_MS / 1000}`));
    const session = cookie.split(';')[0];
    // A request every 0.7 s keeps the session from ever being idle for 3 s…
    let endedAt: number | null = null;
    while (Date.now() - loggedIn < ABSOLUTE_MS + 3000) {
      await sleep(700);
      const sent = Date.now() - loggedIn;
      const res = await request(t.http).get('/api/auth/me').set('Cookie', session);
      if (res.status !== 200) {
        expect(res.body.code).toBe('AUTH_SESSION_INVALID');
        endedAt = sent;
        break;
      }
    }
    // …so it lives well past the idle time, and ends at the absolute end.
    expect(endedAt).not.toBeNull();
    expect(endedAt!).toBeGreaterThan(ABSOLUTE_MS - 1000);
    expect(endedAt!).toBeLessThan(ABSOLUTE_MS + 2000);
  });

  it('applies the same expiry to bearer tokens', async () => {
    const res = await request(t.http)
      .post('/api/auth/login')
      .send({ loginName: 'staff-test', password: TEST_PASSWORD, token: true })
      .expect(200);
    expect(Math.abs(Date.parse(res.body.expiresAt) - ABSOLUTE_MS - Date.now())).toBeLessThan(2000);
    const bearer = { Authorization: `Bearer ${res.body.token}` };
    await request(t.http).get('/api/auth/me').set(bearer).expect(200);
    await sleep(IDLE_MS + 600);
    await request(t.http).get('/api/auth/me').set(bearer).expect(401);
  });
});
