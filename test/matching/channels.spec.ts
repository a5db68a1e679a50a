import * as iconv from 'iconv-lite';
import { Database } from '../../src/database/database';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { CashlessReportService } from '../../src/reports/cashless-report.service';
import { bankCounterFile, eltaxFile, furikaeFile, qrFile, registerFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 4001);
const B = billNumber('01', 2026, '03', 4002);
const C = billNumber('04', 2026, '05', 4003);

describe('every channel through the same pipeline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  // Each test starts from a fresh database with the same three bills: the app boots once for the file.
  beforeEach(async () => {
    await t.reset();
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: A, amount: 12300, due: '2026-11-30' },
        { number: B, amount: 8000, due: '2026-11-30' },
        { number: C, amount: 5000, due: '2026-11-30' },
      ]),
    });
  });
  afterAll(() => t.close());

  const open = async () =>
    (await t.app.get(ExceptionsService).all({ status: 'open' })).map((e) => `${e.type}:${e.billNumber ?? e.paymentRef}`).sort();
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;

  it('flags the later of a barcode payment and an eL-QR payment of the same slip as the duplicate, naming the earlier', async () => {
    await t.intake('konbini', { 'S.dat': konbiniFile('2026-11-20', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-20' }]) });
    await t.intake('eltax', { 'E.csv': eltaxFile([{ bill: A, amount: 12300, paidOn: '20261121', receipt: 'R1' }]) });
    const [dup] = await t.app.get(ExceptionsService).all({ type: 'duplicate_payment' });
    expect(dup).toMatchObject({ channel: 'eltax', billNumber: A, paymentRef: 'R1' });
    expect(dup.detail).toMatch(/#\d+ コンビニ 2026-11-20/);
  });

  it('reverses an eLTAX payment by its 取消区分 row and flags it cancelled', async () => {
    await t.intake('eltax', { 'E1.csv': eltaxFile([{ bill: B, amount: 8000, paidOn: '20261121', receipt: 'R2' }]) });
    await t.intake('eltax', { 'E2.csv': eltaxFile([{ bill: B, amount: 8000, paidOn: '20261121', receipt: 'R2', cancel: true }]) });
    expect(await open()).toEqual([`cancelled_payment:${B}`]);
    expect(await sql(`SELECT sum(applied_amount)::int AS applied FROM match`)).toEqual([{ applied: 0 }]);
  });

  it('flags a bank-counter payment after a 口座振替 of the same bill, and never counts a failed debit as a payment', async () => {
    const furikae = await t.intake(
      'zengin-furikae',
      {
        'FURIKAE.dat': furikaeFile('1127', [
          { bill: C, amount: 5000, result: '0' },
          { bill: B, amount: 8000, result: '1' },
        ]),
      },
      '2026-11-28',
    );
    expect(furikae.files[0]).toMatchObject({ status: 'imported', accepted: 2, counts: { failedDebits: 1, paymentsCreated: 1 } });
    await t.intake('bank-counter', { 'OCR.csv': bankCounterFile([{ bill: C, amount: 5000, paidOn: '20261128' }]) });
    expect(await open()).toEqual([`duplicate_payment:${C}`]);
    const [debit] = await sql<{ channel: string; paid_on: string }>(`SELECT channel, paid_on FROM payment WHERE channel = 'direct_debit'`);
    expect(debit).toEqual({ channel: 'direct_debit', paid_on: '2026-11-27' });
    expect(await sql(`SELECT result_code, amount FROM failed_debit`)).toEqual([{ result_code: '1', amount: 8000 }]);
    // Lines are kept as the CP932 bytes that arrived: the 預金者名 only masked.
    const kept = (name: string) =>
      sql(`SELECT line_no FROM import_line WHERE position($1::bytea IN raw) > 0`, [iconv.encode(name, 'cp932')]);
    expect(await kept('ﾀﾙﾐｽﾞ ﾀﾛｳ')).toEqual([]);
    expect(await kept('ﾀ＊')).toHaveLength(2);
  });

  it('pairs counter QR payments with the register by 取引番号: a refund and its void are one cancelled_payment', async () => {
    await t.intake('city-cash', {
      'REG_20261124.csv': registerFile([
        { receiptNo: 'R-1', at: '2026/11/24 09:00:00', amount: 300, qr: 'Q1' },
        { receiptNo: 'R-2', at: '2026/11/24 09:10:00', amount: 600 },
        { receiptNo: 'R-3', at: '2026/11/24 09:20:00', amount: 450, qr: 'Q3' },
        { receiptNo: 'R-3', at: '2026/11/24 10:00:00', amount: 450, qr: 'Q3', void: true },
        { receiptNo: 'R-4', at: '2026/11/24 09:30:00', amount: 900, qr: 'Q4' },
        { receiptNo: 'R-5', at: '2026/11/24 09:40:00', amount: 200 },
        { receiptNo: 'R-5', at: '2026/11/24 09:45:00', amount: 200, void: true },
      ]),
    });
    await t.intake('qr-counter', {
      'QR_20261124.csv': qrFile([
        { id: 'Q1', at: '2026/11/24 09:00:30', amount: 300 },
        { id: 'Q3', at: '2026/11/24 09:20:30', amount: 450 },
        { id: 'Q3R', at: '2026/11/24 10:00:30', amount: 450, refundOf: 'Q3' },
        { id: 'Q4', at: '2026/11/24 09:30:30', amount: 800 },
        { id: 'Q9', at: '2026/11/24 11:00:00', amount: 300 },
      ]),
    });
    expect(await open()).toEqual(['amount_short:Q4', 'cancelled_payment:Q3', 'cancelled_payment:R-5', 'unknown_bill:Q9']);
    const short = (await t.app.get(ExceptionsService).all({ type: 'amount_short' }))[0];
    expect(short).toMatchObject({ channel: 'qr_counter', expectedAmount: 900, paidAmount: 800, category: '10' });

    // The register row of Q9 arrives in the next day's register: the flag closes itself.
    await t.intake('city-cash', {
      'REG_20261125.csv': registerFile([{ receiptNo: 'R-6', at: '2026/11/24 11:00:00', amount: 300, qr: 'Q9' }]),
    });
    expect(await open()).toEqual(['amount_short:Q4', 'cancelled_payment:Q3', 'cancelled_payment:R-5']);

    const report = await t.app.get(CashlessReportService).report(2026, 'channel');
    const rows = Object.fromEntries(report.rows.map((r) => [r.key, [r.count, r.amount]]));
    // Cash rows are payments (R-5 voided); QR payments are the provider's (Q3 refunded); register QR rows are not.
    expect(rows).toEqual({ city_cash: [1, 600], qr_counter: [3, 1400] });
  });

  it('flags a register QR row whose transaction never comes once the provider has sent transactions 10 business days later', async () => {
    await t.intake('city-cash', { 'REG.csv': registerFile([{ receiptNo: 'R-7', at: '2026/11/05 09:00:00', amount: 300, qr: 'Q7' }]) });
    await t.intake('qr-counter', { 'QR_1119.csv': qrFile([{ id: 'Q8', at: '2026/11/19 09:00:00', amount: 300 }]) });
    expect(await open()).toEqual(['unknown_bill:Q8']);
    await t.intake('qr-counter', { 'QR_1120.csv': qrFile([{ id: 'Q10', at: '2026/11/20 09:00:00', amount: 300 }]) });
    expect(await open()).toEqual(['preliminary_only:Q7', 'unknown_bill:Q10', 'unknown_bill:Q8']);
  });

  it('splits eLTAX by 納付手段 in the cashless report: a bank-counter eL-QR payment is cash and a counter payment', async () => {
    await t.intake('eltax', {
      'E.csv': eltaxFile([
        { bill: A, amount: 12300, paidOn: '20261121', receipt: 'R10', means: '01' },
        { bill: B, amount: 8000, paidOn: '20261121', receipt: 'R11', means: '05' },
      ]),
    });
    const report = await t.app.get(CashlessReportService).report(2026, 'channel');
    expect(report.rows.map((r) => [r.key, r.label, r.cashlessCount])).toEqual([
      ['eltax:01', 'eLTAX（金融機関窓口）', 0],
      ['eltax:05', 'eLTAX（クレジットカード）', 1],
    ]);
    expect(report.total).toMatchObject({ count: 2, cashlessCount: 1, nonCounterShareByCount: 0.5 });
  });
});
