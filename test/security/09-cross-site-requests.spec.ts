import request from 'supertest';
import { startTestApp, TEST_PASSWORD, TestApp } from '../support/test-app';

/**
 * issue #6 finding 9: a form-encoded POST with a foreign Origin was accepted. A request that changes
 * something must come from the service's own origin (Origin / Sec-Fetch-Site, when a browser sends
 * them) and carry JSON — or multipart for a file upload. Scripts without those headers (curl with a
 * bearer token) are not browsers, and go on working.
 */
describe('finding 9: cross-site requests are refused', () => {
  let t: TestApp;
  // supertest listens on a new port for every request: the web UI's host is fixed here instead.
  const host = 'keshikomi.test';
  const origin = `http://${host}`;
  beforeAll(async () => {
    t = await startTestApp();
    await t.user('staff');
    await t.user('admin');
  });
  afterAll(() => t.close());

  const login = () => request(t.http).post('/api/auth/login');

  it('refuses a form-encoded login from a foreign Origin', async () => {
    const res = await login().set('Origin', 'https://evil.example').type('form').send({ loginName: 'staff-test', password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'CROSS_SITE_REFUSED' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses JSON from a foreign Origin or a cross-site fetch, to a logged-in session too', async () => {
    await login().set('Origin', 'https://evil.example').send({ loginName: 'staff-test', password: TEST_PASSWORD }).expect(403);
    await login().set('Sec-Fetch-Site', 'cross-site').send({ loginName: 'staff-test', password: TEST_PASSWORD }).expect(403);
    await login().set('Sec-Fetch-Site', 'same-site').send({ loginName: 'staff-test', password: TEST_PASSWORD }).expect(403);
    await login().set('Origin', 'null').send({ loginName: 'staff-test', password: TEST_PASSWORD }).expect(403);
    const admin = await t.login('admin');
    const res = await admin
      .post('/api/users')
      .set('Origin', 'https://evil.example')
      .send({ loginName: 'mallory', role: 'staff', password: 'mallory-password-1' });
    expect(res.status).toBe(403);
    expect((await admin.get('/api/users').expect(200)).body.items.map((u: { loginName: string }) => u.loginName)).not.toContain('mallory');
  });

  it('refuses form-encoded and plain-text bodies even from the same origin, and multipart where no file is taken', async () => {
    const staff = await t.login('staff');
    const form = await login().type('form').send({ loginName: 'staff-test', password: TEST_PASSWORD });
    expect(form.status).toBe(415);
    expect(form.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    await login()
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ loginName: 'staff-test', password: TEST_PASSWORD }))
      .expect(415);
    await staff.post('/api/exceptions/assign').field('ids', '1').field('assignee', 'staff-test').expect(415);
  });

  it("accepts the web UI's same-origin JSON, a same-origin upload, and scripts that send no Origin", async () => {
    const ui = request.agent(t.http);
    await ui
      .post('/api/auth/login')
      .set('Host', host)
      .set('Origin', origin)
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ loginName: 'staff-test', password: TEST_PASSWORD })
      .expect(200);
    const upload = await ui
      .post('/api/imports')
      .set('Host', host)
      .set('Origin', origin)
      .set('Sec-Fetch-Site', 'same-origin')
      .field('format', 'bills')
      .field('dryRun', 'true')
      .attach('file', Buffer.from('x\r\n'), 'bills.csv');
    expect(upload.status).toBeLessThan(500);
    expect([403, 415]).not.toContain(upload.status);
    await ui.post('/api/auth/logout').set('Host', host).set('Origin', origin).set('Sec-Fetch-Site', 'same-origin').expect(204);
    await login().send({ loginName: 'staff-test', password: TEST_PASSWORD }).expect(200);
  });
});
