import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseBuffer } from '../framing';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import type { CounterReceiptRow } from '../parser.types';
import { CITY_CASH_COLUMNS, cityCashParser } from './city-cash.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(cityCashParser, buf, ctx);
const rowsOf = (result: { rows: { row: CounterReceiptRow }[] }) => result.rows.map(({ row }) => row);

const HEADER = CITY_CASH_COLUMNS.join(',');
type Line = Record<(typeof CITY_CASH_COLUMNS)[number], string>;
const QR_ROW: Line = {
  受付番号: '202611240003',
  受付日時: '2026/11/24 10:47:20',
  窓口コード: '01',
  科目コード: '10',
  件数: '3',
  金額: '900',
  支払方法: 'QR',
  QR取引番号: '04196662015372206080',
  取消区分: '0',
};
const CASH: Partial<Line> = { 受付番号: '202611240002', 支払方法: '現金', QR取引番号: '' };

const csvLine = (line: Partial<Line> = {}) => CITY_CASH_COLUMNS.map((column) => ({ ...QR_ROW, ...line })[column]).join(',');
/** CSV text: the header, then the lines, CRLF. */
const text = (...lines: string[]) => [HEADER, ...lines].map((line) => `${line}\r\n`).join('');
const cp932File = (...lines: string[]) => iconv.encode(text(...lines), 'cp932');

/** The errors of the one rejected line of a file holding just `line`. */
async function errorsOf(line: Partial<Line>) {
  const { rows, rejected } = await parse(cp932File(csvLine(line)));
  expect(rows).toEqual([]);
  return rejected[0].errors;
}

