import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseBuffer } from '../framing';
import { billNumber } from '../konbini/fixtures/konbini.records';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import type { BillRow } from '../parser.types';
import { BILLS_COLUMNS, billsParser } from './bills.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(billsParser, buf, ctx);

const BILL = billNumber('02', '26', '03', 123);
type Bill = Record<(typeof BILLS_COLUMNS)[number], string>;
const VALID: Bill = {
  地方公共団体コード: '462144',
  納付番号: BILL,
  科目コード: '02',
  賦課年度: '2026',
  期別: '03',
  納期限: '20261225',
  調定額: '12300',
  宛名番号: '0000012345',
  状態: '有効',
  更新日: '20260401',
};
const EXPECTED: BillRow = {
  municipalityCode: '462144',
  billNumber: BILL,
  categoryCode: '02',
  fiscalYear: 2026,
  accountingYear: null,
  installment: '03',
  dueDate: '2026-12-25',
  amount: 12300,
  payerId: '0000012345',
  status: 'active',
  updatedOn: '2026-04-01',
};

/** CSV text with the given columns in order: the header, then one line per bill. */
function csvText(bills: Partial<Bill>[], columns: readonly string[] = BILLS_COLUMNS, lineEnd = '\r\n'): string {
  const lines = [columns.join(','), ...bills.map((bill) => columns.map((c) => ({ ...VALID, ...bill })[c as keyof Bill] ?? '').join(','))];
  return lines.map((line) => `${line}${lineEnd}`).join('');
}
const cp932 = (text: string) => iconv.encode(text, 'cp932');

/** The errors of the one rejected line of a file holding just `bill`. */
async function errorsOf(bill: Partial<Bill>) {
  const { rows, rejected } = await parse(cp932(csvText([bill])));
  expect(rows).toEqual([]);
  return rejected[0].errors;
}

