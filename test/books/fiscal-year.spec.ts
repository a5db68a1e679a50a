import { addCalendarDays, attributedFiscalYear, billFiscalYear, yearClassOf } from '../../src/common/calendar';
import { Database } from '../../src/database/database';
import { CashlessReportService } from '../../src/reports/cashless-report.service';
import { bankCounterFile } from '../support/channel-files';
import { billNumber, billsCsv } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Which fiscal year a payment counts in (domain.md, 自治令142条): defined once in SQL (payment_accounting and its
 * functions, migration 1765020000000) with TypeScript twins in src/common/calendar.ts; both must give the same answers.
 */
describe('fiscal year by law (payment_accounting)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  const sql = <T>(text: string, params: unknown[] = []): Promise<T[]> => t.app.get(Database).dataSource.query(text, params);

  it('gives the same fiscal year and 年度区分 in SQL as in TypeScript, for every day of two years and every bill year', async () => {
    const days: string[] = [];
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 7)) days.push(d);
    days.push('2026-03-31', '2026-04-01', '2026-05-31', '2026-06-01');
    const billYears = [null, 2022, 2023, 2024, 2025, 2026, 2027];
    const pairs = days.flatMap((paidOn) => billYears.map((billYear) => ({ paidOn, billYear })));
    const rows = await sql<{ fy: number; yc: string }>(
      `SELECT payment_fiscal_year(d, y) AS fy, year_class(y, payment_fiscal_year(d, y)) AS yc
         FROM unnest($1::date[], $2::int[]) WITH ORDINALITY AS g(d, y, n) ORDER BY n`,
      [pairs.map((p) => p.paidOn), pairs.map((p) => p.billYear)],
    );
    const expected = pairs.map(({ paidOn, billYear }) => {
      const fy = attributedFiscalYear(paidOn, billYear);
      return { fy, yc: yearClassOf(billYear, fy) };
    });
    expect(rows).toEqual(expected);

    const dues = ['2026-03-31', '2026-04-01', '2025-12-31', '2027-05-31'];
    const [billYears2] = await sql<{ years: number[] }>(
      `SELECT array_agg(bill_fiscal_year(s, d) ORDER BY n) AS years
         FROM unnest($1::int[], $2::date[]) WITH ORDINALITY AS g(s, d, n)`,
      [[null, null, 2026, null], dues],
    );
    expect(billYears2.years).toEqual([billFiscalYear(dues[0], null), billFiscalYear(dues[1], null), 2026, billFiscalYear(dues[3], null)]);
  });

  it('stores the bills file’s 会計年度 and lets it override the year of the 納期限', async () => {
    const stated = billNumber('07', 2025, '12', 7101);
    const byDue = billNumber('07', 2025, '11', 7102);
    await t.intake('bills', {
      'bills.csv': billsCsv([
        { number: stated, amount: 21000, due: '2026-04-30', accountingYear: 2025 },
        { number: byDue, amount: 21000, due: '2026-03-31' },
      ]),
    });
    const bills = await sql<{ bill_number: string; accounting_year: number | null; year: number }>(
      `SELECT bill_number, accounting_year, bill_fiscal_year(accounting_year, due_date) AS year
         FROM bill WHERE bill_number IN ($1, $2) ORDER BY bill_number`,
      [stated, byDue],
    );
    expect(bills).toEqual([
      { bill_number: byDue, accounting_year: null, year: 2025 },
      { bill_number: stated, accounting_year: 2025, year: 2025 },
    ]);
  });

  it('counts a carried-over bill paid in May in the new fiscal year, as carried; the year that ended’s own bill in that year', async () => {
    const carried = billNumber('02', 2024, '04', 7201); // 令和6年度 第4期: 滞納繰越分 by May 2026
    const ended = billNumber('02', 2025, '04', 7202); // 令和7年度 第4期: 出納整理期間
    await t.intake('bills', {
      'bills-2.csv': billsCsv([
        { number: carried, amount: 40000, due: '2025-02-28' },
        { number: ended, amount: 50000, due: '2026-03-02' },
      ]),
    });
    await t.intake('bank-counter', {
      'ocr.csv': bankCounterFile([
        { bill: carried, amount: 40000, paidOn: '20260520' },
        { bill: ended, amount: 50000, paidOn: '20260520' },
      ]),
    });
    const accounted = await sql<{ bill_number: string; fiscal_year: number; year_class: string }>(
      `SELECT p.bill_number, a.fiscal_year, a.year_class FROM payment p JOIN payment_accounting a ON a.payment_id = p.id
        WHERE p.bill_number IN ($1, $2) ORDER BY p.bill_number`,
      [carried, ended],
    );
    expect(accounted).toEqual([
      { bill_number: carried, fiscal_year: 2026, year_class: 'carried' },
      { bill_number: ended, fiscal_year: 2025, year_class: 'current' },
    ]);
    const reports = t.app.get(CashlessReportService);
    const fy2026 = await reports.report(2026, 'category');
    const fy2025 = await reports.report(2025, 'category');
    expect(fy2026.rows.find((r) => r.key === '02')).toMatchObject({ count: 1, amount: 40000 });
    expect(fy2025.rows.find((r) => r.key === '02')).toMatchObject({ count: 1, amount: 50000 });
  });
});
