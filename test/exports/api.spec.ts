import { Database } from '../../src/database/database';
import { furikaeFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 9501);
const B = billNumber('04', 2026, '03', 9502);

/** 連携出力 through the API: who may change what, what is refused, and the audit rows each change leaves. */
describe('連携出力 API', () => {
  let t: TestApp;
  const audit = async (action: string) =>
    (await t.app
      .get(Database)
      .dataSource.query(`SELECT actor, entity_id, after FROM audit_log WHERE action = $1 ORDER BY id`, [action])) as {
      actor: string;
      entity_id: string;
      after: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', {
      'b.csv': billsCsv([A, B].map((number) => ({ number, amount: 3000, due: '2026-11-30', payer: '0000000099' }))),
    });
    await t.intake('konbini', { 'K.dat': konbiniFile('2026-11-25', [{ type: '02', bill: A, amount: 3000, paidOn: '2026-11-25' }]) });
    await t.intake('zengin-furikae', { 'F.dat': furikaeFile('1127', [{ bill: B, amount: 3000, result: '2' }]) }, '2026-11-30');
  });
  afterAll(() => t.close());

  it('lets an admin set a system (audited with before and after) and refuses what cannot be', async () => {
    const admin = await t.login('admin');
    const body = { name: '税務システム', categories: ['04', '02', '01', '03'], encoding: 'cp932', columns: ['paymentId'] };
    const saved = await admin.put('/api/export-targets/tax').send(body).expect(200);
    expect(saved.body).toMatchObject({ system: 'tax', categories: ['01', '02', '03', '04'], dir: null, updatedBy: 'admin-test' });
    expect(saved.body.columns).toEqual([
      'paymentId',
      'seq',
      'billNumber',
      'payerId',
      'category',
      'fiscalYear',
      'installment',
      'paidOn',
      'incomeOn',
      'channel',
      'amount',
      'applied',
      'kind',
      'state',
    ]);
    await admin
      .put('/api/export-targets/tax')
      .send({ categories: ['01', '02', '03', '04'], encoding: 'utf8' })
      .expect(200);
    expect((await audit('export_target.set')).map((a) => [a.actor, a.entity_id, (a.after as { encoding: string }).encoding])).toEqual([
      ['admin-test', 'tax', 'cp932'],
      ['admin-test', 'tax', 'utf8'],
    ]);
    expect(
      (
        await admin
          .put('/api/export-targets/tax')
          .send({ categories: ['99'] })
          .expect(400)
      ).body.code,
    ).toBe('EXPORT_TARGET_INVALID');
    expect(
      (
        await admin
          .put('/api/export-targets/Tax!')
          .send({ categories: ['01'] })
          .expect(400)
      ).body.code,
    ).toBe('EXPORT_TARGET_INVALID');
    await admin
      .put('/api/export-targets/tax')
      .send({ categories: ['01'], columns: ['nosuch'] })
      .expect(400);
    await admin
      .put('/api/export-targets/tax')
      .send({ categories: ['01'], dir: 'relative' })
      .expect(400);
  });

  it('exports now in the name of the staff member, audited with rows, sum and sha256', async () => {
    const staff = await t.login('staff');
    const [run] = (await staff.post('/api/exports/results').send({ system: 'tax' }).expect(200)).body;
    expect(run).toMatchObject({ system: 'tax', rows: 1, amount: 3000, file: null });
    const [row] = await audit('export.results');
    expect(row).toMatchObject({ actor: 'staff-test', entity_id: String(run.run), after: { rows: 1, amount: 3000, sha256: run.sha256 } });
    const file = await staff.get(`/api/exports/runs/${run.run}/file`).buffer(true).expect(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    // The file holds 宛名番号: who downloaded it is recorded, as for an import's raw lines.
    expect(await audit('read.personal')).toEqual([expect.objectContaining({ actor: 'staff-test', entity_id: String(run.run) })]);
    expect((await staff.post('/api/exports/results').send({ system: 'nosuch' }).expect(404)).body.code).toBe('EXPORT_TARGET_NOT_FOUND');
  });

  it('marks a failed debit followed up once, saying what was done (audited)', async () => {
    const staff = await t.login('staff');
    const { rows } = (await staff.get('/api/exports/failed-debits?from=2026-11-01&to=2026-11-30').expect(200)).body;
    expect(rows).toEqual([
      expect.objectContaining({ resultCode: '2', resultLabel: '取引なし', payerId: '0000000099', billNumber: B, amount: 3000 }),
    ]);
    const followUp = (note: string) => staff.post(`/api/exports/failed-debits/${rows[0].id}/follow-up`).send({ note });
    expect((await followUp('  ').expect(400)).body.code).toBe('EXPORT_FOLLOW_UP_NOTE_REQUIRED');
    await followUp('納付書を送付').expect(204);
    expect((await followUp('もう一度').expect(409)).body.code).toBe('EXPORT_ALREADY_FOLLOWED_UP');
    expect(await audit('failed_debit.follow_up')).toEqual([
      { actor: 'staff-test', entity_id: String(rows[0].id), after: { note: '納付書を送付' } },
    ]);
    const open = (await staff.get('/api/exports/failed-debits?from=2026-11-01&to=2026-11-30&open=true').expect(200)).body.rows;
    expect(open).toEqual([]);
  });
});
