import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BatchService } from '../../src/batch/batch.service';
import { BooksService } from '../../src/books/books.service';
import { addCalendarDays } from '../../src/common/calendar';
import { Database } from '../../src/database/database';
import { DepositsService } from '../../src/deposits/deposits.service';
import { PayoutSourcesService } from '../../src/deposits/payout-sources.service';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { CashlessReportService } from '../../src/reports/cashless-report.service';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The golden end-to-end test: samples/ in through the nightly batch path, the exact exception list
 * and cashless report out. The expected files are committed; `UPDATE_GOLDEN=1` rewrites them, and the
 * manifest written by samples/generate.ts independently says which exception each planted case is.
 */
const SAMPLES = resolve(__dirname, '../../samples');
const golden = (name: string) => resolve(__dirname, name);

interface ManifestCase {
  case: string;
  file: string;
  billNumber: string | null;
  paymentRef?: string | null;
  expectedExceptionTypes: string[];
}

/** A 月計表 without what depends on the file ids of one run. */
function may(journal: Awaited<ReturnType<BooksService['journal']>>) {
  return { ...journal, files: journal.files.map(({ batchId: _id, ...f }) => f) };
}

function compareWithGolden(name: string, actual: unknown): void {
  const path = golden(name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

describe('samples end to end (golden)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(PayoutSourcesService).setFromFile(`${SAMPLES}/payout-sources.json`, 'samples');
    await t.app.get(BatchService).run(SAMPLES, { receivedOn: '2026-11-26', datesFromNames: true });
  });
  afterAll(() => t.close());

  it('raises exactly the exceptions the samples were built to contain', async () => {
    const manifest = JSON.parse(readFileSync(`${SAMPLES}/manifest.json`, 'utf8')) as { cases: ManifestCase[] };
    const planted = manifest.cases
      .flatMap((c) => c.expectedExceptionTypes.map((type) => `${type} ${c.billNumber ?? c.paymentRef ?? basename(c.file)}`))
      .sort();
    const exceptions = await t.app.get(ExceptionsService).all({});
    const raised = exceptions.map((e) => `${e.type} ${e.billNumber ?? e.paymentRef ?? /^(\S+):/.exec(e.detail)?.[1]}`).sort();
    expect(raised).toEqual(planted);
  });

  it('gives the committed exception list field for field', async () => {
    const exceptions = (await t.app.get(ExceptionsService).all({})).map(({ typeLabel: _l, ...e }) => e);
    compareWithGolden('samples-exceptions.golden.json', exceptions);
  });

  it.each([2024, 2025, 2026])('counts FY%i as the manifest says: payments, yen and the cashless share, by channel', async (fy) => {
    const manifest = JSON.parse(readFileSync(`${SAMPLES}/manifest.json`, 'utf8'));
    const expected = manifest.totals.byFiscalYear[String(fy)];
    const report = await t.app.get(CashlessReportService).report(fy, 'channel');
    expect(report.total).toMatchObject({
      count: expected.received,
      amount: expected.receivedAmount,
      cashlessCount: expected.cashless.count,
      cashlessAmount: expected.cashless.amount,
      shareByCount: expected.cashless.shareByCount,
      shareByAmount: expected.cashless.shareByAmount,
    });
    const byChannel = Object.fromEntries(report.rows.map((r) => [r.key, { count: r.count, amount: r.amount }]));
    expect(byChannel).toEqual(expected.byChannel);
  });

  it('counts the carried-over bills paid in April–May in the fiscal year of their 納付日, as carried, as the manifest says', async () => {
    const manifest = JSON.parse(readFileSync(`${SAMPLES}/manifest.json`, 'utf8')) as {
      cases: (ManifestCase & { fiscalYear?: number; yearClass?: string })[];
    };
    const carried = manifest.cases.filter((c) => c.case.startsWith('carried_'));
    expect(carried.map((c) => [c.case, c.fiscalYear, c.yearClass])).toEqual([
      ['carried_fy2023_paid_april_2025', 2025, 'carried'],
      ['carried_fy2024_paid_may_2026', 2026, 'carried'],
      ['carried_fy2024_paid_april_2026_konbini', 2026, 'carried'],
    ]);
    const accounted: { bill_number: string; paid_on: string; fiscal_year: number; year_class: string }[] = await t.app
      .get(Database)
      .dataSource.query(
        `SELECT p.bill_number, p.paid_on::text AS paid_on, a.fiscal_year, a.year_class
           FROM payment p JOIN payment_accounting a ON a.payment_id = p.id
          WHERE p.bill_number = ANY($1) ORDER BY p.paid_on`,
        [carried.map((c) => c.billNumber)],
      );
    // The bills file's 会計年度 overrides the 納期限: a 随時 bill due 2026-04-10 stated as FY2025, paid in April 2026.
    const stated = manifest.cases.find((c) => c.case === 'stated_fiscal_year_zuiji_paid_april_2026')!;
    expect([stated.fiscalYear, stated.yearClass]).toEqual([2025, 'current']);
    const [statedPayment]: { fiscal_year: number; year_class: string; accounting_year: number }[] = await t.app
      .get(Database)
      .dataSource.query(
        `SELECT a.fiscal_year, a.year_class, b.accounting_year FROM payment p JOIN payment_accounting a ON a.payment_id = p.id
         JOIN bill b ON b.id = a.bill_id WHERE p.bill_number = $1`,
        [stated.billNumber],
      );
    expect(statedPayment).toEqual({ fiscal_year: 2025, year_class: 'current', accounting_year: 2025 });
    expect(accounted).toEqual([
      { bill_number: carried[0].billNumber, paid_on: '2025-04-15', fiscal_year: 2025, year_class: 'carried' },
      { bill_number: carried[2].billNumber, paid_on: '2026-04-21', fiscal_year: 2026, year_class: 'carried' },
      { bill_number: carried[1].billNumber, paid_on: '2026-05-15', fiscal_year: 2026, year_class: 'carried' },
    ]);
  });

  it('adds the 収入日計表 up to the 月計表 and the months up to the fiscal year (FY2025 and its 出納整理期間)', async () => {
    const books = t.app.get(BooksService);
    const months: string[] = [];
    for (let d = '2025-04-01'; d <= '2026-05-31'; d = addCalendarDays(d, 32).slice(0, 8) + '01') months.push(d.slice(0, 7));
    expect(months).toHaveLength(14);
    let previousCumulative = { count: 0, amount: 0 };
    for (const month of months) {
      const journal = await books.journal({ month });
      const sum = (xs: { count: number; amount: number }[]) =>
        xs.reduce((a, x) => ({ count: a.count + x.count, amount: a.amount + x.amount }), { count: 0, amount: 0 });
      expect([month, sum(journal.rows)]).toEqual([month, journal.total]);
      expect([month, sum(journal.days)]).toEqual([month, journal.total]);
      expect([month, journal.tiedToFiles]).toEqual([month, true]);
      // The fiscal year to date grows by the month's receipts of that year (April starts a new one).
      const ofYear = sum(journal.rows.filter((r) => r.fiscalYear === journal.cumulativeFiscalYear));
      const base = month.endsWith('-04') ? { count: 0, amount: 0 } : previousCumulative;
      expect([month, journal.cumulative]).toEqual([month, { count: base.count + ofYear.count, amount: base.amount + ofYear.amount }]);
      previousCumulative = journal.cumulative!;
    }
    // Every day of a month of the 出納整理期間, one by one, is the 月計表's day.
    const may = await books.journal({ month: '2026-05' });
    for (const day of may.days) {
      const daily = await books.journal({ date: day.date });
      expect({ date: day.date, ...daily.total }).toEqual(day);
    }
  });

  it('closes the 決算 of FY2025 and FY2026 with the identity holding on every row', async () => {
    const books = t.app.get(BooksService);
    for (const fy of [2025, 2026]) {
      const settlement = await books.settlement(fy);
      const broken = settlement.rows.filter((r) => !r.identityHolds);
      expect([fy, broken]).toEqual([fy, []]);
      expect(settlement.total.identityHolds).toBe(true);
      for (const r of settlement.rows) expect(r.uncollected).toBe(r.assessed - r.collected - r.writtenOff + r.refundUnpaid);
    }
    const fy2025 = await books.settlement(2025);
    // 滞納繰越分 of FY2025: the FY2024 bills still open on 2025-04-01 (and the planted FY2023 one), as 調定額.
    expect(fy2025.rows.filter((r) => r.yearClass === 'carried').every((r) => r.assessed > 0)).toBe(true);
    compareWithGolden('samples-books.golden.json', {
      settlementFy2025: fy2025,
      journalMay2026: { ...may(await books.journal({ month: '2026-05' })) },
    });
  });

  it('gives the committed cashless report by channel, category and month', async () => {
    const reports = t.app.get(CashlessReportService);
    compareWithGolden('samples-report.golden.json', {
      fy2025: await reports.report(2025, 'channel'),
      channel: await reports.report(2026, 'channel'),
      category: await reports.report(2026, 'category'),
      month: await reports.report(2026, 'month'),
    });
  });

  it('matches every payout of March 2026 to its deposit but the planted ones, which come out as planted', async () => {
    const manifest = JSON.parse(readFileSync(`${SAMPLES}/manifest.json`, 'utf8')) as { cases: ManifestCase[] };
    const planted = new Map(manifest.cases.filter((c) => c.file.startsWith('zengin-deposit/')).map((c) => [c.paymentRef, c.case]));
    const march = await t.app.get(DepositsService).list('2026-02-27', '2026-03-31');
    const covered = march.filter((d) => d.status !== 'pending');
    expect(covered.filter((d) => d.status === 'matched').length).toBeGreaterThan(150);
    const outcomes = covered
      .filter((d) => d.status !== 'matched')
      .map((d) => {
        const ref = d.status === 'missing' ? `${d.format}:${d.provider}:${d.dueOn}` : d.referenceNo;
        return `${d.status} ${planted.get(ref) ?? ref}`;
      })
      .sort();
    expect(outcomes).toEqual([
      'late deposit_late_card',
      'mismatch cash_not_deposited_short',
      'mismatch deposit_short_konbini',
      'missing cash_not_deposited_missing',
      'missing deposit_missing_eltax',
      'unexpected deposit_unexpected',
    ]);
    compareWithGolden('samples-deposits.golden.json', { deposits: march, summary: await t.app.get(DepositsService).summary() });
  });

  it('gives the 例月出納検査資料 of March 2026 with the planted deposit cases and the account balance explained', async () => {
    const inspection = await t.app.get(BooksService).inspection('2026-03');
    const manifest = JSON.parse(readFileSync(`${SAMPLES}/manifest.json`, 'utf8')) as { cases: ManifestCase[] };
    const planted = new Map(manifest.cases.filter((c) => c.file.startsWith('zengin-deposit/')).map((c) => [c.paymentRef, c.case]));
    const named = (p: { format: string; provider: string; dueOn: string; status: string }) =>
      `${p.status} ${planted.get(`${p.format}:${p.provider}:${p.dueOn}`) ?? `${p.format}:${p.provider}:${p.dueOn}`}`;
    expect(inspection.missingPayouts.filter((p) => p.status === 'missing').map(named)).toEqual(['missing deposit_missing_eltax']);
    expect(inspection.missingPayouts.filter((p) => p.status === 'mismatch').map((p) => p.difference)).toEqual([-330]);
    expect(inspection.counterCashNotDeposited.filter((p) => p.status === 'mismatch').map((p) => p.difference)).toEqual([-1000]);
    expect(inspection.counterCashNotDeposited.some((p) => named(p) === 'missing cash_not_deposited_missing')).toBe(true);
    // The statements cover March without a gap: the steps account for the whole difference.
    expect(inspection.balance.account?.asOf).toBe('2026-03-31');
    expect(inspection.balance.unexplained).toBe(0);
    compareWithGolden('samples-inspection.golden.json', inspection);
  });
});
