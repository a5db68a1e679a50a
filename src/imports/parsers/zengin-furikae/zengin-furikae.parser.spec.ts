import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseBuffer } from '../framing';
import {
  barcode,
  billNumber,
  dataRecord as konbiniData,
  endRecord as konbiniEnd,
  fixedFile,
  headerRecord as konbiniHeader,
  num,
  text,
  trailerRecord as konbiniTrailer,
} from '../konbini/fixtures/konbini.records';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import type { PaymentRow, SourceRecord } from '../parser.types';
import { dataRecord, endRecord, headerRecord, trailerFor, trailerRecord, type DataSpec } from './fixtures/furikae.records';
import { maskPayerName, zenginFurikaeParser } from './zengin-furikae.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(zenginFurikaeParser, buf, ctx);
const rowsOf = (result: { rows: { row: PaymentRow }[] }) => result.rows.map(({ row }) => row);

const BILL = billNumber('04', '26', '05', 1111);
const BAD_BILL = BILL.slice(0, 15) + String((Number(BILL[15]) + 1) % 10);
const debited: DataSpec = { customerNo: `0000${BILL}`, amount: 31400, result: '0', name: 'ﾀﾙﾐｽﾞ ﾀﾛｳ' };
const failed: DataSpec = { customerNo: `0000${billNumber('06', '26', '05', 2468)}`, amount: 4200, result: '1', name: 'ｳｼﾈ ｼﾞﾛｳ' };
const header = headerRecord({ debitDate: '1125' });

/** A whole file around `data`: header, data, a trailer that agrees with it, end record. */
function wellFormed(data: DataSpec[], lineEnd: '\r\n' | '\n' | '' = '\r\n', head: Buffer = header): Buffer {
  return fixedFile([head, ...data.map(dataRecord), trailerFor(data), endRecord()], lineEnd);
}

