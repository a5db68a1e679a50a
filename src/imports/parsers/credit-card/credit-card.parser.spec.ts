import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseBuffer } from '../framing';
import { billNumber } from '../konbini/fixtures/konbini.records';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import type { PaymentRow } from '../parser.types';
import { CREDIT_CARD_COLUMNS, creditCardParser } from './credit-card.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(creditCardParser, buf, ctx);
const rowsOf = (result: { rows: { row: PaymentRow }[] }) => result.rows.map(({ row }) => row);

const HEADER = CREDIT_CARD_COLUMNS.join(',');
const BILL = billNumber('02', '26', '03', 123);
const BAD_BILL = BILL.slice(0, 15) + String((Number(BILL[15]) + 1) % 10);
type Line = Record<(typeof CREDIT_CARD_COLUMNS)[number], string>;
const SALE: Line = {
  決済ID: 'KC2611250000102',
  受付日時: '2026/11/25 09:12:33',
  売上確定日: '20261125',
  入金予定日: '20261210',
  科目コード: '02',
  納付番号: BILL,
  納付金額: '12300',
  システム利用料: '101',
  ブランド: 'VISA',
  カード下4桁: '4242',
  取引区分: '売上',
  元決済ID: '',
};
const CANCEL: Partial<Line> = {
  決済ID: 'KC2611260000007',
  受付日時: '2026/11/26 10:00:00',
  システム利用料: '0',
  取引区分: '取消',
  元決済ID: SALE.決済ID,
};

const csvLine = (line: Partial<Line> = {}) => CREDIT_CARD_COLUMNS.map((column) => ({ ...SALE, ...line })[column]).join(',');
const trailer = (sales: [number, number], cancels: [number, number] = [0, 0]) => `合計,${sales.join(',')},${cancels.join(',')}`;
/** CSV text: the header, then the lines, CRLF. */
const text = (...lines: string[]) => [HEADER, ...lines].map((line) => `${line}\r\n`).join('');
const cp932File = (...lines: string[]) => iconv.encode(text(...lines), 'cp932');

/** The errors of the one rejected line of a file holding just `line` (and a trailer that expects nothing). */
async function errorsOf(line: Partial<Line>) {
  const { rows, rejected } = await parse(cp932File(csvLine(line), trailer([0, 0])));
  expect(rows).toEqual([]);
  return rejected[0].errors;
}

