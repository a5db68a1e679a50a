import { Workbook } from 'exceljs';
import * as iconv from 'iconv-lite';
import { ExportTable, renderTable, tableCsv } from './table-export';
import { wareki, warekiFiscalYear, warekiMonth } from './wareki';

const table: ExportTable = {
  title: '収入日計表',
  municipality: '垂水市 (462144)',
  period: '令和8年11月25日',
  asOf: new Date('2026-11-26T00:14:00Z'),
  printedBy: 'manager1',
  columns: [
    { header: '収入日', kind: 'date' },
    { header: '科目', kind: 'text' },
    { header: '件数', kind: 'count' },
    { header: '金額', kind: 'yen' },
    { header: '率', kind: 'share' },
  ],
  rows: [
    ['2026-11-25', '固定資産税', 12, 1234500, 0.125],
    ['2026-11-25', '=HYPERLINK("x")', 1, 300, null],
  ],
  notes: ['定義: 収入日ごと'],
};

describe('wareki', () => {
  it('prints dates, months and fiscal years as the forms do', () => {
    expect(wareki('2026-11-25')).toBe('令和8年11月25日');
    expect(wareki('2019-05-01')).toBe('令和元年5月1日');
    expect(wareki('2019-04-30')).toBe('平成31年4月30日');
    expect(warekiMonth('2026-11')).toBe('令和8年11月');
    expect(warekiFiscalYear(2026)).toBe('令和8年度');
    expect(warekiFiscalYear(2019)).toBe('令和元年度');
  });
});

describe('table export', () => {
  it('writes UTF-8 CSV with a BOM, CRLF, the title block and escaped text', async () => {
    const { body, contentType } = await renderTable(table, 'csv');
    expect(contentType).toContain('utf-8');
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('垂水市 (462144) 収入日計表');
    expect(lines[2]).toBe('作成 / as of: 2026-11-26 09:14（令和8年11月26日） 出力者 / printed by: manager1');
    expect(lines[4]).toBe('収入日,科目,件数,金額,率');
    expect(lines[5]).toBe('2026-11-25,固定資産税,12,1234500,0.125');
    expect(lines[6]).toBe(`2026-11-25,"'=HYPERLINK(""x"")",1,300,`);
  });

  it('writes CP932 CSV that decodes back to the same text, and a plain CSV without the title block', async () => {
    const { body } = await renderTable(table, 'csv-sjis');
    expect(body.subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(iconv.decode(body, 'cp932')).toBe(tableCsv(table, 'utf8').toString('utf8').slice(1));
    expect(tableCsv(table, 'utf8', true).toString('utf8').slice(1).split('\r\n')[0]).toBe('収入日,科目,件数,金額,率');
  });

  it('writes .xlsx with the title block, 和暦 beside dates, yen formats and a frozen header row', async () => {
    const { body, extension } = await renderTable(table, 'xlsx');
    expect(extension).toBe('xlsx');
    const book = new Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('収入日計表')!;
    expect(sheet.getCell('A1').value).toBe('垂水市 (462144) 収入日計表');
    expect(sheet.getCell('A4').value).toBe('定義: 収入日ごと');
    expect(sheet.getRow(5).values).toEqual([undefined, '収入日', '収入日（和暦）', '科目', '件数', '金額', '率']);
    expect(sheet.getCell('A6').value).toEqual(new Date('2026-11-25T00:00:00Z'));
    expect(sheet.getCell('A6').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('B6').value).toBe('令和8年11月25日');
    expect(sheet.getCell('E6').value).toBe(1234500);
    expect(sheet.getCell('E6').numFmt).toBe('#,##0');
    expect(sheet.getCell('F6').numFmt).toBe('0.0%');
    expect(sheet.getCell('C7').value).toBe(`'=HYPERLINK("x")`);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
  });
});
