import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';

const bills = [12300, 5000, 80000, 2500].map((amount, i) => ({
  number: billNumber('02', 2026, '03', 8101 + i),
  amount,
  due: '2026-11-30',
}));

/** What the review screens need of the API: detection on upload, sorted queues, bulk assignment, files not arrived. */
describe('review queue API', () => {
  let t: TestApp;
  let staff: Agent;
  let manager: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    staff = await t.login('staff', 'staff1');
    manager = await t.login('manager', 'manager1');
    const held = await staff
      .post('/api/imports')
      .field('format', 'auto')
      .field('receivedOn', '2026-11-24')
      .attach('file', billsCsv(bills), 'choutei.csv')
      .expect(201);
    await manager.post(`/api/imports/${held.body.files[0].batchId}/release`).send({ reason: '調定を確認' }).expect(200);
  });
  afterAll(() => t.close());

  it('detects the format of an upload sent as auto, and refuses a file it cannot tell, writing nothing', async () => {
    // Every bill paid short by 100円: four amount_short exceptions of different amounts.
    const konbini = konbiniFile(
      '2026-11-25',
      bills.map((b) => ({ type: '01' as const, bill: b.number, amount: b.amount - 100, paidOn: '2026-11-25' })),
    );
    const upload = await staff
      .post('/api/imports')
      .field('format', 'auto')
      .field('receivedOn', '2026-11-25')
      .attach('file', konbini, 'SYUNO_20261125.dat')
      .expect(201);
    expect(upload.body.files[0]).toMatchObject({ format: 'konbini', status: 'held', accepted: 4 });
    await manager.post(`/api/imports/${upload.body.files[0].batchId}/release`).send({ reason: '速報を確認' }).expect(200);

    const unknown = await staff
      .post('/api/imports')
      .field('format', 'auto')
      .attach('file', Buffer.from('hello,world\r\n1,2\r\n'), 'memo.csv')
      .expect(201);
    expect(unknown.body.files[0]).toMatchObject({ format: 'auto', status: 'failed', accepted: 0 });
    expect(unknown.body.files[0].errors[0].message).toContain('形式を選んでください');
    expect((await staff.get('/api/imports').expect(200)).body.items).toHaveLength(2);
  });

  it('sorts the exception queue by amount in keyset pages that neither skip nor repeat', async () => {
    const seen: number[] = [];
    let key: string | null = null;
    do {
      const page: { body: { items: { paidAmount: number }[]; nextKey: string | null } } = await staff
        .get('/api/exceptions')
        .query({ sort: '-amount', limit: 1, ...(key ? { key } : {}) })
        .expect(200);
      seen.push(...page.body.items.map((e) => e.paidAmount));
      key = page.body.nextKey;
    } while (key);
    expect(seen).toEqual([79900, 12200, 4900, 2400]);
    const byDate = await staff.get('/api/exceptions?sort=paidOn&limit=2').expect(200);
    expect(byDate.body.items.map((e: { paidOn: string }) => e.paidOn)).toEqual(['2026-11-25', '2026-11-25']);
    await staff.get('/api/exceptions?sort=paidOn&key=12200~1').expect(400);
  });

  it("assigns a page of exceptions at once to a colleague, which carries them over for the day's close", async () => {
    const assignees = await staff.get('/api/users/assignees').expect(200);
    expect(assignees.body).toEqual([
      { loginName: 'manager1', displayName: 'manager1 (test)', role: 'manager' },
      { loginName: 'staff1', displayName: 'staff1 (test)', role: 'staff' },
    ]);
    const ids = (await staff.get('/api/exceptions?status=open').expect(200)).body.items.map((e: { id: number }) => e.id);
    expect((await staff.get('/api/days/2026-11-25').expect(200)).body).toMatchObject({ closed: false, blockingExceptionIds: ids });
    await staff.post('/api/exceptions/assign').send({ ids, assignee: 'ghost', reason: '一括' }).expect(400);
    await (await t.login('auditor')).post('/api/exceptions/assign').send({ ids, assignee: 'staff1', reason: '一括' }).expect(403);
    const res = await manager.post('/api/exceptions/assign').send({ ids, assignee: 'staff1', reason: '朝の割り振り' }).expect(200);
    expect(res.body).toEqual({ assigned: ids.length });
    const mine = await staff.get('/api/exceptions?assignee=staff1&status=in_review').expect(200);
    expect(mine.body.items.map((e: { id: number }) => e.id)).toEqual(ids);
    // Assigned and in review, they are carried over: the day may close.
    expect((await staff.get('/api/days/2026-11-25').expect(200)).body.blockingExceptionIds).toEqual([]);
  });

  it('names the expected daily files that have not arrived, with the last day one did', async () => {
    expect((await staff.get('/api/reconciliation/daily?date=2026-11-25').expect(200)).body.missingFiles).toEqual([]);
    expect((await staff.get('/api/reconciliation/daily?date=2026-11-26').expect(200)).body.missingFiles).toEqual([
      { format: 'konbini', lastReceivedOn: '2026-11-25' },
    ]);
  });
});
