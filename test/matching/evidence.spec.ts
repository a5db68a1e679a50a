import { Database } from '../../src/database/database';
import { EvidenceService } from '../../src/matching/evidence/evidence.service';
import type { EvidenceDto } from '../../src/matching/evidence/evidence.dto';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { Agent, startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 6001);
const B = billNumber('02', 2026, '03', 6002);
// One digit off B in the 通知書番号 with a recomputed check digit: a valid number of no bill.
const NEAR_B = billNumber('02', 2026, '03', 6012);

describe('evidence card (根拠)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 10000, due: '2026-11-30' },
        { number: B, amount: 7000, due: '2026-11-10' },
      ]),
    });
    await t.intake('konbini', {
      'S.dat': konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 4000, paidOn: '2026-11-18' },
        { type: '01', bill: A, amount: 6000, paidOn: '2026-11-20' },
        { type: '01', bill: NEAR_B, amount: 7000, paidOn: '2026-11-20' },
      ]),
    });
  });
  afterAll(() => t.close());
  const paymentOf = async (amount: number) =>
    (await t.app.get(Database).dataSource.query(`SELECT id FROM payment WHERE amount = $1`, [amount]))[0].id as number;

  it('explains a match: the rule, the fields compared, the open amount before and after', async () => {
    const card = await t.app.get(EvidenceService).forPayment(await paymentOf(6000), 'staff1');
    expect(card.rule).toContain('exact');
    expect(card.bill).toMatchObject({ billNumber: A, amount: 10000, openBefore: 6000, openAfter: 0 });
    expect(card.comparisons).toEqual(
      expect.arrayContaining([
        { field: '金額（残額）', payment: '6000', bill: '6000', agrees: true },
        { field: '納付日（実効納期限）', payment: '2026-11-20', bill: '2026-11-30', agrees: true },
      ]),
    );
    expect(card.candidates).toEqual([]);
  });

  it('records every read of personal data in the audit log', async () => {
    const id = await paymentOf(4000);
    await t.app.get(EvidenceService).forPayment(id, 'auditor1');
    const rows = await t.app
      .get(Database)
      .dataSource.query(`SELECT actor, entity, entity_id FROM audit_log WHERE action = 'read.personal' AND actor = 'auditor1'`);
    expect(rows).toEqual([{ actor: 'auditor1', entity: 'payment', entity_id: String(id) }]);
  });

  it('offers the nearest bills for an unmatched payment, saying what differs', async () => {
    const card = await t.app.get(EvidenceService).forPayment(await paymentOf(7000), 'staff1');
    expect(card.exceptions.map((e) => e.type)).toEqual(['unknown_bill']);
    expect(card.candidates[0]).toMatchObject({ billNumber: B, openAmount: 7000 });
    expect(card.candidates[0].differences.join(' ')).toMatch(/納付番号 \d桁違い/);
    expect(card.candidates[0].differences.join(' ')).toContain('納期限 2026-11-10 後の納付');
  });
});

describe('evidence card after a write-off (端数処理): the 残額 matching used (issue #8)', () => {
  const X = billNumber('02', 2026, '03', 6101);
  // One digit off X with a recomputed check digit: a valid number of no bill.
  const NEAR_X = billNumber('02', 2026, '03', 6111);
  let t: TestApp;
  let staff: Agent;
  const paymentOf = async (bill: string, amount: number) =>
    (await t.app.get(Database).dataSource.query(`SELECT id FROM payment WHERE bill_number = $1 AND amount = $2`, [bill, amount]))[0]
      .id as number;
  const card = async (paymentId: number) => (await staff.get(`/api/payments/${paymentId}/evidence`).expect(200)).body as EvidenceDto;

  beforeAll(async () => {
    t = await startTestApp();
    staff = await t.login('staff', 'staff1');
    const manager = await t.login('manager', 'manager1');
    await t.intake('bills', { 'bills.csv': billsCsv([{ number: X, amount: 10000, due: '2026-11-30' }]) });
    await t.intake('konbini', { 'S.dat': konbiniFile('2026-11-18', [{ type: '01', bill: X, amount: 9990, paidOn: '2026-11-18' }]) });
    const [short] = (await staff.get('/api/exceptions?type=amount_short').expect(200)).body.items;
    const writeOff = await staff.post(`/api/exceptions/${short.id}/resolve`).send({ action: 'write_off', reason: '端数10円' }).expect(200);
    await manager.post(`/api/resolutions/${writeOff.body.resolutionId}/approve`).send({ reason: '承認' }).expect(204);
    // Ten yen more for the written-off bill, and ten yen for a number one digit off it.
    await t.intake(
      'konbini',
      {
        'T.dat': konbiniFile('2026-11-25', [
          { type: '01', bill: X, amount: 10, paidOn: '2026-11-24' },
          { type: '01', bill: NEAR_X, amount: 10, paidOn: '2026-11-24' },
        ]),
      },
      '2026-11-26',
    );
  });
  afterAll(() => t.close());

  it('shows nothing open on the written-off bill, as matching saw it when it flagged the later payment', async () => {
    const later = await card(await paymentOf(X, 10));
    expect(later.exceptions.map((e) => e.type)).toEqual(['duplicate_payment']);
    expect(later.bill).toMatchObject({ billNumber: X, openBefore: 0, openAfter: 0 });
    expect(later.comparisons).toContainEqual({ field: '金額（残額）', payment: '10', bill: '0', agrees: false });
  });

  it('keeps what the short payment left open before the write-off', async () => {
    const short = await card(await paymentOf(X, 9990));
    expect(short.bill).toMatchObject({ billNumber: X, openBefore: 10000, openAfter: 10 });
  });

  it('never offers the written-off bill as open to an unmatched payment', async () => {
    const unmatched = await card(await paymentOf(NEAR_X, 10));
    expect(unmatched.exceptions.map((e) => e.type)).toEqual(['unknown_bill']);
    expect(unmatched.candidates).toEqual([]);
  });
});