describe('city-cash parser', () => {
  it('declares itself a register format, not a payment one', () => {
    expect(cityCashParser).toMatchObject({ format: 'city-cash', target: 'register', framing: { kind: 'csv' } });
  });

  it('reads the committed real-shaped register as its golden result', async () => {
    const result = await parse(readFileSync(fixture('register-20261125.csv')));
    expect(result.rejected).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toHaveLength(7);
    expectGolden(result, fixture('register-20261125.golden.json'));
  });

  it('reads a QR row into a register row that expects the provider transaction with its QR取引番号', async () => {
    const { rows, rejected, warnings, summary } = await parse(cp932File(csvLine()));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          receiptNo: '202611240003',
          receivedOn: '2026-11-24',
          receivedTime: '10:47:20',
          counterCode: '01',
          categoryCode: '10',
          quantity: 3,
          amount: 900,
          method: 'qr',
          qrTransactionId: '04196662015372206080',
          voids: false,
        },
      },
    ]);
    expect(summary).toEqual({ controlIssues: [], controls: [], providerCode: null, dataCreatedOn: null });
  });

  it('reads a 現金 row as cash, with no QR取引番号', async () => {
    const [row] = rowsOf(await parse(cp932File(csvLine(CASH))));
    expect(row).toMatchObject({ method: 'cash', qrTransactionId: null, voids: false });
  });

  it('keeps a 現金 row that carries a QR取引番号 as cash, ignoring the number with a warning', async () => {
    const { rows, warnings } = await parse(cp932File(csvLine({ ...CASH, QR取引番号: '0419' })));
    expect(rows[0].row).toMatchObject({ method: 'cash', qrTransactionId: null });
    expect(warnings).toEqual([
      {
        line: 2,
        field: 'QR取引番号',
        message: '現金の行にQR取引番号があります: 0419（無視します） / QR取引番号 on a 現金 line: 0419 (ignored)',
      },
    ]);
  });

  it('rejects a QR row without its QR取引番号', async () => {
    expect(await errorsOf({ QR取引番号: '' })).toEqual([
      { line: 2, field: 'QR取引番号', message: 'QRの行にQR取引番号がありません / QR取引番号 is empty on a QR line' },
    ]);
  });

  it('reads 取消区分 1 as the void of the row with the same 受付番号', async () => {
    const [original, voiding] = rowsOf(await parse(cp932File(csvLine(), csvLine({ 受付日時: '2026/11/24 15:02:40', 取消区分: '1' }))));
    expect(original.voids).toBe(false);
    expect(voiding).toMatchObject({ receiptNo: original.receiptNo, voids: true, amount: 900 });
  });

  it.each(['2', '', '取消'])('rejects 取消区分 %p', async (flag) => {
    expect(await errorsOf({ 取消区分: flag })).toEqual([
      { line: 2, field: '取消区分', message: `取消区分が不正です: ${flag} / unknown 取消区分: ${flag}` },
    ]);
  });

  it.each(['カード', 'qr', 'ＱＲ', ''])('rejects 支払方法 %p: only 現金 and QR', async (method) => {
    expect(await errorsOf({ 支払方法: method })).toEqual([
      {
        line: 2,
        field: '支払方法',
        message: `支払方法が「現金」「QR」のどちらでもありません: ${method} / 支払方法 is neither 現金 nor QR: ${method}`,
      },
    ]);
  });

  it('reads a 科目コード that Excel shortened (1 for 01), with a warning', async () => {
    const { rows, warnings } = await parse(cp932File(csvLine({ 科目コード: '1' })));
    expect(rows[0].row).toMatchObject({ categoryCode: '01' });
    expect(warnings).toEqual([expect.objectContaining({ line: 2, field: '科目コード', message: expect.stringContaining('1 → 01') })]);
  });

  it('rejects a 科目コード that is not 2 digits or that the city does not know', async () => {
    expect(await errorsOf({ 科目コード: '1A' })).toEqual([
      { line: 2, field: '科目コード', message: '科目コードが2桁の数字ではありません: 1A / 科目コード is not 2 digits: 1A' },
    ]);
    expect(await errorsOf({ 科目コード: '11' })).toEqual([
      { line: 2, field: '科目コード', message: '科目コードが登録されていません: 11 / unknown 科目コード: 11' },
    ]);
  });

  it.each(['0', '1.5', '-1', ''])('rejects 件数 %p', async (quantity) => {
    expect(await errorsOf({ 件数: quantity })).toEqual([
      { line: 2, field: '件数', message: `件数が正の整数ではありません: ${quantity} / 件数 is not a positive whole number: ${quantity}` },
    ]);
  });

  it.each(['900円', '9,00', '0'])('rejects 金額 %p: a positive whole number of yen only', async (amount) => {
    const value = amount.includes(',') ? `"${amount}"` : amount;
    expect(await errorsOf({ 金額: value })).toEqual([
      { line: 2, field: '金額', message: `金額が正の整数ではありません: ${amount} / 金額 is not a positive whole number: ${amount}` },
    ]);
  });

  it('rejects a 受付日時 on 2026/02/30, which is no day, and reads the next line', async () => {
    const { rows, rejected } = await parse(cp932File(csvLine({ 受付日時: '2026/02/30 10:00:00' }), csvLine()));
    expect(rows.map(({ line }) => line)).toEqual([3]);
    expect(rejected[0].errors).toEqual([
      {
        line: 2,
        field: '受付日時',
        message:
          '受付日時が「YYYY/MM/DD HH:MM:SS」の日時ではありません: 2026/02/30 10:00:00 / 受付日時 is not a YYYY/MM/DD HH:MM:SS date-time: 2026/02/30 10:00:00',
      },
    ]);
  });

  it('rejects an empty 受付番号 or 窓口コード, listing both', async () => {
    expect((await errorsOf({ 受付番号: '', 窓口コード: '' })).map(({ field }) => field)).toEqual(['受付番号', '窓口コード']);
  });

  it('rejects a line whose 支払方法 was written in another encoding, naming the field', async () => {
    const [before, after] = `\uFEFF${text(csvLine({ 支払方法: '@' }))}`.split('@');
    const { rejected } = await parse(
      Buffer.concat([Buffer.from(before, 'utf8'), iconv.encode('現金', 'cp932'), Buffer.from(after, 'utf8')]),
    );
    expect(rejected[0].errors).toEqual([
      expect.objectContaining({
        field: '支払方法',
        message: expect.stringContaining('支払方法に読めない文字があります（文字コードを確認してください）'),
      }),
    ]);
  });

  it('rejects lines with a missing or an extra column, and reads the others', async () => {
    const short = csvLine().split(',').slice(0, 8).join(',');
    const { rows, rejected } = await parse(cp932File(short, `${csvLine()},余分`, csvLine()));
    expect(rows.map(({ line }) => line)).toEqual([4]);
    expect(rejected.map(({ line, errors }) => [line, errors])).toEqual([
      [2, [{ line: 2, field: null, message: '列数が9ではありません: 8列 / expected 9 columns, got 8' }]],
      [3, [{ line: 3, field: null, message: '列数が9ではありません: 10列 / expected 9 columns, got 10' }]],
    ]);
  });

  it('reads CP932 and UTF-8 with a BOM alike, with CRLF or LF', async () => {
    const lines = [csvLine(), csvLine(CASH)];
    const fromCp932 = await parse(cp932File(...lines));
    expect(fromCp932.rows).toHaveLength(2);
    expect(await parse(Buffer.from(`\uFEFF${text(...lines)}`, 'utf8'))).toEqual(fromCp932);
    expect(await parse(iconv.encode(text(...lines).replace(/\r\n/g, '\n'), 'cp932'))).toEqual(fromCp932);
  });

  it('refuses a PayPay transaction history, naming the city-cash header it expected', async () => {
    const paypayHeader =
      '取引番号,加盟店ID,屋号,店舗ID,店舗名,端末番号/PosID,取引ステータス,取引日時,取引金額,レシート番号,支払い方法,支払い詳細,取引確定期限,加盟店決済ID,サービスタイプ';
    const result = await parse(iconv.encode(`${paypayHeader}\r\n`, 'cp932'));
    expect(result.refused).toBe(
      `1行目が city-cash（窓口収納日計）のヘッダー行ではありません（15列）。必要な9列: ${HEADER} / ` +
        `the first line is not the city-cash (counter register) header (15 columns); expected the 9 columns: ${HEADER}`,
    );
  });

  it('refuses an empty file, and reads a header row alone as an empty delivery', async () => {
    expect((await parse(Buffer.alloc(0))).refused).toMatch(/^ファイルにレコードがありません/);
    expect(await parse(cp932File())).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
  });
});
