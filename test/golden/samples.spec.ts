import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BatchService } from '../../src/batch/batch.service';
import { Database } from '../../src/database/database';
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

function compareWithGolden(name: string, actual: unknown): void {
  const path = golden(name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

describe('samples end to end (golden)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
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
    expect(accounted).toEqual([
      { bill_number: carried[0].billNumber, paid_on: '2025-04-15', fiscal_year: 2025, year_class: 'carried' },
      { bill_number: carried[2].billNumber, paid_on: '2026-04-21', fiscal_year: 2026, year_class: 'carried' },
      { bill_number: carried[1].billNumber, paid_on: '2026-05-15', fiscal_year: 2026, year_class: 'carried' },
    ]);
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
});
