import ExcelJS from 'exceljs';
import { PayoutSourcesService } from '../../src/deposits/payout-sources.service';
import { registerFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { statementOf } from '../support/statement-files';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * 例月出納検査資料 (November 2026) from the deposits reconciliation: payments and the city's 入出金取引明細 in through
 * the real parsers, and the report's three deposit sections read off what 入金照合 decided.
 *
 * Payments by 収入日 in November: counter cash 1,200 + 800 on 11-25, konbini 12,000 + 8,000 due 11-26 (net of
 * 2 × 55 + 0.5%: 19,790), konbini 5,000 due 11-27 (4,920), counter cash 500 on 11-30 — 27,500 in all. Counter cash
 * 700 of 10-30 is October's.
 *
 * Statements: 11-01..11-27 opening 10,000,000 — 11-02 the 700 of 10-30, 11-24 出金 500,000, 11-26 the counter's
 * 1,800 (200 short), the 収納代行's 19,460 (330 short) and a resident's 3,000; 11-28..12-04 — 11-30 a 777 from the
 * 収納代行 nothing explains, 12-01 the counter's 500 of 11-30. The konbini payout of 11-27 never comes.
 */

const A = billNumber('02', 2026, '03', 7101);
const B = billNumber('02', 2026, '03', 7102);
const C = billNumber('01', 2026, '03', 7103);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const sources = t.app.get(PayoutSourcesService);
  await sources.set(
    { format: 'konbini', provider: '12345', payerName: 'ｶ)ﾀﾙﾐｽﾞｼｭｳﾉｳﾀﾞｲｺｳ', fees: 'net', feePerItem: 55, feeRate: 0.5 },
    'admin',
  );
  await sources.set({ format: 'city-cash', provider: 'counter', payerName: 'ﾀﾙﾐｽﾞｼｶｲｹｲｶﾝﾘｼｬ' }, 'admin');
  await t.intake('bills', {
    'bills.csv': billsCsv([
      { number: A, amount: 12000, due: '2026-11-30' },
      { number: B, amount: 8000, due: '2026-11-30' },
      { number: C, amount: 5000, due: '2026-11-30' },
    ]),
  });
  await t.intake('konbini', {
    'S1.dat': konbiniFile('2026-11-26', [
      { type: '02', bill: A, amount: 12000, paidOn: '2026-11-24' },
      { type: '02', bill: B, amount: 8000, paidOn: '2026-11-24', time: '1100' },
    ]),
    'S2.dat': konbiniFile('2026-11-27', [{ type: '02', bill: C, amount: 5000, paidOn: '2026-11-25' }]),
  });
  await t.intake('city-cash', {
    'R.csv': registerFile([
      { receiptNo: 'C000', at: '2026/10/30 15:00:00', amount: 700 },
      { receiptNo: 'C001', at: '2026/11/25 09:10:00', amount: 1200 },
      { receiptNo: 'C002', at: '2026/11/25 10:20:00', amount: 800 },
      { receiptNo: 'C003', at: '2026/11/30 11:00:00', amount: 500 },
    ]),
  });
  const agent = 'ｶ)ﾀﾙﾐｽﾞｼｭｳﾉｳﾀﾞｲｺｳ';
  await t.intake('zengin-deposit', {
    'NYUSHUKKIN_20261130.dat': statementOf('2026-11-01', '2026-11-27', [
      { bookedOn: '2026-11-02', direction: 'credit', transactionCode: '10', amount: 700 },
      { bookedOn: '2026-11-24', direction: 'debit', transactionCode: '11', amount: 500000, description: 'ｷﾕｳﾖ' },
      { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '10', amount: 1800 },
      { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 19460, payerName: agent },
      { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 3000, payerName: 'ﾀﾙﾐｽﾞ ﾀﾛｳ' },
    ]),
  });
  await t.intake('zengin-deposit', {
    'NYUSHUKKIN_20261207.dat': statementOf(
      '2026-11-28',
      '2026-12-04',
      [
        { bookedOn: '2026-11-30', direction: 'credit', transactionCode: '11', amount: 777, payerName: agent },
        { bookedOn: '2026-12-01', direction: 'credit', transactionCode: '10', amount: 500 },
      ],
      101,
      10_000_000 + 700 - 500000 + 1800 + 19460 + 3000,
    ),
  });
});
afterAll(() => t.close());

