import request from 'supertest';
import { BatchRunsRepository } from '../../src/batch/batch-runs.repository';
import { BatchService } from '../../src/batch/batch.service';
import { Database } from '../../src/database/database';
import { billNumber, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';
import { onServer } from '../support/test-database';

/** Issue #12: Prometheus metrics behind their own bearer token, and health that says more only to a session. */
const TOKEN = 'metrics-token-for-tests-0123456789';

describe('metrics and health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KESHIKOMI_METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('serves /metrics to its own token only: none, a wrong one or a user session is refused', async () => {
    await request(t.http).get('/metrics').expect(401);
    await request(t.http).get('/metrics').set('Authorization', 'Bearer not-the-metrics-token-000').expect(401);
    await request(t.http)
      .get('/metrics')
      .set(await t.bearer('admin'))
      .expect(401);
    await request(t.http).get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
  });

  it('counts imports, rows and open exceptions by type from the database', async () => {
    const unknown = billNumber('02', 2026, '03', 424242);
    await t.intake('konbini', {
      'SYUNO_20261125.dat': konbiniFile('2026-11-25', [{ type: '02', bill: unknown, amount: 1234, paidOn: '2026-11-25' }]),
    });
    const res = await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('keshikomi_import_batches{format="konbini",status="imported"} 1');
    expect(res.text).toContain('keshikomi_import_rows{format="konbini",kind="accepted"} 1');
    expect(res.text).toContain('keshikomi_open_exceptions{type="unknown_bill"} 1');
    // The job queue is pg-boss on the PostgreSQL server; the embedded database has none.
    if (onServer()) expect(res.text).toMatch(/keshikomi_job_queue_depth\{queue="batch-file"\} \d+/);
    expect(res.text).toContain('keshikomi_process_heap_bytes');
    // No personal data: no 納付番号 in any label.
    expect(res.text).not.toContain(unknown);
  });

  it('says up or degraded to anyone, and the last nightly run to a session; a failed run degrades it', async () => {
    expect((await request(t.http).get('/api/health').expect(200)).body).toEqual({ status: 'up' });
    const runs = t.app.get(BatchRunsRepository);
    const runId = (await runs.openRun(t.app.get(Database).dataSource, { trigger: 'cli', night: '2026-11-26', inbox: '/inbox' }))!;
    await t.app.get(BatchService).failRun(runId, new Error('connection terminated'));
    expect((await request(t.http).get('/api/health').expect(200)).body).toEqual({ status: 'degraded' });
    const staff = await t.login('staff');
    const { body } = await staff.get('/api/health').expect(200);
    expect(body).toMatchObject({
      status: 'degraded',
      database: onServer() ? 'postgresql' : 'embedded',
      lastRun: { id: runId, status: 'failed' },
    });
    expect(body.lastRun.error).toBe('connection terminated');
    const metrics = await request(t.http).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(metrics.text).toContain('keshikomi_batch_last_run{status="failed"} 1');
  });
});
