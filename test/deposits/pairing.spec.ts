import { DepositsService } from '../../src/deposits/deposits.service';
import { PayoutSourcesService } from '../../src/deposits/payout-sources.service';
import { bankCounterFile, registerFile } from '../support/channel-files';
import { billNumber, billsCsv } from '../support/files';
import { statementOf } from '../support/statement-files';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The pairing rules of 入金照合, one situation each: a person's link, then the amount expected on time, the amount
 * expected late, another amount on time — each 入金 and each payout taken once, by mutual best choice.
 */

const bills = [1, 2, 3, 4].map((n) => billNumber('02', 2026, '03', 9200 + n));
const OCR = 'ｶｺﾞｼﾏｷﾞﾝｺｳ ｺｳｷﾝｼﾕｳﾉｳ';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

beforeEach(async () => {
  await t.reset();
  await t.app.get(PayoutSourcesService).set({ format: 'bank-counter', provider: '0182', payerName: OCR }, 'admin');
  await t.intake('bills', { 'bills.csv': billsCsv(bills.map((number) => ({ number, amount: 1000, due: '2026-11-30' }))) });
});

const statuses = async () =>
  (await t.app.get(DepositsService).list()).map((d) => `${d.dueOn ?? '—'} ${d.status} ${d.arrivedOn ?? '—'} ${d.arrivedAmount ?? '—'}`);

describe('pairing payouts with deposits', () => {
  it('gives each of two equal payouts its own day’s deposit, and the one credited a day late is late', async () => {
    // 払込日 11-24 and 11-25, 1,000円 each; both credited on 11-25.
    await t.intake('bank-counter', {
      'OCR.csv': bankCounterFile([
        { bill: bills[0], amount: 1000, paidOn: '20261124' },
        { bill: bills[1], amount: 1000, paidOn: '20261125' },
      ]),
    });
    await t.intake('zengin-deposit', {
      'N.dat': statementOf('2026-11-24', '2026-11-27', [
        { bookedOn: '2026-11-25', direction: 'credit', transactionCode: '11', amount: 1000, payerName: OCR },
        { bookedOn: '2026-11-25', direction: 'credit', transactionCode: '11', amount: 1000, payerName: OCR },
      ]),
    });
    expect(await statuses()).toEqual(['2026-11-24 late 2026-11-25 1000', '2026-11-25 matched 2026-11-25 1000']);
  });

  it('prefers the amount expected on time, then late, and only then another amount', async () => {
    await t.intake('bank-counter', { 'OCR.csv': bankCounterFile([{ bill: bills[0], amount: 1000, paidOn: '20261124' }]) });
    await t.intake('zengin-deposit', {
      'N.dat': statementOf('2026-11-24', '2026-11-27', [
        { bookedOn: '2026-11-24', direction: 'credit', transactionCode: '11', amount: 990, payerName: OCR },
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 1000, payerName: OCR },
      ]),
    });
    expect(await statuses()).toEqual(['2026-11-24 late 2026-11-26 1000', '— unexpected 2026-11-24 990']);
  });

  it('never calls a nameless cash credit unexpected, and pairs the counter’s cash with the next business day’s', async () => {
    await t.app.get(PayoutSourcesService).set({ format: 'city-cash', provider: 'counter', payerName: 'ﾀﾙﾐｽﾞｼ ｽｲﾄｳｲﾝ' }, 'admin');
    // Friday 11-27: its cash is paid in on Monday 11-30.
    await t.intake('city-cash', { 'R.csv': registerFile([{ receiptNo: 'C1', at: '2026/11/27 09:00:00', amount: 1500 }]) });
    await t.intake('zengin-deposit', {
      'N.dat': statementOf('2026-11-27', '2026-11-30', [
        { bookedOn: '2026-11-27', direction: 'credit', transactionCode: '10', amount: 700 },
        { bookedOn: '2026-11-30', direction: 'credit', transactionCode: '10', amount: 1500 },
      ]),
    });
    expect(await statuses()).toEqual(['2026-11-27 matched 2026-11-30 1500']);
  });

  it('expects nothing of a day whose 取消 cancel its payments out', async () => {
    await t.intake('bank-counter', {
      'OCR1.csv': bankCounterFile([{ bill: bills[2], amount: 1000, paidOn: '20261120' }]),
      'OCR2.csv': bankCounterFile([{ bill: bills[2], amount: 1000, paidOn: '20261120', cancel: true }]),
    });
    await t.intake('zengin-deposit', { 'N.dat': statementOf('2026-11-20', '2026-11-27', []) });
    expect(await statuses()).toEqual([]);
  });
});
