import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseBuffer } from '../framing';
import { billNumber } from '../konbini/fixtures/konbini.records';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import type { PaymentRow } from '../parser.types';
import { BANK_COUNTER_COLUMNS, bankCounterParser } from './bank-counter.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(bankCounterParser, buf, ctx);
const rowsOf = (result: { rows: { row: PaymentRow }[] }) => result.rows.map(({ row }) => row);

const HEADER = BANK_COUNTER_COLUMNS.join(',');
const BILL = billNumber('02', '26', '03', 123);
const BAD_BILL = BILL.slice(0, 15) + String((Number(BILL[15]) + 1) % 10);
type Line = Record<(typeof BANK_COUNTER_COLUMNS)[number], string>;
const VALID: Line = {
  収納日: '20261125',
  金融機関コード: '0182',
  支店コード: '141',
  納付番号: BILL,
  科目コード: '02',
  金額: '12300',
  払込日: '20261127',
  取消区分: '0',
};
const KEY = `bank:${BILL}:20261125:12300`;

const csvLine = (line: Partial<Line> = {}) => BANK_COUNTER_COLUMNS.map((column) => ({ ...VALID, ...line })[column]).join(',');
/** CSV text: the header, then the lines, CRLF. */
const text = (...lines: string[]) => [HEADER, ...lines].map((line) => `${line}\r\n`).join('');
const cp932File = (...lines: string[]) => iconv.encode(text(...lines), 'cp932');

/** The errors of the one rejected line of a file holding just `line`. */
async function errorsOf(line: Partial<Line>) {
  const { rows, rejected } = await parse(cp932File(csvLine(line)));
  expect(rows).toEqual([]);
  return rejected[0].errors;
}

