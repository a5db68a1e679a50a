import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseBuffer } from '../framing';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import type { PaymentRow } from '../parser.types';
import { QR_COUNTER_COLUMNS, qrCounterParser } from './qr-counter.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(qrCounterParser, buf, ctx);
const rowsOf = (result: { rows: { row: PaymentRow }[] }) => result.rows.map(({ row }) => row);

const HEADER = QR_COUNTER_COLUMNS.join(',');
type Line = Record<(typeof QR_COUNTER_COLUMNS)[number], string>;
const PAYMENT: Line = {
  取引番号: '04196663001420886016',
  加盟店ID: '437118503212349184',
  屋号: '垂水市',
  店舗ID: 'TRM0001',
  店舗名: '垂水市役所 市民課窓口',
  '端末番号/PosID': 'POS-01',
  取引ステータス: '取引完了',
  取引日時: '2026/11/24 14:21:40',
  取引金額: '450',
  レシート番号: '0004',
  支払い方法: 'PayPay残高',
  支払い詳細: '',
  取引確定期限: '',
  加盟店決済ID: '',
  サービスタイプ: 'ストアスキャン',
};
const REFUND: Partial<Line> = {
  取引番号: '04196663545123803136',
  取引ステータス: '返金完了',
  取引日時: '2026/11/24 15:02:26',
  取引金額: '-450',
  加盟店決済ID: PAYMENT.取引番号,
};

const csvLine = (line: Partial<Line> = {}) => QR_COUNTER_COLUMNS.map((column) => ({ ...PAYMENT, ...line })[column]).join(',');
/** CSV text: the header, then the lines, CRLF. */
const text = (...lines: string[]) => [HEADER, ...lines].map((line) => `${line}\r\n`).join('');
const cp932File = (...lines: string[]) => iconv.encode(text(...lines), 'cp932');

/** The errors of the one rejected line of a file holding just `line`. */
async function errorsOf(line: Partial<Line>) {
  const { rows, rejected } = await parse(cp932File(csvLine(line)));
  expect(rows).toEqual([]);
  return rejected[0].errors;
}

