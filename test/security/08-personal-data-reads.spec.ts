import { Database } from '../../src/database/database';
import { billNumber, billsCsv } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * issue #6 finding 8: GET /api/imports/:id returned the raw rejected lines (now GET /api/imports/:id/lines), which hold 宛名番号, and
 * left no trace of who read them. Every such read is now an audit row naming the reader and the import,
 * written before the data leaves the service.
 */
describe('finding 8: reading the raw lines of an import is recorded', () => {
  let t: TestApp;
  let batchId: number;
  beforeAll(async () => {
    t = await startTestApp();
    const good = billNumber('02', 2026, '03', 8001);
    const bad = billNumber('02', 2026, '03', 8002);
    const result = await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: good, amount: 10000, due: '2026-11-30', payer: '0012345678' },
        { number: bad, amount: 10000, due: '2026-02-30', payer: '0087654321' },
      ]),
    });
    expect(result.files[0]).toMatchObject({ rejected: 1 });
    batchId = result.files[0].batchId!;
  });
  afterAll(() => t.close());

  const reads = () =>
    t.app.get(Database).dataSource.query(
      `SELECT actor, entity, entity_id AS "entityId", after FROM audit_log
      WHERE action = 'read.personal' AND entity = 'import_batch' ORDER BY id`,
    );

  it('writes who read which import, before answering with the rejected lines', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get(`/api/imports/${batchId}/lines?status=rejected`).expect(200);
    expect(JSON.stringify(res.body)).toContain('0087654321');
    expect(await reads()).toEqual([
      {
        actor: 'auditor-test',
        entity: 'import_batch',
        entityId: String(batchId),
        after: { ids: [String(batchId)], fields: expect.stringContaining('宛名番号') },
      },
    ]);
    await (await t.login('staff')).get(`/api/imports/${batchId}/lines?status=rejected`).expect(200);
    expect((await reads()).map((r: { actor: string }) => r.actor)).toEqual(['auditor-test', 'staff-test']);
  });

  it('records nothing for an import that is not there', async () => {
    const before = (await reads()).length;
    await (await t.login('manager')).get('/api/imports/999999/lines').expect(404);
    expect(await reads()).toHaveLength(before);
  });
});
