import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BatchService } from '../../src/batch/batch.service';
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
});