describe('bank-counter parser', () => {
  it('reads the committed real-shaped OCR file as its golden result', async () => {
    const result = await parse(readFileSync(fixture('ocr-20261125.csv')));
    expect(result.rejected).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toHaveLength(6);
    expectGolden(result, fixture('ocr-20261125.golden.json'));
  });

  it('rejects a line whose 払込日 (the day the bank credits the city: 収入日) is not a date', async () => {
    expect(await errorsOf({ 払込日: '20261131' })).toEqual([expect.objectContaining({ field: '払込日' })]);
  });

  it('reads a slip paid in cash at a bank counter into a final payment row with every field', async () => {
    const { rows, rejected, warnings, summary } = await parse(cp932File(csvLine()));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          kind: 'final',
          pairingKey: KEY,
          channel: 'bank_counter',
          providerCode: '0182',
          billNumber: BILL,
          referenceValid: true,
          paymentRef: null,
          paidOn: '2026-11-25',
          paidTime: null,
          amount: 12300,
          depositDueOn: '2026-11-27',
          incomeOn: '2026-11-27',
          expectsPreliminary: false,
          storeCode: '141',
          categoryCode: '02',
        },
      },
    ]);
    expect(summary).toEqual({ controlIssues: [], controls: [], providerCode: '0182', dataCreatedOn: null });
  });

  it('reads 取消区分 1 as a cancel of the payment with the same 納付番号, 収納日 and 金額', async () => {
    const [payment, cancel] = rowsOf(await parse(cp932File(csvLine(), csvLine({ 取消区分: '1' }))));
    expect(cancel).toMatchObject({ kind: 'cancel', pairingKey: payment.pairingKey, amount: 12300 });
  });

  it('gives a 取消 alone the plain key, so it reverses the payment of an earlier file', async () => {
    const [cancel] = rowsOf(await parse(cp932File(csvLine({ 取消区分: '1' }))));
    expect(cancel).toMatchObject({ kind: 'cancel', pairingKey: KEY });
  });

  it('gives payments that differ in 収納日 or 金額 keys of their own', async () => {
    const rows = rowsOf(await parse(cp932File(csvLine(), csvLine({ 収納日: '20261126' }), csvLine({ 金額: '12000' }))));
    expect(rows.map((row) => row.pairingKey)).toEqual([KEY, `bank:${BILL}:20261126:12300`, `bank:${BILL}:20261125:12000`]);
  });

  it('keeps two slips of one bill paid the same day for the same amount as two payments, with a warning on the second', async () => {
    const { rows, warnings } = await parse(cp932File(csvLine(), csvLine({ 支店コード: '142' })));
    expect(rowsOf({ rows }).map((row) => row.pairingKey)).toEqual([KEY, `${KEY}#2`]);
    expect(warnings).toEqual([
      {
        line: 3,
        field: '納付番号',
        message:
          '納付番号・収納日・金額が同じ収納がこのファイルで2件目です（別の収納として取り込みます） / ' +
          'payment #2 in this file with the same 納付番号, 収納日 and 金額 (imported as a payment of its own)',
      },
    ]);
  });

  it('pairs each 取消 of such twins with one payment, the first first', async () => {
    const rows = rowsOf(await parse(cp932File(csvLine(), csvLine(), csvLine({ 取消区分: '1' }), csvLine({ 取消区分: '1' }))));
    expect(rows.map((row) => `${row.kind} ${row.pairingKey}`)).toEqual([
      `final ${KEY}`,
      `final ${KEY}#2`,
      `cancel ${KEY}`,
      `cancel ${KEY}#2`,
    ]);
  });

  it('keeps a payment whose 納付番号 check digit fails, with referenceValid false and its 科目コード as sent', async () => {
    const { rows, rejected } = await parse(cp932File(csvLine({ 納付番号: BAD_BILL, 科目コード: '07' })));
    expect(rejected).toEqual([]);
    expect(rows[0].row).toMatchObject({ billNumber: BAD_BILL, referenceValid: false, categoryCode: '07' });
  });

  it('rejects a 科目コード that disagrees with a verified 納付番号 or that the city does not know', async () => {
    expect(await errorsOf({ 科目コード: '01' })).toEqual([
      {
        line: 2,
        field: '科目コード',
        message: '科目コードが納付番号と一致しません: 01（納付番号 02） / 科目コード 01 disagrees with 納付番号 (02)',
      },
    ]);
    const { rejected } = await parse(cp932File(csvLine()), testContext({ categories: new Set(['01']) }));
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '科目コード', message: '科目コードが登録されていません: 02 / unknown 科目コード: 02' },
    ]);
  });

  it('rejects a 納付番号 that is not 16 digits', async () => {
    expect(await errorsOf({ 納付番号: `${BILL}0` })).toEqual([
      { line: 2, field: '納付番号', message: `納付番号が16桁の数字ではありません: ${BILL}0 / 納付番号 is not 16 digits: ${BILL}0` },
    ]);
  });

  it('rejects 収納日 20260230, which is no day, and reads the next line', async () => {
    const { rows, rejected } = await parse(cp932File(csvLine({ 収納日: '20260230' }), csvLine()));
    expect(rows.map(({ line }) => line)).toEqual([3]);
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '収納日', message: '収納日が日付ではありません: 20260230 / 収納日 is not a valid date: 20260230' },
    ]);
  });

  it.each(['12,300', '-12300', '１２３００', '0'])('rejects 金額 %p: a positive whole number of yen only', async (amount) => {
    const value = amount.includes(',') ? `"${amount}"` : amount;
    expect(await errorsOf({ 金額: value })).toEqual([
      { line: 2, field: '金額', message: `金額が正の整数ではありません: ${amount} / 金額 is not a positive whole number: ${amount}` },
    ]);
  });

  it('reads 金融機関コード, 支店コード and 科目コード that Excel shortened, left-padded, with a warning for each', async () => {
    const { rows, rejected, warnings } = await parse(cp932File(csvLine({ 金融機関コード: '182', 支店コード: '41', 科目コード: '2' })));
    expect(rejected).toEqual([]);
    expect(rows[0].row).toMatchObject({ providerCode: '0182', storeCode: '041', categoryCode: '02' });
    expect(warnings.map(({ field, message }) => [field, message.slice(message.indexOf(': ') + 2, message.indexOf(' / '))])).toEqual([
      ['金融機関コード', '182 → 0182'],
      ['支店コード', '41 → 041'],
      ['科目コード', '2 → 02'],
    ]);
  });

  it.each([BILL.slice(1), '2.26030000001E+15'])('rejects 納付番号 %p, naming Excel: identifiers are never padded', async (number) => {
    const excel = expect.objectContaining({ field: '納付番号', message: expect.stringContaining('Excelで数値に変換されています') });
    expect(await errorsOf({ 納付番号: number })).toEqual([excel]);
  });

  it('rejects an unknown 取消区分, a 金融機関コード that is not 4 digits and a 支店コード that is not 3, listing all three', async () => {
    expect(await errorsOf({ 取消区分: '9', 金融機関コード: '01823', 支店コード: '1410' })).toEqual([
      {
        line: 2,
        field: '金融機関コード',
        message: '金融機関コードが4桁の数字ではありません: 01823 / 金融機関コード is not 4 digits: 01823',
      },
      { line: 2, field: '支店コード', message: '支店コードが3桁の数字ではありません: 1410 / 支店コード is not 3 digits: 1410' },
      { line: 2, field: '取消区分', message: '取消区分が不正です: 9 / unknown 取消区分: 9' },
    ]);
  });

  it('rejects a line whose 納付番号 holds an undecodable byte, naming the encoding', async () => {
    const [before, after] = text(csvLine({ 納付番号: '022603000000@239' })).split('@');
    const { rejected } = await parse(Buffer.concat([iconv.encode(before, 'cp932'), Buffer.from([0xfd]), iconv.encode(after, 'cp932')]));
    expect(rejected[0].errors).toEqual([
      {
        line: 2,
        field: '納付番号',
        message:
          '納付番号に読めない文字があります（文字コードを確認してください）: 022603000000\uFFFD239 / ' +
          '納付番号 holds characters that could not be decoded (check the encoding): 022603000000\uFFFD239',
      },
    ]);
  });

  it('rejects lines with a missing or an extra column, and reads the others', async () => {
    const short = csvLine().split(',').slice(0, 7).join(',');
    const { rows, rejected } = await parse(cp932File(short, `${csvLine()},余分`, csvLine()));
    expect(rows.map(({ line }) => line)).toEqual([4]);
    expect(rejected.map(({ line, errors }) => [line, errors])).toEqual([
      [2, [{ line: 2, field: null, message: '列数が8ではありません: 7列 / expected 8 columns, got 7' }]],
      [3, [{ line: 3, field: null, message: '列数が8ではありません: 9列 / expected 8 columns, got 9' }]],
    ]);
  });

  it('names the most frequent 金融機関コード as the file provider', async () => {
    const { summary } = await parse(cp932File(csvLine({ 金融機関コード: '0587' }), csvLine({ 金額: '1' }), csvLine({ 金額: '2' })));
    expect(summary?.providerCode).toBe('0182');
  });

  it('reads CP932 and UTF-8 with a BOM alike, with CRLF or LF', async () => {
    const lines = [csvLine(), csvLine({ 取消区分: '1' })];
    const fromCp932 = await parse(cp932File(...lines));
    expect(fromCp932.rows).toHaveLength(2);
    expect(await parse(Buffer.from(`\uFEFF${text(...lines)}`, 'utf8'))).toEqual(fromCp932);
    expect(await parse(iconv.encode(text(...lines).replace(/\r\n/g, '\n'), 'cp932'))).toEqual(fromCp932);
  });

  it('refuses a 調定 (bills) export, naming the bank-counter header it expected', async () => {
    const result = await parse(
      iconv.encode('地方公共団体コード,納付番号,科目コード,賦課年度,期別,納期限,調定額,宛名番号,状態,更新日\r\n', 'cp932'),
    );
    expect(result.refused).toBe(
      `1行目が bank-counter（指定金融機関 OCR 収納データ）のヘッダー行ではありません（10列）。必要な8列: ${HEADER} / ` +
        `the first line is not the bank-counter (bank OCR payment data) header (10 columns); expected the 8 columns: ${HEADER}`,
    );
  });

  it('refuses an empty file, and reads a header row alone as an empty delivery', async () => {
    expect((await parse(Buffer.alloc(0))).refused).toMatch(/^ファイルにレコードがありません/);
    expect(await parse(cp932File())).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
  });
});
