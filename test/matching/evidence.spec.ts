import { Database } from '../../src/database/database';
import { EvidenceService } from '../../src/matching/evidence.service';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 6001);
const B = billNumber('02', 2026, '03', 6002);
// One digit off B in the 通知書番号 with a recomputed check digit: a valid number of no bill.
const NEAR_B = billNumber('02', 2026, '03', 6012);

describe('evidence card (根拠)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', { 'bills.csv': billsCsv([{ number: A, amount: 10000, due: '2026-11-30' }, { number: B, amount: 7000, due: '2026-11-10' }]) });
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
    expect(card.comparisons).toEqual(expect.arrayContaining([
      { field: '金額（残額）', payment: '6000', bill: '6000', agrees: true },
      { field: '納付日（実効納期限）', payment: '2026-11-20', bill: '2026-11-30', agrees: true },
    ]));
    expect(card.candidates).toEqual([]);
  });

  it('records every read of personal data in the audit log', async () => {
    const id = await paymentOf(4000);
    await t.app.get(EvidenceService).forPayment(id, 'auditor1');
    const rows = await t.app.get(Database).dataSource.query(
      `SELECT actor, entity, entity_id FROM audit_log WHERE action = 'read.personal' AND actor = 'auditor1'`);
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
