import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseBuffer } from '../framing';
import { billNumber } from '../konbini/fixtures/konbini.records';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import type { PaymentRow } from '../parser.types';
import { ELTAX_COLUMNS, eltaxParser } from './eltax.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(eltaxParser, buf, ctx);
const rowsOf = (result: { rows: { row: PaymentRow }[] }) => result.rows.map(({ row }) => row);

const HEADER = ELTAX_COLUMNS.join(',');
const BILL = billNumber('02', '26', '03', 123);
type Line = Record<(typeof ELTAX_COLUMNS)[number], string>;
const VALID: Line = {
  データ作成日: '20261126',
  共通納税機関コード: '46214',
  地方公共団体コード: '462144',
  '税目・料金番号': '002',
  案件特定キー: `0000${BILL}`,
  確認番号: '130577',
  賦課年度: '2026',
  課税年度: '2026',
  期別コード: '03',
  納期限: '20261225',
  納付金額: '12300',
  納付日: '20261125',
  納付手段区分: '05',
  決済事業者名: 'ＧＭＯペイメントゲートウェイ',
  払込予定日: '20261201',
  取消区分: '0',
  受付番号: '2026112500000211',
};

const csvLine = (line: Partial<Line> = {}) => ELTAX_COLUMNS.map((column) => ({ ...VALID, ...line })[column]).join(',');
const text = (...lines: string[]) => [HEADER, ...lines].map((line) => `${line}\r\n`).join('');
/** UTF-8 with a BOM, CRLF: the header, then the lines. */
const utf8File = (...lines: string[]) => Buffer.from(`\uFEFF${text(...lines)}`, 'utf8');

/** A file in `encoding` whose `@` is replaced by raw bytes: a field written in another encoding. */
function withRawBytes(fileText: string, encoding: 'utf8' | 'cp932', bytes: Buffer): Buffer {
  const [before, after] = fileText.split('@');
  return Buffer.concat([iconv.encode(before, encoding), bytes, iconv.encode(after, encoding)]);
}

/** The errors of the one rejected line of a file holding just `line`. */
async function errorsOf(line: Partial<Line>) {
  const { rows, rejected } = await parse(utf8File(csvLine(line)));
  expect(rows).toEqual([]);
  return rejected[0].errors;
}