describe('qr-counter parser', () => {
  it('reads the committed real-shaped PayPay 取引履歴 as its golden result', async () => {
    const result = await parse(readFileSync(fixture('paypay-20261126.csv')));
    expect(result.rejected).toEqual([]);
    expect(result.rows).toHaveLength(5);
    expectGolden(result, fixture('paypay-20261126.golden.json'));
  });

  it('reads a 取引完了 into a final counter payment with every field and no 納付番号', async () => {
    const { rows, rejected, warnings, summary } = await parse(cp932File(csvLine()));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          kind: 'final',
          pairingKey: 'qr:04196663001420886016',
          channel: 'qr_counter',
          providerCode: 'qr:437118503212349184',
          billNumber: null,
          referenceValid: false,
          paymentRef: '04196663001420886016',
          paidOn: '2026-11-24',
          paidTime: '14:21:40',
          amount: 450,
          depositDueOn: null,
          incomeOn: '2026-11-25',
          expectsPreliminary: false,
          categoryCode: null,
        },
      },
    ]);
    expect(summary).toEqual({ controlIssues: [], controls: [], providerCode: 'qr:437118503212349184', dataCreatedOn: '2026-11-24' });
  });

  it('reads a 返金完了 as a cancel of the original 取引番号 (its 加盟店決済ID), for the absolute amount', async () => {
    const [payment, refund] = rowsOf(await parse(cp932File(csvLine(), csvLine(REFUND))));
    expect(refund).toMatchObject({
      kind: 'cancel',
      pairingKey: payment.pairingKey,
      paymentRef: payment.paymentRef,
      amount: 450,
      paidOn: '2026-11-24',
      paidTime: '15:02:26',
    });
  });

  it.each(['取引失敗', '支払い待ち', '取消済み', '期限切れ'])(
    'reads a %s transaction as a control line, not money, whatever its amount says',
    async (status) => {
      const { rows, rejected } = await parse(cp932File(csvLine({ 取引ステータス: status, 取引金額: 'abc', 取引日時: '' })));
      expect(rows).toEqual([]);
      expect(rejected).toEqual([]);
    },
  );

  it('names the latest 取引日時 of money rows as the file’s データ作成日, ignoring rows that moved no money', async () => {
    const { summary } = await parse(
      cp932File(
        csvLine({ 取引日時: '2026/11/25 09:00:14' }),
        csvLine({ 取引番号: '1', 取引日時: '2026/11/23 09:00:00' }),
        csvLine({ 取引番号: '2', 取引ステータス: '取引失敗', 取引日時: '2026/11/26 09:00:00' }),
      ),
    );
    expect(summary?.dataCreatedOn).toBe('2026-11-25');
  });

  it('names no データ作成日 or provider for a file with no money rows', async () => {
    const { summary } = await parse(cp932File(csvLine({ 取引ステータス: '取引失敗' })));
    expect(summary).toMatchObject({ providerCode: null, dataCreatedOn: null });
  });

  it('takes the provider from 加盟店ID, the most frequent one for the file', async () => {
    const { rows, summary } = await parse(cp932File(csvLine({ 加盟店ID: '999' }), csvLine({ 取引番号: '1' }), csvLine({ 取引番号: '2' })));
    expect(rowsOf({ rows }).map((row) => row.providerCode)).toEqual(['qr:999', 'qr:437118503212349184', 'qr:437118503212349184']);
    expect(summary?.providerCode).toBe('qr:437118503212349184');
  });

  it.each(['-450', '0', '4.5', '450円', ''])('rejects a 取引完了 whose 取引金額 is %p', async (amount) => {
    expect(await errorsOf({ 取引金額: amount })).toEqual([
      {
        line: 2,
        field: '取引金額',
        message: `取引完了の取引金額が正の整数ではありません: ${amount} / 取引金額 of a 取引完了 is not a positive whole number: ${amount}`,
      },
    ]);
  });

  it('rejects a 返金完了 whose 取引金額 is not negative', async () => {
    expect(await errorsOf({ ...REFUND, 取引金額: '450' })).toEqual([
      {
        line: 2,
        field: '取引金額',
        message: '返金完了の取引金額が負の整数ではありません: 450 / 取引金額 of a 返金完了 is not a negative whole number: 450',
      },
    ]);
  });

  it('rejects a 返金完了 that does not name the original 取引番号', async () => {
    expect(await errorsOf({ ...REFUND, 加盟店決済ID: '' })).toEqual([
      {
        line: 2,
        field: '加盟店決済ID',
        message:
          '返金完了の行に加盟店決済ID（元の取引番号）がありません / 加盟店決済ID (the original 取引番号) is empty on a 返金完了 line',
      },
    ]);
  });

  it('rejects a 取引日時 that is no real moment, such as 2026/02/30', async () => {
    expect(await errorsOf({ 取引日時: '2026/02/30 10:00:00' })).toEqual([
      {
        line: 2,
        field: '取引日時',
        message:
          '取引日時が「YYYY/MM/DD HH:MM:SS」の日時ではありません: 2026/02/30 10:00:00 / 取引日時 is not a YYYY/MM/DD HH:MM:SS date-time: 2026/02/30 10:00:00',
      },
    ]);
  });

  it('rejects an empty 取引番号, 加盟店ID or 取引ステータス', async () => {
    expect((await errorsOf({ 取引番号: '', 加盟店ID: '' })).map(({ field }) => field)).toEqual(['取引番号', '加盟店ID']);
    expect(await errorsOf({ 取引ステータス: '' })).toEqual([
      { line: 2, field: '取引ステータス', message: '取引ステータスがありません / 取引ステータス is empty' },
    ]);
  });

  it('rejects a line whose 取引ステータス was written in another encoding, rather than taking it for a status that moved no money', async () => {
    const [before, after] = `\uFEFF${text(csvLine({ 取引ステータス: '@' }))}`.split('@');
    const { rows, rejected } = await parse(
      Buffer.concat([Buffer.from(before, 'utf8'), iconv.encode('取引完了', 'cp932'), Buffer.from(after, 'utf8')]),
    );
    expect(rows).toEqual([]);
    expect(rejected[0].errors).toEqual([
      expect.objectContaining({ field: '取引ステータス', message: expect.stringContaining('取引ステータスに読めない文字があります') }),
    ]);
  });

  it('rejects lines with a missing or an extra column, and reads the others', async () => {
    const short = csvLine().split(',').slice(0, 14).join(',');
    const { rows, rejected } = await parse(cp932File(short, `${csvLine()},余分`, csvLine()));
    expect(rows.map(({ line }) => line)).toEqual([4]);
    expect(rejected.map(({ line, errors }) => [line, errors])).toEqual([
      [2, [{ line: 2, field: null, message: '列数が15ではありません: 14列 / expected 15 columns, got 14' }]],
      [3, [{ line: 3, field: null, message: '列数が15ではありません: 16列 / expected 15 columns, got 16' }]],
    ]);
  });

  it('reads CP932 and UTF-8 with a BOM alike, with CRLF or LF', async () => {
    const lines = [csvLine(), csvLine(REFUND), csvLine({ 取引ステータス: '取引失敗' })];
    const fromCp932 = await parse(cp932File(...lines));
    expect(fromCp932.rows).toHaveLength(2);
    expect(await parse(Buffer.from(`\uFEFF${text(...lines)}`, 'utf8'))).toEqual(fromCp932);
    expect(await parse(iconv.encode(text(...lines).replace(/\r\n/g, '\n'), 'cp932'))).toEqual(fromCp932);
  });

  it('refuses a register (city-cash) file, naming the qr-counter columns it misses', async () => {
    const result = await parse(iconv.encode('受付番号,受付日時,窓口コード,科目コード,件数,金額,支払方法,QR取引番号,取消区分\r\n', 'cp932'));
    expect(result.refused).toBe(
      '1行目が qr-counter（PayPay for Business 取引履歴）のヘッダー行ではありません（不足している列: 取引番号,取引ステータス,取引日時,取引金額,加盟店決済ID）' +
        ' / the first line is not the qr-counter (PayPay for Business transaction history) header' +
        ' (missing columns: 取引番号,取引ステータス,取引日時,取引金額,加盟店決済ID)',
    );
  });

  it('refuses an empty file, and reads a header row alone as an empty delivery', async () => {
    expect((await parse(Buffer.alloc(0))).refused).toMatch(/^ファイルにレコードがありません/);
    expect(await parse(cp932File())).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
  });

  describe('columns found by header name, as the merchant portal lets the user choose them', () => {
    /** A CP932 file of the given columns, in that order. */
    const fileOf = (columns: readonly string[], ...lines: Partial<Line>[]) => {
      const values = (line: Partial<Line>): Record<string, string> => ({
        ...PAYMENT,
        ...line,
        決済番号: line.取引番号 ?? PAYMENT.取引番号,
      });
      const rows = lines.map((line) => columns.map((column) => values(line)[column] ?? '').join(','));
      return iconv.encode([columns.join(','), ...rows].map((row) => `${row}\r\n`).join(''), 'cp932');
    };
    const full = () => parse(cp932File(csvLine(), csvLine(REFUND)));

    it('reads the portal’s default 14 columns, without サービスタイプ', async () => {
      const result = await parse(fileOf(QR_COUNTER_COLUMNS.slice(0, 14), {}, REFUND));
      expect(result.rejected).toEqual([]);
      expect(result).toEqual(await full());
    });

    it('reads 決済番号 as 取引番号, the columns in any order, and ignores columns it does not know', async () => {
      const columns = ['決済番号', '備考', ...[...QR_COUNTER_COLUMNS.slice(1)].reverse()];
      expect(await parse(fileOf(columns, {}, REFUND))).toEqual(await full());
    });

    it('reads a file of the required columns alone, with no provider when 加盟店ID is not exported', async () => {
      const { rows, rejected, summary } = await parse(fileOf(['取引番号', '取引ステータス', '取引日時', '取引金額', '加盟店決済ID'], {}));
      expect(rejected).toEqual([]);
      expect(rows[0].row).toMatchObject({ pairingKey: `qr:${PAYMENT.取引番号}`, amount: 450, providerCode: null });
      expect(summary?.providerCode).toBeNull();
    });

    it('refuses a file whose line breaks are CR alone or lost: its one line names the columns and holds values', async () => {
      const crOnly = Buffer.from(cp932File(csvLine()).toString('latin1').replace(/\n/g, ''), 'latin1');
      expect((await parse(crOnly)).refused).toMatch(/列名ではない値: .* \/ .*values, not column names/);
      const noBreaks = Buffer.from(cp932File(csvLine()).toString('latin1').replace(/\r\n/g, ''), 'latin1');
      expect((await parse(noBreaks)).refused).toContain('values, not column names: 437118503212349184,2026/11/24 14:21:40,450)');
    });

    it('refuses a header that misses a required column or names one twice', async () => {
      const without = QR_COUNTER_COLUMNS.filter((column) => column !== '取引日時');
      expect((await parse(fileOf(without, {}))).refused).toContain('missing columns: 取引日時');
      expect((await parse(fileOf(['決済番号', ...QR_COUNTER_COLUMNS], {}))).refused).toContain('repeated columns: 取引番号');
    });
  });

  it('rejects a 取引番号 that Excel turned into a number, naming Excel', async () => {
    const excel = expect.objectContaining({ field: '取引番号', message: expect.stringContaining('Excelで数値に変換されています') });
    expect(await errorsOf({ 取引番号: '4.19666E+18' })).toEqual([excel]);
  });

  it('reads a 取引日時 whose hour Excel wrote with one digit, with a warning', async () => {
    const { rows, warnings } = await parse(cp932File(csvLine({ 取引日時: '2026/11/24 9:21:40' })));
    expect(rows[0].row).toMatchObject({ paidOn: '2026-11-24', paidTime: '09:21:40' });
    expect(warnings).toEqual([expect.objectContaining({ line: 2, field: '取引日時', message: expect.stringContaining('Excel') })]);
  });
});