describe('bills parser', () => {
  it('reads the committed real-shaped export as its golden result', async () => {
    const result = await parse(readFileSync(fixture('bills-20261125.csv')));
    expect(result.rows).toHaveLength(7);
    expect(result.rejected.map(({ line }) => line)).toEqual([9]);
    expectGolden(result, fixture('bills-20261125.golden.json'));
  });

  it('reads a bill row into a BillRow', async () => {
    const { rows, rejected, summary } = await parse(cp932(csvText([VALID])));
    expect(rejected).toEqual([]);
    expect(rows).toEqual([{ line: 2, row: EXPECTED }]);
    expect(summary).toEqual({ controlIssues: [], controls: [] });
  });

  it('reads 取消 as a cancelled bill', async () => {
    const { rows } = await parse(cp932(csvText([{ 状態: '取消' }])));
    expect(rows[0].row.status).toBe('cancelled');
  });

  it('reads CP932, UTF-8 with a BOM and UTF-8 without one alike', async () => {
    const text = csvText([VALID, { 納付番号: billNumber('02', '26', '04', 123), 期別: '04' }]);
    const fromCp932 = await parse(cp932(text));
    expect(fromCp932.rows).toHaveLength(2);
    expect(await parse(Buffer.from(`\uFEFF${text}`, 'utf8'))).toEqual(fromCp932);
    expect(await parse(Buffer.from(text, 'utf8'))).toEqual(fromCp932);
  });

  it('reads LF line ends like CRLF', async () => {
    expect(await parse(cp932(csvText([VALID], BILLS_COLUMNS, '\n')))).toEqual(await parse(cp932(csvText([VALID]))));
  });

  it('reads the columns in any order', async () => {
    const reordered = [...BILLS_COLUMNS].reverse();
    const { rows, rejected } = await parse(cp932(csvText([VALID], reordered)));
    expect(rejected).toEqual([]);
    expect(rows).toEqual([{ line: 2, row: EXPECTED }]);
  });

  it('trims half- and full-width spaces around values and names', async () => {
    const text = `${BILLS_COLUMNS.map((c) => ` ${c}`).join(',')}\r\n${BILLS_COLUMNS.map((c) => `${VALID[c]}\u3000`).join(',')}\r\n`;
    const { rows } = await parse(cp932(text));
    expect(rows).toEqual([{ line: 2, row: EXPECTED }]);
  });

  it('refuses a file whose header lacks a column', async () => {
    const result = await parse(
      cp932(
        csvText(
          [VALID],
          BILLS_COLUMNS.filter((c) => c !== '宛名番号'),
        ),
      ),
    );
    expect(result.rows).toEqual([]);
    expect(result.refused).toBe(
      '1行目が bills のヘッダー行ではありません（不足している列: 宛名番号） / the first line is not the bills header (missing columns: 宛名番号)',
    );
  });

  it('reads the optional 会計年度 column, which overrides the fiscal year of the 納期限', async () => {
    const text = `${[...BILLS_COLUMNS, '会計年度'].join(',')}\r\n${[...BILLS_COLUMNS.map((c) => VALID[c]), '2025'].join(',')}\r\n`;
    const { rows, rejected } = await parse(cp932(text));
    expect(rejected).toEqual([]);
    expect(rows).toEqual([{ line: 2, row: { ...EXPECTED, accountingYear: 2025 } }]);
  });

  it('rejects a 会計年度 that is not a 4-digit year', async () => {
    const text = `${[...BILLS_COLUMNS, '会計年度'].join(',')}\r\n${[...BILLS_COLUMNS.map((c) => VALID[c]), 'R7'].join(',')}\r\n`;
    const { rejected } = await parse(cp932(text));
    expect(rejected[0].errors).toEqual([
      expect.objectContaining({ field: '会計年度', message: expect.stringContaining('not a 4-digit year') }),
    ]);
  });

  it('refuses a file whose header has an unknown column', async () => {
    const result = await parse(cp932(csvText([VALID], [...BILLS_COLUMNS, '氏名'])));
    expect(result.refused).toBe(
      '1行目が bills のヘッダー行ではありません（不明な列: 氏名） / the first line is not the bills header (unknown columns: 氏名)',
    );
  });

  it('refuses a file whose header repeats a column', async () => {
    const result = await parse(cp932(csvText([VALID], [...BILLS_COLUMNS, '調定額'])));
    expect(result.refused).toContain('repeated columns: 調定額');
  });

  it('refuses an empty file', async () => {
    expect((await parse(Buffer.alloc(0))).refused).toBe(
      'ファイルにレコードがありません（空のファイル） / the file holds no record (empty file)',
    );
  });

  it('reads a header row with no bills as an empty delivery', async () => {
    const result = await parse(cp932(csvText([])));
    expect(result).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
  });

  it('rejects a line whose column count differs from the header, and reads the others', async () => {
    const [header, first, second] = csvText([VALID, VALID]).split('\r\n');
    const text = `${header}\r\n${first},余分\r\n${second}\r\n`;
    const { rows, rejected } = await parse(cp932(text));
    expect(rows.map(({ line }) => line)).toEqual([3]);
    expect(rejected).toEqual([
      {
        line: 2,
        raw: expect.stringMatching(/,余分$/),
        errors: [{ line: 2, field: null, message: '列数が10ではありません: 11列 / expected 10 columns, got 11' }],
      },
    ]);
  });

  it('rejects a 地方公共団体コード that is not 6 digits', async () => {
    expect(await errorsOf({ 地方公共団体コード: '46214' })).toEqual([
      {
        line: 2,
        field: '地方公共団体コード',
        message: '地方公共団体コードが6桁の数字ではありません: 46214 / 地方公共団体コード is not 6 digits: 46214',
      },
    ]);
  });

  it('rejects a 納付番号 that is not 16 digits', async () => {
    const letters = `A${BILL.slice(1)}`;
    expect(await errorsOf({ 納付番号: letters })).toEqual([
      { line: 2, field: '納付番号', message: `納付番号が16桁の数字ではありません: ${letters} / 納付番号 is not 16 digits: ${letters}` },
    ]);
  });

  it.each([BILL.slice(1), '2.26030000001E+15'])('rejects 納付番号 %p, naming Excel: identifiers are never padded', async (number) => {
    expect(await errorsOf({ 納付番号: number })).toEqual([
      {
        line: 2,
        field: '納付番号',
        message:
          `納付番号がExcelで数値に変換されています: ${number}（丸められたか、先頭の0が落ちています）。Excelで保存していないファイルを取り込んでください` +
          ` / 納付番号 was turned into a number by Excel: ${number} (rounded, or its leading zeros lost);` +
          ' import the file as exported, not saved through Excel',
      },
    ]);
  });

  it('reads a 科目コード and a 期別 that Excel shortened, left-padded, with a warning on the line', async () => {
    const { rows, warnings } = await parse(cp932(csvText([{ 科目コード: '2', 期別: '3' }])));
    expect(rows.map(({ row }) => row)).toEqual([EXPECTED]);
    expect(warnings).toEqual([
      {
        line: 2,
        field: '科目コード',
        message:
          '科目コードが2桁より短いため、先頭に0を補って読みました（Excelで保存したファイル？）: 2 → 02' +
          ' / 科目コード is shorter than 2 digits and was read left-padded with zeros (saved through Excel?): 2 → 02',
      },
      expect.objectContaining({ line: 2, field: '期別', message: expect.stringContaining('3 → 03') }),
    ]);
  });

  it('rejects a 納付番号 whose check digit fails: the city’s own numbers must be right', async () => {
    const bad = BILL.slice(0, 15) + String((Number(BILL[15]) + 1) % 10);
    expect(await errorsOf({ 納付番号: bad })).toEqual([
      {
        line: 2,
        field: '納付番号',
        message: `納付番号のチェックデジットが一致しません: ${bad} / 納付番号 check digit does not verify: ${bad}`,
      },
    ]);
  });

  it('rejects a 調定 whose 科目コード disagrees with its 納付番号', async () => {
    expect(await errorsOf({ 科目コード: '01' })).toEqual([
      {
        line: 2,
        field: '科目コード',
        message: '科目コードが納付番号と一致しません: 01（納付番号 02） / 科目コード 01 disagrees with 納付番号 (02)',
      },
    ]);
  });

  it('rejects a 科目コード the city does not know', async () => {
    const ctx = testContext({ categories: new Set(['01']) });
    const { rejected } = await parse(cp932(csvText([VALID])), ctx);
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '科目コード', message: '科目コードが登録されていません: 02 / unknown 科目コード: 02' },
    ]);
  });

  it('rejects a 賦課年度 that disagrees with its 納付番号 or is not a 4-digit year', async () => {
    expect(await errorsOf({ 賦課年度: '2025' })).toEqual([
      expect.objectContaining({ field: '賦課年度', message: expect.stringContaining('disagrees with 納付番号 (26)') }),
    ]);
    expect(await errorsOf({ 賦課年度: '26' })).toEqual([
      expect.objectContaining({ field: '賦課年度', message: expect.stringContaining('not a 4-digit year') }),
    ]);
  });

  it('rejects a 期別 that disagrees with its 納付番号 or is not 2 digits', async () => {
    expect(await errorsOf({ 期別: '04' })).toEqual([
      { line: 2, field: '期別', message: '期別が納付番号と一致しません: 04（納付番号 03） / 期別 04 disagrees with 納付番号 (03)' },
    ]);
    const notTwoDigits = expect.objectContaining({ field: '期別', message: expect.stringContaining('not 2 digits') });
    expect(await errorsOf({ 期別: '003' })).toEqual([notTwoDigits]);
  });

  it('rejects a 納期限 of 20260230, which is no day', async () => {
    expect(await errorsOf({ 納期限: '20260230' })).toEqual([
      { line: 2, field: '納期限', message: '納期限が日付ではありません: 20260230 / 納期限 is not a valid date: 20260230' },
    ]);
  });

  it('rejects an 更新日 written with slashes', async () => {
    expect(await errorsOf({ 更新日: '2026/04/01' })).toEqual([expect.objectContaining({ field: '更新日' })]);
  });

  it.each(['12,300', '-100', '12300.0', '', '１２３００'])('rejects 調定額 %p: digits only', async (amount) => {
    const value = amount.includes(',') ? `"${amount}"` : amount;
    expect(await errorsOf({ 調定額: value })).toEqual([
      {
        line: 2,
        field: '調定額',
        message: `調定額が0以上の整数ではありません: ${amount} / 調定額 is not a non-negative integer: ${amount}`,
      },
    ]);
  });

  it('reads 調定額 0 (a bill reduced to nothing by 減額更正)', async () => {
    const { rows } = await parse(cp932(csvText([{ 調定額: '0' }])));
    expect(rows[0].row.amount).toBe(0);
  });

  it('rejects an empty or non-digit 宛名番号', async () => {
    expect(await errorsOf({ 宛名番号: '' })).toEqual([expect.objectContaining({ field: '宛名番号' })]);
    expect(await errorsOf({ 宛名番号: 'A12345' })).toEqual([expect.objectContaining({ field: '宛名番号' })]);
  });

  it('rejects a 状態 other than 有効 and 取消', async () => {
    expect(await errorsOf({ 状態: '停止' })).toEqual([
      { line: 2, field: '状態', message: '状態が「有効」「取消」のどちらでもありません: 停止 / 状態 is neither 有効 nor 取消: 停止' },
    ]);
  });

  it('lists every problem of a line', async () => {
    const errors = await errorsOf({ 科目コード: '11', 期別: '05', 納期限: '20261301', 状態: '' });
    expect(errors.map(({ field }) => field)).toEqual(['科目コード', '科目コード', '期別', '納期限', '状態']);
  });
});