describe('zengin-furikae parser', () => {
  it('reads the committed real-shaped 口座振替結果 as its golden result', async () => {
    const result = await parse(readFileSync(fixture('furikae-1125.dat')));
    expect(result.rejected).toEqual([]);
    expect(result.summary?.controlIssues).toEqual([]);
    expect(rowsOf(result).map((row) => row.kind)).toEqual(['final', 'final', 'failed_debit', 'failed_debit', 'final', 'failed_debit']);
    expectGolden(result, fixture('furikae-1125.golden.json'));
  });

  it('reads 振替結果コード 0 into a final direct-debit payment with every field', async () => {
    const { rows, rejected, warnings, summary } = await parse(wellFormed([debited]));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          kind: 'final',
          pairingKey: `furikae:${BILL}:20261125`,
          channel: 'direct_debit',
          providerCode: '4621440001',
          billNumber: BILL,
          referenceValid: true,
          paymentRef: null,
          paidOn: '2026-11-25',
          paidTime: null,
          amount: 31400,
          depositDueOn: null,
          incomeOn: '2026-11-25',
          expectsPreliminary: false,
          categoryCode: null,
          resultCode: '0',
          payerNameMasked: 'ﾀ＊',
        },
      },
    ]);
    expect(summary).toMatchObject({ providerCode: '4621440001', dataCreatedOn: null, controlIssues: [] });
  });

  it.each(['1', '2', '3', '4', '8', '9'])(
    'keeps 振替結果コード %s as a failed debit, not a payment, and counts it as 振替不能',
    async (code) => {
      const { rows, summary } = await parse(wellFormed([debited, { ...failed, result: code }]));
      expect(rows[1].row).toMatchObject({
        kind: 'failed_debit',
        resultCode: code,
        amount: 4200,
        paidOn: '2026-11-25',
        channel: 'direct_debit',
      });
      expect(summary?.controlIssues).toEqual([]);
      expect(summary?.controls).toEqual([
        { name: '合計件数', expected: 2, actual: 2 },
        { name: '合計金額', expected: 35600, actual: 35600 },
        { name: '振替済件数', expected: 1, actual: 1 },
        { name: '振替済金額', expected: 31400, actual: 31400 },
        { name: '振替不能件数', expected: 1, actual: 1 },
        { name: '振替不能金額', expected: 4200, actual: 4200 },
      ]);
    },
  );

  it.each(['5', '6', '7', 'A', ' '])('rejects 振替結果コード %p', async (code) => {
    const { rows, rejected } = await parse(wellFormed([{ ...debited, result: code }]));
    expect(rows).toEqual([]);
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '振替結果コード', message: `振替結果コードが不正です: ${code} / unknown 振替結果コード: ${code}` },
    ]);
  });

  describe('引落日, which has no year', () => {
    const paidOn = async (mmdd: string, receivedOn: string) =>
      rowsOf(await parse(wellFormed([debited], '\r\n', headerRecord({ debitDate: mmdd })), testContext({ receivedOn })))[0].paidOn;

    it('is the last such day before a file received in the new year: 1227 received 2027-01-05 is 2026-12-27', async () => {
      expect(await paidOn('1227', '2027-01-05')).toBe('2026-12-27');
    });

    it('is the day the file arrived when that is the day', async () => {
      expect(await paidOn('1227', '2026-12-27')).toBe('2026-12-27');
    });

    it('is in the year the file arrived when that day has passed: 1125 received 2026-11-26 is 2026-11-25', async () => {
      expect(await paidOn('1125', '2026-11-26')).toBe('2026-11-25');
    });

    it('goes back to the last leap year for 0229', async () => {
      expect(await paidOn('0229', '2026-11-26')).toBe('2024-02-29');
    });

    it('gives the pairing key its resolved year', async () => {
      const [row] = rowsOf(
        await parse(wellFormed([debited], '\r\n', headerRecord({ debitDate: '1227' })), testContext({ receivedOn: '2027-01-05' })),
      );
      expect(row.pairingKey).toBe(`furikae:${BILL}:20261227`);
    });

    it('refuses a file whose first header has no month and day for 引落日: nothing could be dated', async () => {
      const { rows, refused } = await parse(wellFormed([debited], '\r\n', headerRecord({ debitDate: '0230' })));
      expect(rows).toEqual([]);
      expect(refused).toMatch(
        /^1件目のヘッダーレコードの引落日が不正です: 0230。zengin-furikae.* \/ the first header record's 引落日 is not valid: 0230;/,
      );
    });

    it('rejects a later header whose 引落日 is no month and day, and then every debit it would have dated', async () => {
      const later = [headerRecord({ debitDate: '0230' }), dataRecord(debited), trailerFor([debited])];
      const file = fixedFile([header, dataRecord(failed), trailerFor([failed]), ...later, endRecord()], '\r\n');
      const { rows, rejected, summary } = await parse(file);
      expect(rows.map(({ line }) => line)).toEqual([2]);
      expect(rejected.map(({ line, errors }) => [line, errors])).toEqual([
        [
          4,
          [{ line: 4, field: '引落日', message: '引落日が月日（MMDD）ではありません: 0230 / 引落日 is not a month and day (MMDD): 0230' }],
        ],
        [
          5,
          [
            {
              line: 5,
              field: '引落日',
              message: '引落日が分かりません（ヘッダーレコードがありません） / 引落日 unknown (no header record)',
            },
          ],
        ],
      ]);
      expect(summary?.controlIssues.map(({ field }) => field)).toEqual([
        'ヘッダーレコード',
        '合計件数',
        '合計金額',
        '振替済件数',
        '振替済金額',
      ]);
    });
  });

  describe('the 預金者名, personal data', () => {
    it('keeps only its first character and ＊, and the whole name nowhere in the rows', async () => {
      const result = await parse(wellFormed([debited, failed]));
      expect(rowsOf(result).map((row) => row.payerNameMasked)).toEqual(['ﾀ＊', 'ｳ＊']);
      const json = JSON.stringify(result);
      expect(json).not.toContain('ﾀﾙﾐｽﾞ ﾀﾛｳ');
      expect(json).not.toContain('ｳｼﾈ');
    });

    it('masks full-width names and trims their padding; an empty name is none', () => {
      expect(maskPayerName('　タルミズ　タロウ　')).toBe('タ＊');
      expect(maskPayerName(' '.repeat(30))).toBeNull();
    });

    /** A record as the framing gives it. */
    const recordOf = (bytes: Buffer, line = 2): SourceRecord => ({
      line,
      offset: 0,
      bytes,
      size: bytes.length,
      raw: iconv.decode(bytes, 'cp932'),
    });

    it('is masked in the bytes kept for each data record, which keep their 120 bytes', () => {
      const bytes = dataRecord(debited);
      const redacted = zenginFurikaeParser.redactRaw!(recordOf(bytes));
      expect(redacted).toHaveLength(120);
      expect(iconv.decode(redacted, 'cp932')).not.toContain('ﾀﾙﾐｽﾞ ﾀﾛｳ');
      expect(redacted.subarray(50, 80)).toEqual(text('ﾀ＊', 30));
      expect(redacted).toEqual(dataRecord({ ...debited, name: 'ﾀ＊' }));
    });

    it('is masked in a data record that is too short, and other records are kept as they are', () => {
      const short = dataRecord({ ...debited, name: 'ｶﾝﾉﾔ ﾊﾅｺ' }).subarray(0, 60);
      const redacted = zenginFurikaeParser.redactRaw!(recordOf(short));
      expect(redacted).toHaveLength(60);
      expect(iconv.decode(redacted, 'cp932')).toMatch(/ｶ＊ +$/);
      expect(zenginFurikaeParser.redactRaw!(recordOf(header, 1))).toEqual(header);
    });
  });

  it('keeps a debit whose 納付番号 check digit fails, with referenceValid false', async () => {
    const { rows, rejected } = await parse(wellFormed([{ ...debited, customerNo: `0000${BAD_BILL}` }]));
    expect(rejected).toEqual([]);
    expect(rows[0].row).toMatchObject({ billNumber: BAD_BILL, referenceValid: false, kind: 'final' });
  });

  it('keeps a 顧客番号 that does not start with 0000, with an invalid reference and a warning', async () => {
    const { rows, warnings } = await parse(wellFormed([{ ...debited, customerNo: `1234${BILL}` }]));
    expect(rows[0].row).toMatchObject({ billNumber: BILL, referenceValid: false });
    expect(warnings).toEqual([
      {
        line: 2,
        field: '顧客番号',
        message: `顧客番号が0000で始まりません: 1234${BILL}（納付番号として照合できません） / 顧客番号 does not start with 0000: 1234${BILL} (cannot be matched as a 納付番号)`,
      },
    ]);
  });

  it('rejects a 顧客番号 that is not 20 digits and an 引落金額 that is not a positive number, listing both', async () => {
    const { rejected } = await parse(wellFormed([{ ...debited, customerNo: BILL, amount: '00000A3140' }]));
    expect(rejected[0].errors).toEqual([
      {
        line: 2,
        field: '引落金額',
        message: '引落金額が正の整数ではありません: 00000A3140 / 引落金額 is not a positive whole number: 00000A3140',
      },
      { line: 2, field: '顧客番号', message: `顧客番号が20桁の数字ではありません: ${BILL}     / 顧客番号 is not 20 digits: ${BILL}    ` },
    ]);
  });

  it('rejects an 引落金額 of zero', async () => {
    const { rejected } = await parse(wellFormed([{ ...debited, amount: 0 }]));
    expect(rejected[0].errors).toEqual([expect.objectContaining({ field: '引落金額' })]);
  });

  it('rejects a record whose 振替結果コード is a byte CP932 cannot read, naming the encoding', async () => {
    const record = Buffer.from(dataRecord(debited));
    record[111] = 0xfd;
    const { rejected } = await parse(fixedFile([header, record, trailerFor([debited]), endRecord()], '\r\n'));
    expect(rejected[0].errors).toEqual([
      {
        line: 2,
        field: '振替結果コード',
        message:
          '振替結果コードに読めない文字があります（文字コードを確認してください）: \uFFFD / 振替結果コード holds characters that could not be decoded (check the encoding): \uFFFD',
      },
    ]);
  });

  it('gives a second debit of the same bill on the same day a key of its own, with a warning', async () => {
    const { rows, warnings } = await parse(wellFormed([debited, debited]));
    expect(rowsOf({ rows }).map((row) => row.pairingKey)).toEqual([`furikae:${BILL}:20261125`, `furikae:${BILL}:20261125#2`]);
    expect(warnings).toEqual([
      {
        line: 3,
        field: '顧客番号',
        message:
          '同じ顧客番号・引落日の振替がこのファイルで2件目です（別の振替として取り込みます） / debit #2 in this file with the same 顧客番号 and 引落日 (imported as a debit of its own)',
      },
    ]);
  });

  it('reads CRLF, LF and back-to-back records as the same rows', async () => {
    const data = [debited, failed];
    const crlf = await parse(wellFormed(data, '\r\n'));
    expect(crlf.rows).toHaveLength(2);
    expect(await parse(wellFormed(data, '\n'))).toEqual(crlf);
    expect(await parse(wellFormed(data, ''))).toEqual(crlf);
    expect(crlf.summary?.controlIssues).toEqual([]);
  });

  it('rejects short and long records with their line numbers and still reads the others', async () => {
    const records = [
      header,
      dataRecord(debited).subarray(0, 119),
      Buffer.concat([dataRecord(failed), Buffer.from(' ')]),
      dataRecord(failed),
      trailerFor([failed]),
      endRecord(),
    ];
    const { rows, rejected, summary } = await parse(fixedFile(records, '\r\n'));
    expect(rows.map(({ line }) => line)).toEqual([4]);
    expect(rejected.map(({ line, errors }) => ({ line, errors }))).toEqual([
      {
        line: 2,
        errors: [{ line: 2, field: 'レコード長', message: 'レコード長が120バイトではありません: 119バイト / expected 120 bytes, got 119' }],
      },
      {
        line: 3,
        errors: [{ line: 3, field: 'レコード長', message: 'レコード長が120バイトではありません: 121バイト / expected 120 bytes, got 121' }],
      },
    ]);
    expect(summary?.controlIssues).toEqual([]);
  });

  describe('controls', () => {
    it('flags every trailer total that disagrees, on the trailer line, and keeps the rows', async () => {
      const trailer = trailerRecord({ total: [2, 35600], debited: [2, 35600], failed: [0, 0] });
      const { rows, summary } = await parse(fixedFile([header, dataRecord(debited), dataRecord(failed), trailer, endRecord()], '\r\n'));
      expect(rows).toHaveLength(2);
      expect(summary?.controlIssues).toEqual([
        {
          line: 4,
          field: '振替済件数',
          message:
            '振替済件数がデータレコードの合計と一致しません: トレーラー 2, データ 1 / 振替済件数 does not match the data records: trailer 2, records 1',
        },
        {
          line: 4,
          field: '振替済金額',
          message:
            '振替済金額がデータレコードの合計と一致しません: トレーラー 35600, データ 31400 / 振替済金額 does not match the data records: trailer 35600, records 31400',
        },
        {
          line: 4,
          field: '振替不能件数',
          message:
            '振替不能件数がデータレコードの合計と一致しません: トレーラー 0, データ 1 / 振替不能件数 does not match the data records: trailer 0, records 1',
        },
        {
          line: 4,
          field: '振替不能金額',
          message:
            '振替不能金額がデータレコードの合計と一致しません: トレーラー 0, データ 4200 / 振替不能金額 does not match the data records: trailer 0, records 4200',
        },
      ]);
      expect(summary?.controls).toContainEqual({ name: '振替不能金額', expected: 0, actual: 4200 });
    });

    it('counts only accepted data records against the trailer', async () => {
      const { summary } = await parse(
        fixedFile(
          [header, dataRecord(debited), dataRecord({ ...debited, result: '7' }), trailerFor([debited, debited]), endRecord()],
          '\r\n',
        ),
      );
      expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['合計件数', '合計金額', '振替済件数', '振替済金額']);
    });

    it('flags a missing trailer and end record, and still returns the rows', async () => {
      const { rows, summary } = await parse(fixedFile([header, dataRecord(debited)], '\r\n'));
      expect(rows).toHaveLength(1);
      expect(summary?.controlIssues).toEqual([
        {
          line: 1,
          field: 'トレーラーレコード',
          message: 'トレーラーレコードがありません（1行目からのグループ） / trailer record missing for the group starting at line 1',
        },
        { line: null, field: 'エンドレコード', message: 'エンドレコードがありません / end record missing' },
      ]);
      expect(summary?.controls).toContainEqual({ name: '振替済金額', expected: null, actual: 31400 });
    });

    it('refuses a file without a header, whose debits nothing could date', async () => {
      const { rows, refused } = await parse(fixedFile([dataRecord(debited), trailerFor([debited]), endRecord()], '\r\n'));
      expect(rows).toEqual([]);
      expect(refused).toMatch(
        /^1件目のレコードがヘッダーレコードではありません: 2.*（引落日はヘッダーレコードにあります）。zengin-furikae/,
      );
    });

    it('refuses an empty file, and reads header, trailer and end alone as an empty delivery', async () => {
      expect((await parse(Buffer.alloc(0))).refused).toMatch(/^ファイルにレコードがありません/);
      expect(await parse(wellFormed([]))).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
    });

    it('flags records after the end record and still reads them', async () => {
      const file = Buffer.concat([wellFormed([debited]), fixedFile([headerRecord({ debitDate: '1124' }), dataRecord(failed)], '\r\n')]);
      const { rows, summary } = await parse(file);
      expect(rows).toHaveLength(2);
      expect(summary?.controlIssues).toContainEqual({
        line: 5,
        field: 'エンドレコード',
        message: 'エンドレコードの後にレコードがあります: 2件 / 2 record(s) after the end record',
      });
    });

    it('rejects an end record whose filler is not blank, and flags the end record as missing', async () => {
      const end = Buffer.from(endRecord());
      end.write('90000', 60, 'latin1');
      const { rejected, summary } = await parse(fixedFile([header, dataRecord(debited), trailerFor([debited]), end], '\r\n'));
      expect(rejected.map(({ line, errors }) => [line, errors.map(({ field }) => field)])).toEqual([[4, ['フィラー']]]);
      expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['エンドレコード']);
    });

    it('rejects a trailer whose counts are not digits and flags its group as having no trailer', async () => {
      const trailer = Buffer.concat([
        text('8', 1),
        text('ABCDEF', 6),
        num(31400, 12),
        num(1, 6),
        num(31400, 12),
        num(0, 6),
        num(0, 12),
        text('', 65),
      ]);
      const { rejected, summary } = await parse(fixedFile([header, dataRecord(debited), trailer, endRecord()], '\r\n'));
      expect(rejected[0].errors).toEqual([
        { line: 3, field: '合計件数', message: '合計件数が数字ではありません: ABCDEF / 合計件数 is not a number: ABCDEF' },
      ]);
      expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['トレーラーレコード']);
    });

    it('reads several groups, each with its 委託者コード and 引落日, naming their controls by group', async () => {
      const records = [
        headerRecord({ debitDate: '1125', consignorCode: '4621440001' }),
        dataRecord(debited),
        trailerFor([debited]),
        headerRecord({ debitDate: '1120', consignorCode: '4621440002' }),
        dataRecord(failed),
        trailerFor([failed]),
        headerRecord({ debitDate: '1110', consignorCode: '4621440002' }),
        trailerFor([]),
        endRecord(),
      ];
      const { rows, summary } = await parse(fixedFile(records, '\r\n'));
      expect(rowsOf({ rows }).map((row) => [row.providerCode, row.paidOn])).toEqual([
        ['4621440001', '2026-11-25'],
        ['4621440002', '2026-11-20'],
      ]);
      expect(summary).toMatchObject({ providerCode: '4621440002', controlIssues: [] });
      expect(summary?.controls.map(({ name }) => name)).toEqual(
        [1, 2, 3].flatMap((group) =>
          ['合計件数', '合計金額', '振替済件数', '振替済金額', '振替不能件数', '振替不能金額'].map((name) => `${name} #${group}`),
        ),
      );
    });
  });

  describe('a file that is not 口座振替結果', () => {
    it('is refused when its header carries another 種別コード (21, 総合振込)', async () => {
      const result = await parse(wellFormed([debited], '\r\n', headerRecord({ debitDate: '1125', kind: '21' })));
      expect(result.rows).toEqual([]);
      expect(result.refused).toBe(
        'ヘッダーレコードの種別コードが91ではありません: 21。zengin-furikae（全銀 口座振替結果, 種別コード 91, 120バイト固定長）のファイルではありません / ' +
          "the header's 種別コード is not 91: 21; " +
          'this is not a zengin-furikae (全銀 account transfer results, 種別コード 91, 120-byte fixed length) file',
      );
    });

    it('is refused when a later group’s header carries another 種別コード', async () => {
      const file = fixedFile(
        [header, dataRecord(debited), trailerFor([debited]), headerRecord({ debitDate: '1125', kind: '92' }), endRecord()],
        '\r\n',
      );
      expect((await parse(file)).refused).toContain('種別コードが91ではありません: 92');
    });

    it('is refused when it is a 収納代行 konbini file', async () => {
      const code = barcode({ billNumber: BILL, amount: 31400 });
      const konbini = fixedFile(
        [
          konbiniHeader({ createdOn: '20261126' }),
          konbiniData({ kind: '01', paidOn: '20261125', time: '1015', barcode: code }),
          konbiniTrailer({ preliminary: [1, 31400], final: [0, 0], cancel: [0, 0] }),
          konbiniEnd(4),
        ],
        '\r\n',
      );
      expect((await parse(konbini)).refused).toContain('種別コードが91ではありません: 20');
    });

    it('is refused when it is a CSV', async () => {
      const csv = iconv.encode(
        '収納日,金融機関コード,支店コード,納付番号,科目コード,金額,払込日,取消区分\r\n20261125,0182,141,0426050000011111,04,31400,20261127,0\r\n',
        'cp932',
      );
      expect((await parse(csv)).refused).toBe(
        '1件目のレコードが全銀形式のレコードではありません: 収納日,金融機関コード,支店コード,納付…。' +
          'zengin-furikae（全銀 口座振替結果, 種別コード 91, 120バイト固定長）のファイルではありません / ' +
          'the first record is not a 全銀 record: 収納日,金融機関コード,支店コード,納付…; ' +
          'this is not a zengin-furikae (全銀 account transfer results, 種別コード 91, 120-byte fixed length) file',
      );
    });

    it('is refused when its コード区分 is not 0 (1: EBCDIC), naming the field', async () => {
      const ebcdic = Buffer.from(header);
      ebcdic[3] = 0x31;
      expect((await parse(wellFormed([debited], '\r\n', ebcdic))).refused).toBe(
        'ヘッダーレコードのコード区分が0（JIS）ではありません: 1（1 は EBCDIC）。zengin-furikae（全銀 口座振替結果, 種別コード 91, 120バイト固定長）のファイルではありません' +
          " / the header's コード区分 is not 0 (JIS): 1 (1 is EBCDIC);" +
          ' this is not a zengin-furikae (全銀 account transfer results, 種別コード 91, 120-byte fixed length) file',
      );
    });

    it('is refused when it is the request (請求) itself: data records, and a trailer with 振替済件数 and 振替不能件数 0', async () => {
      const result = await parse(readFileSync(join(__dirname, '..', 'fixtures', 'zengin', 'zengin91-request.dat')));
      expect(result.rows).toEqual([]);
      expect(result.refused).toBe(
        '依頼データです。結果データを取り込んでください（9行目のトレーラーレコードの振替済件数・振替不能件数がともに0で、データレコードが7件あります）' +
          ' / this is request data (口座振替請求), not results: import the result data' +
          ' (the trailer on line 9 gives 振替済件数 and 振替不能件数 0 for 7 data record(s))',
      );
    });

    it('reads the result of the same debits, from the same 委託者', async () => {
      const file = readFileSync(join(__dirname, '..', 'fixtures', 'zengin', 'zengin91-result.dat'));
      const result = await parse(file, testContext({ receivedOn: '2026-06-30' }));
      expect(result).toMatchObject({ refused: null, rejected: [], summary: { controlIssues: [], providerCode: '4620100001' } });
      const kinds = ['final', 'final', 'failed_debit', 'final', 'failed_debit', 'final', 'final', 'failed_debit'];
      expect(rowsOf(result).map((row) => row.kind)).toEqual(kinds);
    });
  });
});
