import request from 'supertest';
import type { App } from 'supertest/types';
import { MIGRATIONS } from '../../src/database/entities';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 2001);
const B = billNumber('07', 2026, '11', 2002);

describe('REST API through HTTP', () => {
  let t: TestApp;
  let http: App;
  /** 会計課 staff, logged in: every call but health and the docs needs a session. */
  let staff: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    http = t.app.getHttpServer();
    staff = await t.login('staff');
  });
  afterAll(() => t.close());

  it('answers health: up to anyone, the database it serves only with a session', async () => {
    expect((await request(http).get('/api/health').expect(200)).body).toEqual({ status: 'up' });
    const res = await staff.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'up', database: t.db.embedded ? 'embedded' : 'postgresql', migrations: MIGRATIONS.length });
  });

  it('holds uploaded files until a manager releases them, then matches them, and shows the import with its rejected lines', async () => {
    const manager = await t.login('manager');
    const bills = await staff
      .post('/api/imports')
      .field('format', 'bills')
      .field('receivedOn', '2026-11-25')
      .attach(
        'file',
        billsCsv([
          { number: A, amount: 12300, due: '2026-11-30', payer: '0000000077' },
          { number: B, amount: 30000, due: '2026-11-30' },
        ]),
        '調定_20261125.csv',
      )
      .expect(201);
    expect(bills.body.files[0]).toMatchObject({ status: 'held', accepted: 2 });
    await manager.post(`/api/imports/${bills.body.files[0].batchId}/release`).send({ reason: '基幹系の調定と一致' }).expect(200);
    const lines = konbiniFile('2026-11-25', [
      { type: '01', bill: A, amount: 12300, paidOn: '2026-11-25' },
      { type: '01', bill: B, amount: 20000, paidOn: '2026-11-25', cvs: '820' },
    ])
      .toString('latin1')
      .split('\r\n');
    lines.splice(3, 0, '2' + '01' + '20261131' + ' '.repeat(109));
    const upload = await staff
      .post('/api/imports')
      .field('format', 'konbini')
      .field('receivedOn', '2026-11-25')
      .attach('file', Buffer.from(lines.join('\r\n'), 'latin1'), 'SYUNO_20261125.dat')
      .expect(201);
    expect(upload.body.files[0]).toMatchObject({ file: 'SYUNO_20261125.dat', status: 'held', accepted: 2, rejected: 1 });
    expect(upload.body.match).toBeNull();
    const released = await manager
      .post(`/api/imports/${upload.body.files[0].batchId}/release`)
      .send({ reason: 'コンビニ速報を確認' })
      .expect(200);
    expect(released.body.match).toMatchObject({ matched: 2 });

    const list = await staff.get('/api/imports?format=konbini').expect(200);
    expect(list.body.items).toHaveLength(1);
    const detail = await staff.get(`/api/imports/${list.body.items[0].id}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'imported', importedBy: 'staff-test', reviewedBy: 'manager-test', controlsOk: false });
    const rejected = await staff.get(`/api/imports/${list.body.items[0].id}/lines?status=rejected`).expect(200);
    expect(rejected.body).toEqual({
      items: [
        {
          line: 4,
          status: 'rejected',
          raw: lines[3],
          errors: expect.arrayContaining([expect.objectContaining({ field: '収納日', line: 4 })]),
        },
      ],
      nextCursor: null,
    });
  });

  it('finds a bill by 納付番号 and by 宛名番号 with its open amount, and its payments', async () => {
    const byNumber = await staff.get(`/api/bills?billNumber=${B}`).expect(200);
    expect(byNumber.body.items[0]).toMatchObject({
      billNumber: B,
      amount: 30000,
      appliedAmount: 20000,
      openAmount: 10000,
      categoryName: '住宅使用料',
    });
    const byPayer = await staff.get('/api/bills?payerId=0000000077').expect(200);
    expect(byPayer.body.items.map((b: { billNumber: string }) => b.billNumber)).toEqual([A]);
    const payments = await staff.get(`/api/payments?billNumber=${B}`).expect(200);
    expect(payments.body.items[0]).toMatchObject({
      channel: 'smartphone_app',
      amount: 20000,
      appliedAmount: 20000,
      openExceptions: 1,
      fiscalYear: 2026,
      yearClass: 'current',
    });
  });

  it('lists the bills still open (未納) and those settled (完納) by the open amount the bill shows', async () => {
    const numbers = async (balance: string) =>
      (await staff.get(`/api/bills?balance=${balance}`).expect(200)).body.items.map((b: { billNumber: string; openAmount: number }) => [
        b.billNumber,
        b.openAmount,
      ]);
    expect(await numbers('open')).toEqual([[B, 10000]]);
    expect(await numbers('settled')).toEqual([[A, 0]]);
  });

  it('names the revenue categories for the filters', async () => {
    const res = await staff.get('/api/categories').expect(200);
    expect(res.body).toEqual(expect.arrayContaining([{ code: '07', name: '住宅使用料', kind: expect.any(String) }]));
    expect(res.body.map((c: { code: string }) => c.code)).toEqual([...res.body.map((c: { code: string }) => c.code)].sort());
  });

  it('lists exceptions with filters and shows one, and answers 404 with a code and no stack', async () => {
    const list = await staff.get('/api/exceptions?type=amount_short&status=open').expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        type: 'amount_short',
        typeLabel: '金額相違（過少）',
        billNumber: B,
        expectedAmount: 30000,
        paidAmount: 20000,
        paidOn: '2026-11-25',
      }),
    ]);
    const one = await staff.get(`/api/exceptions/${list.body.items[0].id}`).expect(200);
    expect(one.body).toMatchObject({ fileName: 'SYUNO_20261125.dat', paymentId: expect.any(Number), writeOffLimit: 1000 });
    const missing = await staff.get('/api/exceptions/999999').expect(404);
    expect(missing.body).toMatchObject({ code: 'EXCEPTION_NOT_FOUND', correlationId: expect.any(String) });
    expect(JSON.stringify(missing.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects invalid query parameters with 400 naming them', async () => {
    const res = await staff.get('/api/exceptions?type=nonsense').expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.message)).toContain('type');
    await staff.post('/api/imports').field('format', 'konbini').expect(400);
  });

  it('keyset-paginates the exception queue', async () => {
    const first = await staff.get('/api/exceptions?limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await staff.get(`/api/exceptions?limit=1&after=${first.body.nextCursor}`).expect(200);
    expect(second.body.items[0].id).toBeGreaterThan(first.body.items[0].id);
  });

  it('reports the cashless share as JSON, CSV and Excel', async () => {
    const finance = await t.login('finance'); // 財政課 reads the reports
    const json = await finance.get('/api/reports/cashless?fiscalYear=2026&by=channel').expect(200);
    expect(json.body.total).toMatchObject({
      count: 2,
      amount: 32300,
      cashlessCount: 1,
      cashlessAmount: 20000,
      shareByCount: 0.5,
      nonCounterShareByCount: 1,
    });
    expect(json.body.definition.cashlessChannels).toContain('smartphone_app');
    const narrower = await finance.get('/api/reports/cashless?fiscalYear=2026&cashless=credit_card').expect(200);
    expect(narrower.body.total.cashlessCount).toBe(0);
    const csv = await finance.get('/api/reports/cashless?fiscalYear=2026&format=csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    expect(csv.text).toContain('スマホアプリ');
    const xlsx = await finance
      .get('/api/reports/cashless?fiscalYear=2026&format=xlsx')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('summarises a day of reconciliation', async () => {
    const res = await staff.get('/api/reconciliation/daily?date=2026-11-25').expect(200);
    expect(res.body.imports.map((i: { format: string }) => i.format)).toEqual(['bills', 'konbini']);
    expect(res.body.payments).toEqual([
      { channel: 'convenience_store', count: 1, amount: 12300, autoMatched: 1, manuallyMatched: 0, unmatched: 0 },
      { channel: 'smartphone_app', count: 1, amount: 20000, autoMatched: 1, manuallyMatched: 0, unmatched: 0 },
    ]);
  });

  it('serves its OpenAPI document', async () => {
    const res = await staff.get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/imports',
        '/api/imports/{id}',
        '/api/bills',
        '/api/payments',
        '/api/exceptions',
        '/api/exceptions/{id}',
        '/api/reports/cashless',
        '/api/reconciliation/daily',
      ]),
    );
  });
});