describe('eltax parser', () => {
  it('reads the committed real-shaped file (UTF-8 with a BOM) as its golden result', async () => {
    const result = await parse(readFileSync(fixture('eltax-20261126.csv')));
    expect(result.rejected).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toHaveLength(7);
    expectGolden(result, fixture('eltax-20261126.golden.json'));
  });

  it('reads a payment into a final row with every field', async () => {
    const { rows, rejected, warnings, summary } = await parse(utf8File(csvLine()));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          kind: 'final',
          pairingKey: 'eltax:2026112500000211',
          channel: 'eltax',
          providerCode: 'eltax',
          billNumber: BILL,
          referenceValid: true,
          paymentRef: '2026112500000211',
          paidOn: '2026-11-25',
          paidTime: null,
          amount: 12300,
          depositDueOn: '2026-12-01',
          incomeOn: '2026-12-01',
          expectsPreliminary: false,
          meansCode: '05',
          categoryCode: '02',
        },
      },
    ]);
    expect(summary).toEqual({ controlIssues: [], controls: [], providerCode: 'eltax', dataCreatedOn: '2026-11-26' });
  });

  it('reads 取消区分 1 as a cancel that shares the pairing key of the payment with the same 受付番号', async () => {
    const [payment, cancel, other] = rowsOf(
      await parse(utf8File(csvLine(), csvLine({ 取消区分: '1' }), csvLine({ 受付番号: '2026112500000212' }))),
    );
    expect(payment.kind).toBe('final');
    expect(cancel).toMatchObject({ kind: 'cancel', pairingKey: payment.pairingKey, paymentRef: payment.paymentRef, amount: 12300 });
    expect(other.pairingKey).not.toBe(payment.pairingKey);
  });

  it.each(['01', '02', '03', '04', '05', '06', '99'])(
    'keeps 納付手段区分 %s on the row, for the cashless report to decide',
    async (means) => {
      const [row] = rowsOf(await parse(utf8File(csvLine({ 納付手段区分: means }))));
      expect(row).toMatchObject({ channel: 'eltax', meansCode: means });
    },
  );

  it('reads a 納付手段区分 that Excel shortened (5 for 05), with a warning', async () => {
    const { rows, warnings } = await parse(utf8File(csvLine({ 納付手段区分: '5' })));
    expect(rows[0].row).toMatchObject({ meansCode: '05' });
    expect(warnings).toEqual([expect.objectContaining({ line: 2, field: '納付手段区分', message: expect.stringContaining('5 → 05') })]);
  });

  it.each(['07', '00', '7', '005', ''])('rejects an unknown 納付手段区分 %p', async (means) => {
    expect(await errorsOf({ 納付手段区分: means })).toEqual([
      { line: 2, field: '納付手段区分', message: `納付手段区分が不正です: ${means} / unknown 納付手段区分: ${means}` },
    ]);
  });

  it('maps 税目・料金番号 to the 科目コード through the city’s table', async () => {
    const ctx = testContext({ eltaxTaxCodes: new Map([['120', '02']]) });
    const [row] = rowsOf(await parse(utf8File(csvLine({ '税目・料金番号': '120' })), ctx));
    expect(row.categoryCode).toBe('02');
  });

  it('rejects a 税目・料金番号 that is not in the table, naming the field', async () => {
    expect(await errorsOf({ '税目・料金番号': '099' })).toEqual([
      { line: 2, field: '税目・料金番号', message: '税目・料金番号が登録されていません: 099 / unknown 税目・料金番号: 099' },
    ]);
  });

  it('keeps the mapped 科目 and warns when it disagrees with the 納付番号', async () => {
    const { rows, warnings } = await parse(utf8File(csvLine({ '税目・料金番号': '001' })));
    expect(rows[0].row.categoryCode).toBe('01');
    expect(warnings).toEqual([
      {
        line: 2,
        field: '税目・料金番号',
        message:
          "税目・料金番号 001（科目 01）が納付番号の科目 02 と一致しません / 税目・料金番号 001 (科目 01) disagrees with the 納付番号's 科目 02",
      },
    ]);
  });

  it('keeps a payment whose 納付番号 check digit fails, with referenceValid false', async () => {
    const bad = BILL.slice(0, 15) + String((Number(BILL[15]) + 1) % 10);
    const { rows, rejected, warnings } = await parse(utf8File(csvLine({ 案件特定キー: `0000${bad}` })));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows[0].row).toMatchObject({ billNumber: bad, referenceValid: false, amount: 12300 });
  });

  it('keeps a 案件特定キー that does not start with 0000 as money received, with an invalid reference and a warning', async () => {
    const { rows, warnings } = await parse(utf8File(csvLine({ 案件特定キー: `1000${BILL}` })));
    expect(rows[0].row).toMatchObject({ billNumber: BILL, referenceValid: false });
    expect(warnings).toEqual([
      {
        line: 2,
        field: '案件特定キー',
        message:
          `案件特定キーが0000で始まりません: 1000${BILL}（納付番号として照合できません） / ` +
          `案件特定キー does not start with 0000: 1000${BILL} (cannot be matched as a 納付番号)`,
      },
    ]);
  });

  it('rejects a 案件特定キー that is not 20 digits', async () => {
    expect(await errorsOf({ 案件特定キー: `${BILL}ABCD` })).toEqual([
      {
        line: 2,
        field: '案件特定キー',
        message: `案件特定キーが20桁の数字ではありません: ${BILL}ABCD / 案件特定キー is not 20 digits: ${BILL}ABCD`,
      },
    ]);
  });

  it.each([BILL, '2.26030000001E+15'])('rejects 案件特定キー %p, short or in exponent form, naming Excel', async (key) => {
    const excel = expect.objectContaining({ field: '案件特定キー', message: expect.stringContaining('Excelで数値に変換されています') });
    expect(await errorsOf({ 案件特定キー: key })).toEqual([excel]);
  });

  it('takes the municipality from the row’s 地方公共団体コード', async () => {
    const [row] = rowsOf(await parse(utf8File(csvLine({ 地方公共団体コード: '462012' }))));
    expect(row.municipalityCode).toBe('462012');
  });

  it('rejects a 地方公共団体コード that is not 6 digits', async () => {
    expect(await errorsOf({ 地方公共団体コード: '46214' })).toEqual([expect.objectContaining({ field: '地方公共団体コード' })]);
  });

  it('reads an empty or zero 払込予定日 as no deposit date, and rejects one that is no day', async () => {
    const { rows, rejected } = await parse(
      utf8File(csvLine({ 払込予定日: '' }), csvLine({ 払込予定日: '00000000' }), csvLine({ 払込予定日: '20261131' })),
    );
    expect(rowsOf({ rows }).map((row) => row.depositDueOn)).toEqual([null, null]);
    expect(rejected[0].errors).toEqual([
      { line: 4, field: '払込予定日', message: '払込予定日が日付ではありません: 20261131 / 払込予定日 is not a valid date: 20261131' },
    ]);
  });

  it('names the latest データ作成日 of the file', async () => {
    const { summary } = await parse(
      utf8File(csvLine({ データ作成日: '20261124' }), csvLine({ データ作成日: '20261126' }), csvLine({ データ作成日: '20261125' })),
    );
    expect(summary).toMatchObject({ providerCode: 'eltax', dataCreatedOn: '2026-11-26' });
  });

  it('reads CP932, UTF-8 with a BOM and UTF-8 without one alike, with CRLF or LF', async () => {
    const lines = [csvLine(), csvLine({ 受付番号: '2026112500000212', 取消区分: '1' })];
    const fromUtf8 = await parse(utf8File(...lines));
    expect(fromUtf8.rows).toHaveLength(2);
    expect(await parse(iconv.encode(text(...lines), 'cp932'))).toEqual(fromUtf8);
    expect(await parse(Buffer.from(text(...lines), 'utf8'))).toEqual(fromUtf8);
    expect(await parse(Buffer.from(text(...lines).replace(/\r\n/g, '\n'), 'utf8'))).toEqual(fromUtf8);
  });

  it('rejects lines with a missing or an extra column, naming both counts, and reads the others', async () => {
    const short = csvLine().split(',').slice(0, 16).join(',');
    const { rows, rejected } = await parse(utf8File(short, `${csvLine()},余分`, csvLine()));
    expect(rows.map(({ line }) => line)).toEqual([4]);
    expect(rejected.map(({ line, errors }) => [line, errors])).toEqual([
      [2, [{ line: 2, field: null, message: '列数が17ではありません: 16列 / expected 17 columns, got 16' }]],
      [3, [{ line: 3, field: null, message: '列数が17ではありません: 18列 / expected 17 columns, got 18' }]],
    ]);
  });

  it.each(['12,300', '-12300', '12300円', '0', ''])('rejects 納付金額 %p: a positive whole number of yen only', async (amount) => {
    const value = amount.includes(',') ? `"${amount}"` : amount;
    expect(await errorsOf({ 納付金額: value })).toEqual([
      {
        line: 2,
        field: '納付金額',
        message: `納付金額が正の整数ではありません: ${amount} / 納付金額 is not a positive whole number: ${amount}`,
      },
    ]);
  });

  it('rejects 納付日 20260230, which is no day, and reads the next line', async () => {
    const { rows, rejected } = await parse(utf8File(csvLine({ 納付日: '20260230' }), csvLine()));
    expect(rows.map(({ line }) => line)).toEqual([3]);
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '納付日', message: '納付日が日付ではありません: 20260230 / 納付日 is not a valid date: 20260230' },
    ]);
  });

  it('rejects an unknown 取消区分 and an empty 受付番号, listing every problem of the line', async () => {
    expect((await errorsOf({ 取消区分: '2', 受付番号: '', データ作成日: '2026/11/26' })).map(({ field }) => field)).toEqual([
      'データ作成日',
      '取消区分',
      '受付番号',
    ]);
  });

  it('rejects a line whose required field holds an undecodable byte, naming the encoding', async () => {
    const { rows, rejected } = await parse(withRawBytes(text(csvLine({ 受付番号: '20261125@0211' })), 'cp932', Buffer.from([0xfd])));
    expect(rows).toEqual([]);
    expect(rejected[0].errors).toEqual([
      {
        line: 2,
        field: '受付番号',
        message:
          '受付番号に読めない文字があります（文字コードを確認してください）: 20261125\uFFFD0211 / ' +
          '受付番号 holds characters that could not be decoded (check the encoding): 20261125\uFFFD0211',
      },
    ]);
  });

  it('keeps a line whose only undecodable text is the 決済事業者名, which keshikomi does not keep', async () => {
    const file = withRawBytes(`\uFEFF${text(csvLine({ 決済事業者名: '@' }))}`, 'utf8', iconv.encode('鹿児島銀行', 'cp932'));
    const { rows, rejected } = await parse(file);
    expect(rejected).toEqual([]);
    expect(rows).toHaveLength(1);
  });

  it('refuses a credit-card settlement file, naming the eltax header it expected', async () => {
    const cardHeader =
      '決済ID,受付日時,売上確定日,入金予定日,科目コード,納付番号,納付金額,システム利用料,ブランド,カード下4桁,取引区分,元決済ID';
    const result = await parse(iconv.encode(`${cardHeader}\r\n`, 'cp932'));
    expect(result.rows).toEqual([]);
    expect(result.refused).toBe(
      `1行目が eltax（共通納税 納付情報）のヘッダー行ではありません（12列）。必要な17列: ${HEADER} / ` +
        `the first line is not the eltax (eLTAX 納付情報) header (12 columns); expected the 17 columns: ${HEADER}`,
    );
  });

  it('refuses a file whose header has the right names in another order', async () => {
    const names = [...ELTAX_COLUMNS];
    [names[0], names[1]] = [names[1], names[0]];
    expect((await parse(Buffer.from(`${names.join(',')}\r\n${csvLine()}\r\n`, 'utf8'))).refused).toContain('eltax');
  });

  it('refuses an empty file, and reads a header row alone as an empty delivery', async () => {
    expect((await parse(Buffer.alloc(0))).refused).toMatch(/^ファイルにレコードがありません/);
    expect(await parse(utf8File())).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
  });
});