describe('credit-card parser', () => {
  it('reads the committed real-shaped settlement file as its golden result', async () => {
    const result = await parse(readFileSync(fixture('card-20261126.csv')));
    expect(result.rejected).toEqual([]);
    expect(result.summary?.controlIssues).toEqual([]);
    expect(result.rows).toHaveLength(5);
    expectGolden(result, fixture('card-20261126.golden.json'));
  });

  it('reads a 売上 into a final payment row with every field, the fee apart from the amount', async () => {
    const { rows, rejected, warnings } = await parse(cp932File(csvLine(), trailer([1, 12300])));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          kind: 'final',
          pairingKey: 'card:KC2611250000102',
          channel: 'credit_card',
          providerCode: 'card',
          billNumber: BILL,
          referenceValid: true,
          paymentRef: 'KC2611250000102',
          paidOn: '2026-11-25',
          paidTime: '09:12:33',
          amount: 12300,
          depositDueOn: '2026-12-10',
          incomeOn: '2026-12-10',
          expectsPreliminary: false,
          feeAmount: 101,
          categoryCode: '02',
        },
      },
    ]);
  });

  it('reads a 取消 as a cancel of the 売上 named by 元決済ID, with that payment’s key and id', async () => {
    const [sale, cancel] = rowsOf(await parse(cp932File(csvLine(), csvLine(CANCEL), trailer([1, 12300], [1, 12300]))));
    expect(cancel).toMatchObject({
      kind: 'cancel',
      pairingKey: sale.pairingKey,
      paymentRef: sale.paymentRef,
      amount: 12300,
      paidOn: '2026-11-26',
    });
  });

  it('rejects a 取消 that does not name the 売上 it reverses', async () => {
    expect(await errorsOf({ ...CANCEL, 元決済ID: '' })).toEqual([
      { line: 2, field: '元決済ID', message: '取消の行に元決済IDがありません / 元決済ID is empty on a 取消 line' },
    ]);
  });

  it('keeps システム利用料 as the fee, never in the amount, and an empty one as none', async () => {
    const rows = rowsOf(
      await parse(cp932File(csvLine({ システム利用料: '330' }), csvLine({ 決済ID: 'KC2', システム利用料: '' }), trailer([2, 24600]))),
    );
    expect(rows.map(({ amount, feeAmount }) => [amount, feeAmount])).toEqual([
      [12300, 330],
      [12300, null],
    ]);
  });

  it('rejects a システム利用料 that is not a whole number', async () => {
    expect(await errorsOf({ システム利用料: '10.5' })).toEqual([
      {
        line: 2,
        field: 'システム利用料',
        message: 'システム利用料が0以上の整数ではありません: 10.5 / システム利用料 is not a non-negative whole number: 10.5',
      },
    ]);
  });

  it('takes the 納付日 and time from 受付日時, not from 売上確定日', async () => {
    const [row] = rowsOf(await parse(cp932File(csvLine({ 受付日時: '2026/11/24 23:59:59', 売上確定日: '20261125' }), trailer([1, 12300]))));
    expect(row).toMatchObject({ paidOn: '2026-11-24', paidTime: '23:59:59' });
  });

  it('reads a 受付日時 whose hour Excel wrote with one digit, and a 科目コード it shortened, with warnings', async () => {
    const { rows, warnings } = await parse(cp932File(csvLine({ 受付日時: '2026/11/25 9:12:33', 科目コード: '2' }), trailer([1, 12300])));
    expect(rows[0].row).toMatchObject({ paidTime: '09:12:33', categoryCode: '02' });
    expect(warnings.map(({ field }) => field)).toEqual(['受付日時', '科目コード']);
  });

  const notDateTimes = ['2026/02/30 10:00:00', '2026/11/25 24:00:00', '2026-11-25 09:12:33', '2026/11/25 9:12', '20261125'];
  it.each(notDateTimes)('rejects 受付日時 %p', async (value) => {
    expect(await errorsOf({ 受付日時: value })).toEqual([
      {
        line: 2,
        field: '受付日時',
        message: `受付日時が「YYYY/MM/DD HH:MM:SS」の日時ではありません: ${value} / 受付日時 is not a YYYY/MM/DD HH:MM:SS date-time: ${value}`,
      },
    ]);
  });

  it('rejects an 入金予定日 of 20260230, which is no day', async () => {
    expect(await errorsOf({ 入金予定日: '20260230' })).toEqual([
      { line: 2, field: '入金予定日', message: '入金予定日が日付ではありません: 20260230 / 入金予定日 is not a valid date: 20260230' },
    ]);
  });

  it('rejects a 科目コード that disagrees with a verified 納付番号', async () => {
    expect(await errorsOf({ 科目コード: '01' })).toEqual([
      {
        line: 2,
        field: '科目コード',
        message: '科目コードが納付番号と一致しません: 01（納付番号 02） / 科目コード 01 disagrees with 納付番号 (02)',
      },
    ]);
  });

  it('rejects a 科目コード the city does not know', async () => {
    const { rejected } = await parse(cp932File(csvLine(), trailer([0, 0])), testContext({ categories: new Set(['01']) }));
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '科目コード', message: '科目コードが登録されていません: 02 / unknown 科目コード: 02' },
    ]);
  });

  it('keeps a payment whose 納付番号 check digit fails, with referenceValid false and its 科目コード as sent', async () => {
    const { rows, rejected } = await parse(cp932File(csvLine({ 納付番号: BAD_BILL, 科目コード: '07' }), trailer([1, 12300])));
    expect(rejected).toEqual([]);
    expect(rows[0].row).toMatchObject({ billNumber: BAD_BILL, referenceValid: false, categoryCode: '07' });
  });

  it('rejects a 納付番号 of more than 16 digits', async () => {
    const long = `${BILL}0`;
    expect(await errorsOf({ 納付番号: long })).toEqual([
      { line: 2, field: '納付番号', message: `納付番号が16桁の数字ではありません: ${long} / 納付番号 is not 16 digits: ${long}` },
    ]);
  });

  it.each([BILL.slice(1), '2.26030000001E+15'])('rejects 納付番号 %p, naming Excel: identifiers are never padded', async (number) => {
    const excel = expect.stringMatching(/^納付番号がExcelで数値に変換されています: .* \/ 納付番号 was turned into a number by Excel/);
    expect(await errorsOf({ 納付番号: number })).toEqual([expect.objectContaining({ field: '納付番号', message: excel })]);
  });

  it('rejects a 取引区分 other than 売上 and 取消', async () => {
    expect(await errorsOf({ 取引区分: '返品' })).toEqual([
      {
        line: 2,
        field: '取引区分',
        message: '取引区分が「売上」「取消」のどちらでもありません: 返品 / 取引区分 is neither 売上 nor 取消: 返品',
      },
    ]);
  });

  it.each(['12,300', '-12300', 'ABC', '0'])('rejects 納付金額 %p: a positive whole number of yen only', async (amount) => {
    const value = amount.includes(',') ? `"${amount}"` : amount;
    expect(await errorsOf({ 納付金額: value })).toEqual([
      {
        line: 2,
        field: '納付金額',
        message: `納付金額が正の整数ではありません: ${amount} / 納付金額 is not a positive whole number: ${amount}`,
      },
    ]);
  });

  it('rejects an empty 決済ID', async () => {
    expect(await errorsOf({ 決済ID: '' })).toEqual([{ line: 2, field: '決済ID', message: '決済IDがありません / 決済ID is empty' }]);
  });

  it('rejects lines with a missing or an extra column, and reads the others', async () => {
    const short = csvLine().split(',').slice(0, 11).join(',');
    const { rows, rejected } = await parse(cp932File(short, `${csvLine()},余分`, csvLine(), trailer([1, 12300])));
    expect(rows.map(({ line }) => line)).toEqual([4]);
    expect(rejected.map(({ line, errors }) => [line, errors])).toEqual([
      [2, [{ line: 2, field: null, message: '列数が12ではありません: 11列 / expected 12 columns, got 11' }]],
      [3, [{ line: 3, field: null, message: '列数が12ではありません: 13列 / expected 12 columns, got 13' }]],
    ]);
  });

  it('rejects a line whose 取引区分 was written in another encoding, naming the field', async () => {
    const [before, after] = `\uFEFF${text(csvLine({ 取引区分: '@' }), trailer([0, 0]))}`.split('@');
    const file = Buffer.concat([Buffer.from(before, 'utf8'), iconv.encode('売上', 'cp932'), Buffer.from(after, 'utf8')]);
    const { rejected } = await parse(file);
    expect(rejected[0].errors).toEqual([
      {
        line: 2,
        field: '取引区分',
        message:
          '取引区分に読めない文字があります（文字コードを確認してください）: \uFFFD\uFFFD\uFFFD\uFFFD / ' +
          '取引区分 holds characters that could not be decoded (check the encoding): \uFFFD\uFFFD\uFFFD\uFFFD',
      },
    ]);
  });

  describe('the 合計 trailer', () => {
    it('records every comparison, and raises no issue when the totals agree', async () => {
      const { summary } = await parse(
        cp932File(csvLine(), csvLine({ 決済ID: 'KC2', 納付金額: '5000' }), csvLine(CANCEL), trailer([2, 17300], [1, 12300])),
      );
      expect(summary).toEqual({
        controlIssues: [],
        controls: [
          { name: '売上件数', expected: 2, actual: 2 },
          { name: '売上納付金額合計', expected: 17300, actual: 17300 },
          { name: '取消件数', expected: 1, actual: 1 },
          { name: '取消納付金額合計', expected: 12300, actual: 12300 },
        ],
        providerCode: 'card',
        dataCreatedOn: null,
      });
    });

    it('flags a total that disagrees on the trailer line, and still returns the rows', async () => {
      const { rows, summary } = await parse(cp932File(csvLine(), trailer([1, 13300])));
      expect(rows).toHaveLength(1);
      expect(summary?.controlIssues).toEqual([
        {
          line: 3,
          field: '売上納付金額合計',
          message:
            '売上納付金額合計が明細行の合計と一致しません: 合計行 13300, 明細 12300 / 売上納付金額合計 does not match the data lines: trailer 13300, lines 12300',
        },
      ]);
      expect(summary?.controls).toContainEqual({ name: '売上納付金額合計', expected: 13300, actual: 12300 });
    });

    it('counts only the lines it accepted against the trailer', async () => {
      const { summary } = await parse(cp932File(csvLine(), csvLine({ 納付金額: 'x' }), trailer([2, 24600])));
      expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['売上件数', '売上納付金額合計']);
    });

    it('flags a file without a trailer, and keeps what its lines add up to', async () => {
      const { rows, summary } = await parse(cp932File(csvLine()));
      expect(rows).toHaveLength(1);
      expect(summary?.controlIssues).toEqual([
        { line: null, field: '合計', message: '合計行（トレーラー）がありません / the 合計 trailer line is missing' },
      ]);
      expect(summary?.controls).toEqual([
        { name: '売上件数', expected: null, actual: 1 },
        { name: '売上納付金額合計', expected: null, actual: 12300 },
        { name: '取消件数', expected: null, actual: 0 },
        { name: '取消納付金額合計', expected: null, actual: 0 },
      ]);
    });

    it('rejects a trailer whose totals are not numbers, and then flags the trailer as missing', async () => {
      const { rejected, summary } = await parse(cp932File(csvLine(), '合計,1,"12,300",0,0'));
      expect(rejected[0].errors).toEqual([
        {
          line: 3,
          field: '売上納付金額合計',
          message: '売上納付金額合計が数字ではありません: 12,300 / 売上納付金額合計 is not a number: 12,300',
        },
      ]);
      expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['合計']);
    });

    it('rejects a trailer with the wrong number of columns', async () => {
      const { rejected } = await parse(cp932File(csvLine(), '合計,1,12300'));
      expect(rejected[0].errors).toEqual([
        { line: 3, field: '合計', message: '合計行の列数が5ではありません: 3列 / expected 5 columns in the 合計 trailer, got 3' },
      ]);
    });

    it('flags lines after the trailer and still reads them', async () => {
      const { rows, summary } = await parse(cp932File(csvLine(), trailer([1, 12300]), csvLine({ 決済ID: 'KC3' })));
      expect(rows).toHaveLength(2);
      expect(summary?.controlIssues).toEqual([
        { line: 4, field: '合計', message: '合計行の後に行があります: 1行 / 1 line(s) after the 合計 trailer' },
      ]);
    });
  });

  it('reads CP932 and UTF-8 with a BOM alike, with CRLF or LF', async () => {
    const lines = [csvLine(), csvLine(CANCEL), trailer([1, 12300], [1, 12300])];
    const fromCp932 = await parse(cp932File(...lines));
    expect(fromCp932.rows).toHaveLength(2);
    expect(await parse(Buffer.from(`\uFEFF${text(...lines)}`, 'utf8'))).toEqual(fromCp932);
    expect(await parse(iconv.encode(text(...lines).replace(/\r\n/g, '\n'), 'cp932'))).toEqual(fromCp932);
  });

  it('refuses an eltax file, naming the credit-card header it expected', async () => {
    const eltaxHeader =
      'データ作成日,共通納税機関コード,地方公共団体コード,税目・料金番号,案件特定キー,確認番号,賦課年度,課税年度,期別コード,納期限,納付金額,納付日,納付手段区分,決済事業者名,払込予定日,取消区分,受付番号';
    const result = await parse(iconv.encode(`${eltaxHeader}\r\n`, 'cp932'));
    expect(result.rows).toEqual([]);
    expect(result.refused).toBe(
      `1行目が credit-card（公金クレジット収納 決済データ）のヘッダー行ではありません（17列）。必要な12列: ${HEADER} / ` +
        `the first line is not the credit-card (card settlement) header (17 columns); expected the 12 columns: ${HEADER}`,
    );
  });

  it('refuses an empty file, and reads a header row alone as an empty delivery', async () => {
    expect((await parse(Buffer.alloc(0))).refused).toMatch(/^ファイルにレコードがありません/);
    const emptyDelivery = await parse(cp932File(trailer([0, 0])));
    expect(emptyDelivery).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
  });
});
