import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-in-process';
import { bankCounterFile } from '../support/channel-files';
import { billNumber, billsCsv } from '../support/files';
import { openTestDatabase, TestDatabase } from '../support/test-database';

const CURRENT = billNumber('02', 2026, '03', 8201);
const CARRIED = billNumber('02', 2025, '04', 8202);

/** contract.md: `report journal` and `report settlement`, and every report as `--format … --out FILE`. */
describe('keshikomi report journal / settlement (contract.md)', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-books-'));
    writeFileSync(
      join(dir, 'bills.csv'),
      billsCsv([
        { number: CURRENT, amount: 9000, due: '2026-11-30' },
        { number: CARRIED, amount: 6000, due: '2026-03-02' },
      ]),
    );
    writeFileSync(
      join(dir, 'ocr.csv'),
      bankCounterFile([
        { bill: CURRENT, amount: 9000, paidOn: '20261125' },
        { bill: CARRIED, amount: 6000, paidOn: '20261125' },
      ]),
    );
    expect((await cli('import', '--format', 'bills', join(dir, 'bills.csv'), '--json')).code).toBe(0);
    expect((await cli('import', '--format', 'bank-counter', join(dir, 'ocr.csv'), '--json')).code).toBe(0);
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it('prints the 収入日計表 and the 月計表 with the names contract.md gives', async () => {
    const day = await cli('report', 'journal', '--date', '2026-11-25', '--json');
    expect(day.code).toBe(0);
    const journal = JSON.parse(day.stdout);
    expect(journal.rows).toEqual([
      expect.objectContaining({
        date: '2026-11-25',
        category: '02',
        yearClass: 'current',
        channel: 'bank_counter',
        count: 1,
        amount: 9000,
      }),
      expect.objectContaining({
        date: '2026-11-25',
        category: '02',
        yearClass: 'carried',
        channel: 'bank_counter',
        count: 1,
        amount: 6000,
      }),
    ]);
    expect(journal.rows[1].account).toContain('滞納繰越分');
    expect(journal).toMatchObject({ total: { count: 2, amount: 15000 }, pending: 0 });
    const month = JSON.parse((await cli('report', 'journal', '--month', '2026-11', '--json')).stdout);
    expect(month.cumulative).toEqual({ count: 2, amount: 15000 });
    expect((await cli('report', 'journal', '--json')).code).toBe(2);
  });

  it('prints the 決算 with uncollected = assessed − collected − writtenOff + refundUnpaid', async () => {
    const run = await cli('report', 'settlement', '--fiscal-year', '2026', '--json');
    expect(run.code).toBe(0);
    const settlement = JSON.parse(run.stdout);
    expect(settlement.fiscalYear).toBe(2026);
    expect(settlement.rows).toEqual([
      expect.objectContaining({
        category: '02',
        yearClass: 'current',
        assessed: 9000,
        collected: 9000,
        writtenOff: 0,
        refundUnpaid: 0,
        uncollected: 0,
      }),
      expect.objectContaining({ category: '02', yearClass: 'carried', assessed: 6000, collected: 6000, uncollected: 0 }),
    ]);
  });

  it('writes every report as --format csv|csv-sjis|xlsx --out FILE, the cashless report and the exception list included', async () => {
    const xlsx = join(dir, 'settlement.xlsx');
    const wrote = await cli('report', 'settlement', '--fiscal-year', '2026', '--format', 'xlsx', '--out', xlsx, '--json');
    expect(wrote.code).toBe(0);
    expect(JSON.parse(wrote.stdout)).toMatchObject({ file: xlsx, format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    const bytes = readFileSync(xlsx);
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(String(book.worksheets[0].getCell('A1').value)).toContain('歳入決算');
    expect(String(book.worksheets[0].getCell('A2').value)).toContain('令和8年度');

    const sjis = join(dir, 'journal.csv');
    expect((await cli('report', 'journal', '--date', '2026-11-25', '--format', 'csv-sjis', '--out', sjis)).code).toBe(0);
    expect(iconv.decode(readFileSync(sjis), 'cp932')).toContain('滞納繰越分');

    const cashless = join(dir, 'cashless.csv');
    expect((await cli('report', 'cashless', '--fiscal-year', '2026', '--format', 'csv', '--out', cashless)).code).toBe(0);
    expect(readFileSync(cashless).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readFileSync(cashless, 'utf8')).toContain('キャッシュレス率');

    const exceptions = join(dir, 'exceptions.xlsx');
    expect((await cli('exceptions', '--format', 'xlsx', '--out', exceptions)).code).toBe(0);
    expect(readFileSync(exceptions).subarray(0, 2).toString()).toBe('PK');
    expect((await cli('report', 'inspection', '--month', '2026-11', '--format', 'csv')).code).toBe(2);
  });

  it('prints the 例月出納検査資料 and 導入率 with 利用率', async () => {
    const inspection = JSON.parse((await cli('report', 'inspection', '--month', '2026-11', '--json')).stdout);
    expect(inspection.receiptsTotal).toEqual({ count: 2, amount: 15000 });
    expect(inspection.balance).toMatchObject({ netCollections: 15000, account: null });
    const text = (await cli('report', 'inspection', '--month', '2026-11')).stdout;
    expect(text).toContain('未着・不足の払込: 0 件');
    expect(text).toContain('窓口現金の未払込: 0 件');
    expect(text).toContain('収入純額 15,000 円 (収入 15,000 円 − 還付の支出 0 円)');
    expect(text).toContain('月末残高: 当月の入出金取引明細がありません');
    const adoption = JSON.parse((await cli('report', 'adoption', '--fiscal-year', '2026', '--json')).stdout);
    expect(adoption).toMatchObject({ proceduresTotal: 20, target: 0.5, usageByCount: 0 });
    expect(adoption.projection.asOf).toBe('2031-03-31');
  });
});
