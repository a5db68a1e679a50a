import request from 'supertest';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 7001);

/** The morning's work over HTTP: find the duplicate, propose its 還付, a manager approves. */
describe('exception workflow through the REST API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', { 'bills.csv': billsCsv([{ number: A, amount: 12300, due: '2026-11-30' }]) });
    await t.intake('konbini', {
      'S.dat': konbiniFile('2026-11-25', [
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-25', time: '0900' },
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-25', time: '1000', cvs: '820' },
      ]),
    });
  });
  afterAll(() => t.close());

  it('lets staff propose a refund and only a different manager approve it, with the whole case history kept', async () => {
    const staff = await t.login('staff', 'staff1');
    const manager = await t.login('manager', 'manager1');
    const auditor = await t.login('auditor', 'auditor1');
    const [dup] = (await staff.get('/api/exceptions?type=duplicate_payment').expect(200)).body.items;

    const evidence = await staff.get(`/api/payments/${(await staff.get(`/api/exceptions/${dup.id}`)).body.paymentId}/evidence`).expect(200);
    expect(evidence.body.exceptions[0].type).toBe('duplicate_payment');

    await staff.post(`/api/exceptions/${dup.id}/comments`).send({ body: '納付者に確認済み' }).expect(201);
    await staff.post(`/api/exceptions/${dup.id}/resolve`).send({ action: 'refund' }).expect(400);
    const proposal = await staff
      .post(`/api/exceptions/${dup.id}/resolve`)
      .send({ action: 'refund', reason: '二重納付のため還付' })
      .expect(200);
    expect(proposal.body.status).toBe('proposed');

    await staff.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: 'self' }).expect(403);
    await auditor.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: 'x' }).expect(403);
    await manager.post(`/api/resolutions/${proposal.body.resolutionId}/approve`).send({ reason: '確認' }).expect(204);

    const detail = (await auditor.get(`/api/exceptions/${dup.id}`).expect(200)).body;
    expect(detail).toMatchObject({ status: 'resolved', resolvedBy: 'manager1' });
    expect(detail.comments).toEqual([expect.objectContaining({ author: 'staff1', body: '納付者に確認済み' })]);
    expect(detail.resolutions).toEqual([
      expect.objectContaining({
        action: 'refund',
        status: 'applied',
        amount: 12300,
        proposedBy: 'staff1',
        decidedBy: 'manager1',
        requiresApproval: true,
      }),
    ]);
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual([
      'exception.comment',
      'exception.transition',
      'resolution.propose',
      'resolution.apply',
      'exception.transition',
    ]);

    const audit = await auditor.get('/api/audit/verify').expect(200);
    expect(audit.body).toMatchObject({ ok: true });
  });

  it('closes a day for managers only, and reopens it only with a reason', async () => {
    const staff = await t.login('staff', 'staff1');
    const manager = await t.login('manager', 'manager1');
    await staff.post('/api/days/2026-11-25/close').send({}).expect(403);
    await manager.post('/api/days/2026-11-25/close').send({ reason: '締め' }).expect(204);
    expect((await staff.get('/api/days/2026-11-25').expect(200)).body).toEqual({
      date: '2026-11-25',
      closed: true,
      blockingExceptionIds: [],
      history: [
        { action: 'close', actor: 'manager1', reason: '締め', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/) },
      ],
    });
    await manager.post('/api/days/2026-11-25/reopen').send({}).expect(400);
    await manager.post('/api/days/2026-11-25/reopen').send({ reason: '訂正のため' }).expect(204);
    expect((await request(t.app.getHttpServer()).get('/api/days/2026-11-25')).status).toBe(401);
  });
});
