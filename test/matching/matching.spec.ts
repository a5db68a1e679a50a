import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { Database } from '../../src/database/database';
import { MatchingService } from '../../src/matching/matching.service';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 1001);
const B = billNumber('01', 2026, '03', 1002);
const C = billNumber('04', 2026, '05', 1003);

describe('matching (消込) on a real database', () => {
  let t: TestApp;
  let seq = 0;
  const name = (prefix: string) => `${prefix}_${++seq}.dat`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  // Each test starts from a fresh database with the same three bills: the app boots once for the file.
  beforeEach(async () => {
    await t.reset();
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 12300, due: '2026-11-30' },
        { number: B, amount: 5000, due: '2026-11-23' }, // 勤労感謝の日 (Monday): due the 24th
        { number: C, amount: 8000, due: '2026-11-30', payer: '0000000002' },
      ]),
    });
  });
  afterAll(() => t.close());

  const exceptions = () => t.app.get(ExceptionsService).all({});
  const open = async () =>
    (await exceptions())
      .filter((e) => e.status === 'open')
      .map((e) => `${e.type}:${e.billNumber ?? ''}`)
      .sort();
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;

  it('matches a payment of the exact amount and records the rule that made the match', async () => {
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' }]) });
    const matches = await sql<{ rule: string; applied_amount: number; reason: string }>(`SELECT rule, applied_amount, reason FROM match`);
    expect(matches).toEqual([{ rule: 'exact', applied_amount: 12300, reason: expect.stringContaining('12,300円') }]);
    expect(await open()).toEqual([]);
  });

  it('treats a 速報 and its later 確報 as one payment', async () => {
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' }]) });
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-24', [{ type: '02', bill: A, amount: 12300, paidOn: '2026-11-20' }]) });
    const payments = await sql<{ state: string; has_preliminary: boolean; has_final: boolean }>(
      `SELECT state, has_preliminary, has_final FROM payment`,
    );
    expect(payments).toEqual([{ state: 'final', has_preliminary: true, has_final: true }]);
    expect(await sql(`SELECT id FROM match`)).toHaveLength(1);
    expect(await open()).toEqual([]);
  });

  it('flags a duplicate when the same bill is paid at a store and then by app, naming the earlier payment', async () => {
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-20', time: '1830', cvs: '820' },
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-20', time: '0915', cvs: '010' },
      ]),
    });
    const [dup] = (await exceptions()).filter((e) => e.type === 'duplicate_payment');
    expect(dup).toMatchObject({ channel: 'smartphone_app', paidAmount: 12300, expectedAmount: 0 });
    const [store] = await sql<{ id: number }>(`SELECT id FROM payment WHERE channel = 'convenience_store'`);
    expect(dup.detail).toContain(`#${store.id}`);
  });

  it('applies payments of one bill in order of 納付日 whatever the order of the file', async () => {
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-19' },
        { type: '01', bill: A, amount: 2300, paidOn: '2026-11-18' },
      ]),
    });
    expect(await open()).toEqual([`amount_over:${A}`, `amount_short:${A}`]);
    const over = (await exceptions()).find((e) => e.type === 'amount_over')!;
    expect(over).toMatchObject({ paidOn: '2026-11-19', expectedAmount: 10000, paidAmount: 12300 });
  });

  it('moves a 納期限 on a national holiday to the next business day before calling a payment late', async () => {
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-25', [
        { type: '01', bill: B, amount: 5000, paidOn: '2026-11-24' },
        { type: '01', bill: C, amount: 8000, paidOn: '2026-12-01' },
      ]),
    });
    expect(await open()).toEqual([`late_payment:${C}`]);
  });

  it('flags an unknown bill, then matches it once the bill arrives and closes the flag itself', async () => {
    const D = billNumber('03', 2026, '01', 1004);
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-20', [{ type: '01', bill: D, amount: 7200, paidOn: '2026-11-20' }]) });
    expect(await open()).toEqual([`unknown_bill:${D}`]);
    await t.intake('bills', { 'late-bills.csv': billsCsv([{ number: D, amount: 7200, due: '2026-11-30' }]) });
    expect(await open()).toEqual([]);
    const [closed] = await exceptions();
    expect(closed).toMatchObject({ type: 'unknown_bill', status: 'resolved' });
  });

  it('flags a 納付番号 whose check digit fails as invalid_reference and never guesses a bill', async () => {
    const broken = A.slice(0, 15) + String((Number(A[15]) + 1) % 10);
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-20', [{ type: '01', bill: broken, amount: 12300, paidOn: '2026-11-20' }]),
    });
    expect(await open()).toEqual([`invalid_reference:${broken}`]);
    expect(await sql(`SELECT id FROM match`)).toEqual([]);
  });

  it('undoes a match by a reversal row when the provider cancels, and lets a waiting duplicate take its place', async () => {
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-20', time: '0900' },
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-20', time: '1200', cvs: '820' },
      ]),
    });
    expect(await open()).toEqual([`duplicate_payment:${A}`]);
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-21', [{ type: '03', bill: A, amount: 12300, paidOn: '2026-11-20', time: '0900' }]),
    });
    const matches = await sql<{ kind: string; applied_amount: number; reverses_match_id: number | null; channel: string }>(
      `SELECT m.kind, m.applied_amount, m.reverses_match_id, p.channel FROM match m JOIN payment p ON p.id = m.payment_id ORDER BY m.id`,
    );
    expect(matches).toEqual([
      { kind: 'apply', applied_amount: 12300, reverses_match_id: null, channel: 'convenience_store' },
      { kind: 'reversal', applied_amount: -12300, reverses_match_id: expect.any(Number), channel: 'convenience_store' },
      { kind: 'apply', applied_amount: 12300, reverses_match_id: null, channel: 'smartphone_app' },
    ]);
    expect(await open()).toEqual([`cancelled_payment:${A}`]);
  });

  it('re-evaluates only undecided payments after a 減額更正, and flags payments for a cancelled bill', async () => {
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' },
        { type: '01', bill: C, amount: 9000, paidOn: '2026-11-20' },
      ]),
    });
    await t.intake('bills', {
      'update.csv': billsCsv([
        { number: A, amount: 10000, due: '2026-11-30', updatedOn: '2026-11-21' },
        { number: B, amount: 5000, due: '2026-11-23', status: '取消', updatedOn: '2026-11-21' },
      ]),
    });
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-22', [{ type: '01', bill: B, amount: 5000, paidOn: '2026-11-22' }]) });
    expect(await open()).toEqual([`amount_over:${C}`, `bill_cancelled:${B}`]);
    expect(
      await sql(
        `SELECT version, amount, status FROM bill_version WHERE bill_id = (SELECT id FROM bill WHERE bill_number = $1) ORDER BY version`,
        [A],
      ),
    ).toEqual([
      { version: 1, amount: 12300, status: 'active' },
      { version: 2, amount: 10000, status: 'active' },
    ]);
  });

  it('waits 10 business days for a 確報 before flagging a 速報 as preliminary_only', async () => {
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-05', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-05' }]) });
    // 11/06 … 11/19 is exactly 10 business days: still pending.
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-19', [{ type: '01', bill: C, amount: 8000, paidOn: '2026-11-19' }]) });
    expect(await open()).toEqual([]);
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-20', [{ type: '02', bill: C, amount: 8000, paidOn: '2026-11-19' }]) });
    expect(await open()).toEqual([`preliminary_only:${A}`]);
  });

  it('matches a 確報 that had no 速報 and flags it final_only', async () => {
    await t.intake('konbini', { [name('S')]: konbiniFile('2026-11-20', [{ type: '02', bill: A, amount: 12300, paidOn: '2026-11-18' }]) });
    expect(await open()).toEqual([`final_only:${A}`]);
    expect(await sql(`SELECT rule FROM match`)).toEqual([{ rule: 'exact' }]);
  });

  it('flags a file whose trailer disagrees with its records as control_total_mismatch, keeping its payments', async () => {
    const file = konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' }]);
    const trailerStart = file.indexOf(Buffer.from('\r\n8')) + 2;
    file.write('000002', trailerStart + 1, 'latin1'); // 速報件数 1 → 2
    const result = await t.intake('konbini', { 'broken-trailer.dat': file });
    expect(result.files[0]).toMatchObject({ status: 'imported', accepted: 1 });
    const [mismatch] = (await exceptions()).filter((e) => e.type === 'control_total_mismatch');
    expect(mismatch.detail).toContain('broken-trailer.dat');
    expect(await sql(`SELECT id FROM match`)).toHaveLength(1);
  });

  it('is repeatable: a second run changes nothing', async () => {
    await t.intake('konbini', {
      [name('S')]: konbiniFile('2026-11-20', [
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' },
        { type: '01', bill: A, amount: 12300, paidOn: '2026-11-20', time: '1100' },
        { type: '01', bill: billNumber('05', 2026, '01', 9), amount: 100, paidOn: '2026-11-20' },
        { type: '01', bill: C, amount: 100, paidOn: '2026-11-20' },
      ]),
    });
    const snapshot = () =>
      Promise.all([
        sql(`SELECT * FROM match ORDER BY id`),
        sql(`SELECT id, type, status, payment_id, expected_amount, paid_amount, detail FROM recon_exception ORDER BY id`),
      ]);
    const before = await snapshot();
    const summary = await t.app.get(MatchingService).run();
    expect(summary).toMatchObject({ matched: 0, reversed: 0, superseded: 0 });
    expect(await snapshot()).toEqual(before);
  });
});