describe('例月出納検査資料 with the deposits reconciliation', () => {
  it('lists the payouts still missing or short, and the counter cash not paid in by the month’s end', async () => {
    const { body } = await (await t.login('finance')).get('/api/books/inspection?month=2026-11').expect(200);
    expect(body.receiptsTotal).toEqual({ count: 6, amount: 27500 });
    expect(body).not.toHaveProperty('pendingSections');
    expect(body.missingPayouts).toEqual([
      {
        format: 'konbini',
        provider: '12345',
        dueOn: '2026-11-26',
        expectedCount: 2,
        expectedAmount: 19790,
        arrivedOn: '2026-11-26',
        arrivedAmount: 19460,
        difference: -330,
        status: 'mismatch',
        statusLabel: '金額相違',
      },
      {
        format: 'konbini',
        provider: '12345',
        dueOn: '2026-11-27',
        expectedCount: 1,
        expectedAmount: 4920,
        arrivedOn: null,
        arrivedAmount: null,
        difference: -4920,
        status: 'missing',
        statusLabel: '未着',
      },
    ]);
    // 11-25's cash paid in 200 short; 11-30's paid in on 12-01, after the month's end. 10-30's (paid in 11-02) is not November's.
    expect(
      body.counterCashNotDeposited.map((p: Record<string, unknown>) => [
        p.dueOn,
        p.expectedAmount,
        p.arrivedOn,
        p.difference,
        p.statusLabel,
      ]),
    ).toEqual([
      ['2026-11-25', 2000, '2026-11-26', -200, '金額相違'],
      ['2026-11-30', 500, '2026-12-01', 0, '一致（翌月入金）'],
    ]);
  });

  it('sets the last statement’s month-end balance beside the net collections, the difference explained', async () => {
    const { body } = await (await t.login('auditor')).get('/api/books/inspection?month=2026-11').expect(200);
    const closing = 10_000_000 + 700 - 500000 + 1800 + 19460 + 3000 + 777;
    expect(body.balance).toMatchObject({
      receipts: 27500,
      refundsPaid: 0,
      netCollections: 27500,
      account: {
        bankCode: '0182',
        branchCode: '141',
        accountNo: '0001234567',
        accountName: 'ﾀﾙﾐｽﾞｼ ｶｲｹｲｶﾝﾘｼｬ',
        fileName: 'NYUSHUKKIN_20261207.dat',
        coveredFrom: '2026-11-28',
        coveredTo: '2026-12-04',
        asOf: '2026-11-30',
        closingBalance: closing,
        openingOn: '2026-11-01',
        openingBalance: 10_000_000,
      },
      difference: closing - 27500,
      unexplained: 0,
    });
    expect(Object.fromEntries(body.balance.steps.map((s: { item: string; amount: number }) => [s.item, s.amount]))).toEqual({
      opening_balance: 10_000_000,
      earlier_payouts: 700,
      other_credits: 3000 + 777,
      debits: -500000,
      refunds_paid: 0,
      fees_withheld: -(210 + 80),
      not_arrived: -(4920 + 500),
      arrived_off: -(330 + 200),
      receipts_outside_payouts: 0,
    });

    // A month the statements have not reached: the balance is not known, the collections are.
    const october = (await (await t.login('auditor')).get('/api/books/inspection?month=2026-10').expect(200)).body;
    expect(october.balance).toMatchObject({ receipts: 700, netCollections: 700, account: null, steps: [], unexplained: null });
  });

  it('exports the sections to Excel', async () => {
    const finance = await t.login('finance');
    const res = await finance
      .get('/api/books/inspection?month=2026-11&format=xlsx')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    const bytes = res.body as Buffer;
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const line = (section: string, code: string) => rows.find((r) => r[0] === section && r[1] === code);
    expect(line('未着・不足の払込', 'konbini:12345')).toBeDefined();
    expect(rows.filter((r) => r[0] === '窓口現金の未払込').map((r) => r[9])).toEqual([-200, 0]);
    expect(line('口座残高と収入純額', 'net_collections')?.[7]).toBe(27500);
    expect(line('口座残高と収入純額', 'unexplained')?.[7]).toBe(0);
    const closingRow = line('口座残高と収入純額', 'closing_balance')!;
    expect(closingRow[7]).toBe(10_000_000 + 700 - 500000 + 1800 + 19460 + 3000 + 777);
    expect(closingRow[5]).toBe('令和8年11月30日');
  });
});
