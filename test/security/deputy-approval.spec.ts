import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 8001);
const B = billNumber('02', 2026, '04', 8002);

/**
 * Issue #6, finding 1 (last sentence): a small office with one 課長 names a deputy (代決者), a second
 * manager account; what the deputy approves is labelled 代決 in the resolution record, the API, the
 * case's history and its closing words. An admin names the deputy, among managers only.
 */
describe("the 課長's deputy (代決者) (issue #6, finding 1)", () => {
  let t: TestApp;
  let admin: Agent;
  let chief: Agent;
  let deputy: Agent;
  let staff: Agent;
  let deputyId: number;
  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 5000, due: '2026-11-30' },
        { number: B, amount: 6000, due: '2026-11-30' },
      ]),
    });
    await t.intake('konbini', {
      'S.dat': konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 5000, paidOn: '2026-11-20', time: '0900' },
        { type: '01', bill: A, amount: 5000, paidOn: '2026-11-20', time: '1000', cvs: '820' },
        { type: '01', bill: B, amount: 6500, paidOn: '2026-11-20' },
      ]),
    });
    admin = await t.login('admin', 'admin1');
    chief = await t.login('manager', 'kacho');
    deputy = await t.login('manager', 'hosa');
    staff = await t.login('staff', 'staff1');
    deputyId = (await t.user('manager', 'hosa')).id;
  });
  afterAll(() => t.close());

  const caseOf = async (type: string) => {
    const [e] = (await staff.get(`/api/exceptions?type=${type}`).expect(200)).body.items;
    return (await staff.get(`/api/exceptions/${e.id}`).expect(200)).body;
  };

  it('is named by an admin, among managers only', async () => {
    const staffId = (await t.user('staff', 'staff1')).id;
    const refused = await admin.patch(`/api/users/${staffId}`).send({ deputy: true });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('USER_DEPUTY_NOT_MANAGER');
    await chief.patch(`/api/users/${deputyId}`).send({ deputy: true }).expect(403);

    const named = await admin.patch(`/api/users/${deputyId}`).send({ deputy: true }).expect(200);
    expect(named.body).toMatchObject({ loginName: 'hosa', role: 'manager', deputy: true });
    expect(
      (await admin.get('/api/users').expect(200)).body.items.find((u: { loginName: string }) => u.loginName === 'kacho'),
    ).toMatchObject({ deputy: false });
  });

  it("labels the deputy's approval 代決 in the record, the API, the history and the closing words", async () => {
    const dup = await caseOf('duplicate_payment');
    const proposal = (
      await chief.post(`/api/exceptions/${dup.id}/resolve`).send({ action: 'refund', reason: '二重納付を還付' }).expect(200)
    ).body;
    await deputy.post(`/api/resolutions/${proposal.resolutionId}/approve`).send({ reason: '課長不在のため代決' }).expect(204);

    const after = await caseOf('duplicate_payment');
    expect(after.resolutions).toEqual([
      expect.objectContaining({ action: 'refund', status: 'applied', proposedBy: 'kacho', decidedBy: 'hosa', decidedByDeputy: true }),
    ]);
    expect(after.resolution).toContain('代決 hosa');
    expect(after.history.find((h: { action: string }) => h.action === 'resolution.apply')).toMatchObject({
      actor: 'hosa',
      reason: '課長不在のため代決',
      after: expect.objectContaining({ deputy: true }),
    });
  });

  it('labels nothing 代決 when the 課長 approves, and keeps the label once the deputy is no longer named', async () => {
    const over = await caseOf('amount_over');
    const proposal = (await staff.post(`/api/exceptions/${over.id}/resolve`).send({ action: 'refund', reason: '過誤納を還付' }).expect(200))
      .body;
    await chief.post(`/api/resolutions/${proposal.resolutionId}/approve`).send({ reason: '承認' }).expect(204);
    const approved = await caseOf('amount_over');
    expect(approved.resolutions[0]).toMatchObject({ decidedBy: 'kacho', decidedByDeputy: false });
    expect(approved.resolution).toContain('承認 kacho');

    // Made staff, the deputy is named no longer; the earlier decision still reads 代決.
    const demoted = await admin.patch(`/api/users/${deputyId}`).send({ role: 'staff' }).expect(200);
    expect(demoted.body).toMatchObject({ role: 'staff', deputy: false });
    expect((await caseOf('duplicate_payment')).resolutions[0]).toMatchObject({ decidedBy: 'hosa', decidedByDeputy: true });
  });
});
