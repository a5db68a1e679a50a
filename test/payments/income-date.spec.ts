import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '../../src/database/data-source';
import { Database } from '../../src/database/database';
import { bankCounterFile, eltaxFile, furikaeFile, qrFile, registerFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 6001);
const B = billNumber('01', 2026, '03', 6002);
const C = billNumber('04', 2026, '05', 6003);
const D = billNumber('05', 2026, '05', 6004);
const CARD_FIXTURE = join(__dirname, '../../src/imports/parsers/credit-card/fixtures/card-20261126.csv');

/**
 * 収入日 on every payment, by formats.md's table: the day the money reaches the city's account as the file
 * schedules it — the books run by it and the deposits reconciliation compares it with the bank statement.
 */
describe('収入日 (income date) of each format', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.intake('bills', {
      'bills.csv': billsCsv([A, B, C, D].map((number) => ({ number, amount: 5000, due: '2026-11-30' }))),
    });
  });
  afterAll(() => t.close());

  const incomeOf = (where: string, params: unknown[] = []) =>
    t.app.get(Database).dataSource.query(
      `SELECT income_on::text AS "incomeOn", cancelled_income_on::text AS "cancelledIncomeOn", state
         FROM payment WHERE ${where} ORDER BY id`,
      params,
    ) as Promise<{ incomeOn: string | null; cancelledIncomeOn: string | null; state: string }[]>;

  it('konbini: none while only the 速報 is known, then the 確報 振込予定日', async () => {
    await t.intake('konbini', { 'S1.dat': konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 5000, paidOn: '2026-11-20' }]) });
    expect(await incomeOf(`bill_number = $1`, [A])).toEqual([{ incomeOn: null, cancelledIncomeOn: null, state: 'preliminary' }]);
    await t.intake('konbini', { 'S2.dat': konbiniFile('2026-11-24', [{ type: '02', bill: A, amount: 5000, paidOn: '2026-11-20' }]) });
    expect(await incomeOf(`bill_number = $1`, [A])).toEqual([{ incomeOn: '2026-11-24', cancelledIncomeOn: null, state: 'final' }]);
  });

  it('eltax: 払込予定日; bank-counter: 払込日; zengin-furikae: 引落日', async () => {
    await t.intake('eltax', { 'E.csv': eltaxFile([{ bill: B, amount: 5000, paidOn: '20261121', receipt: 'R1' }]) });
    await t.intake('bank-counter', { 'OCR.csv': bankCounterFile([{ bill: C, amount: 5000, paidOn: '20261125' }]) });
    await t.intake('zengin-furikae', { 'F.dat': furikaeFile('1127', [{ bill: D, amount: 5000, result: '0' }]) }, '2026-12-01');
    expect(await incomeOf(`bill_number IN ($1, $2, $3)`, [B, C, D])).toEqual([
      { incomeOn: '2026-12-01', cancelledIncomeOn: null, state: 'final' },
      { incomeOn: '2026-11-25', cancelledIncomeOn: null, state: 'final' },
      { incomeOn: '2026-11-27', cancelledIncomeOn: null, state: 'final' },
    ]);
  });

  it('credit-card: 入金予定日, and a 取消 keeps the 入金予定日 whose payout it lowers', async () => {
    await t.intake('credit-card', { 'CARD.csv': readFileSync(CARD_FIXTURE) });
    const card = await incomeOf(`channel = 'credit_card'`);
    expect(card.length).toBeGreaterThan(0);
    expect(card.every((p) => p.incomeOn !== null)).toBe(true);
    const cancelled = card.filter((p) => p.state === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((p) => p.cancelledIncomeOn !== null)).toBe(true);
  });

  it('qr-counter: the transaction day plus one business day; city-cash: the 受付日', async () => {
    // Friday 2026-11-20 → Tuesday 11-24 (the 23rd is 勤労感謝の日).
    await t.intake('qr-counter', { 'PAYPAY.csv': qrFile([{ id: '04196663001420886099', at: '2026/11/20 14:21:40', amount: 450 }]) });
    await t.intake('city-cash', { 'REG.csv': registerFile([{ receiptNo: 'R-0001', at: '2026/11/20 09:10:00', amount: 300 }]) });
    expect(await incomeOf(`channel = 'qr_counter'`)).toEqual([{ incomeOn: '2026-11-24', cancelledIncomeOn: null, state: 'final' }]);
    expect(await incomeOf(`channel = 'city_cash'`)).toEqual([{ incomeOn: '2026-11-20', cancelledIncomeOn: null, state: 'final' }]);
  });

  it('gives payments loaded before 収入日 existed the same dates when the migration fills them in', async () => {
    const all = `source_format <> 'credit-card'`;
    const loaded = await incomeOf(all);
    const ds = createDataSource(t.db.url, { poolSize: 1 });
    await ds.initialize();
    try {
      // Down to the schema before 収入日 (later migrations too), then up again: the backfill runs on kept data.
      const names = ds.migrations.map((m) => m.name);
      const later = names.length - names.indexOf('RecordIncomeDateOnPayments1764950000000');
      for (let i = 0; i < later; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(later);
    } finally {
      await ds.destroy();
    }
    expect(await incomeOf(all)).toEqual(loaded);
  });
});
