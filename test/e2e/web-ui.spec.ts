import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { startTestApp, TestApp } from '../support/test-app';

/** The web UI is static files beside the API: its client-side routes all load index.html, /api stays JSON. */
describe('serving the web UI', () => {
  const root = mkdtempSync(join(tmpdir(), 'keshikomi-web-'));
  let t: TestApp;
  let http: App;
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(
      join(root, 'index.html'),
      '<!doctype html><html lang="ja"><title>keshikomi</title><script type="module" src="/assets/app-1a2b.js"></script></html>',
    );
    writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log("keshikomi")');
    t = await startTestApp({ KESHIKOMI_WEB_DIR: root });
    http = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers every page path with index.html, never cached, so a bookmark or reload opens the page', async () => {
    for (const path of ['/', '/exceptions', '/exceptions/42?tab=history', '/report']) {
      const res = await request(http).get(path).expect(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('lang="ja"');
    }
  });

  it('serves hashed assets for a year, and a missing asset as 404 rather than the page', async () => {
    const asset = await request(http).get('/assets/app-1a2b.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await request(http).get('/assets/app-gone.js').expect(404);
  });

  it('leaves the API to the API: unknown API paths are JSON 404s and the session is still required', async () => {
    const missing = await request(http).get('/api/no-such-thing').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404 });
    await request(http).get('/api/exceptions').expect(401);
  });

  it('leaves /metrics to the server: never the page in its place (no KESHIKOMI_METRICS_TOKEN here: 404)', async () => {
    const metrics = await request(http).get('/metrics').expect(404);
    expect(metrics.text).not.toContain('<html');
  });
});
