import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBuffer } from '../framing';
import type { PaymentRow } from '../parser.types';
import {
  barcode,
  billNumber,
  dataRecord,
  endRecord,
  fixedFile,
  headerRecord,
  num,
  text,
  trailerRecord,
  type DataSpec,
} from './fixtures/konbini.records';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import { konbiniParser } from './konbini.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(konbiniParser, buf, ctx);
const rowsOf = (result: { rows: { row: PaymentRow }[] }) => result.rows.map(({ row }) => row);

const BILL = billNumber('02', '26', '03', 123);
const CODE = barcode({ billNumber: BILL, limit: '261225', amount: 12300 });
const sokuho: DataSpec = { kind: '01', paidOn: '20261125', time: '1015', barcode: CODE, store: '0123456', cvs: '000010' };
const kakuho: DataSpec = { ...sokuho, kind: '02', acquiredOn: '20261128', depositDueOn: '20261204' };
const header = headerRecord({ createdOn: '20261126' });

/** A whole file around `data`: header, data, a trailer that agrees with it, end record. */
function wellFormed(data: DataSpec[], lineEnd: '\r\n' | '\n' | '' = '\r\n'): Buffer {
  const sum = (kind: string): [number, number] => {
    const rows = data.filter((d) => d.kind === kind);
    return [rows.length, rows.reduce((total, d) => total + Number(d.barcode.slice(37, 43)), 0)];
  };
  const trailer = trailerRecord({ preliminary: sum('01'), final: sum('02'), cancel: sum('03') });
  return fixedFile([header, ...data.map(dataRecord), trailer, endRecord(data.length + 3)], lineEnd);
}

describe('konbini parser', () => {
  it('reads the committed real-shaped file as its golden result', async () => {
    const result = await parse(readFileSync(fixture('konbini-20261126.dat')));
    expect(result.rejected).toEqual([]);
    expect(result.summary?.controlIssues).toEqual([]);
    expectGolden(result, fixture('konbini-20261126.golden.json'));
  });

  it('reads a 速報 into a preliminary payment row with every field', async () => {
    const { rows, rejected, warnings, summary } = await parse(wellFormed([sokuho]));
    expect(rejected).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          kind: 'preliminary',
          pairingKey: `konbini:${CODE}:20261125:1015:0123456`,
          channel: 'convenience_store',
          providerCode: '12345',
          billNumber: BILL,
          referenceValid: true,
          paymentRef: CODE,
          paidOn: '2026-11-25',
          paidTime: '10:15:00',
          amount: 12300,
          depositDueOn: null,
          incomeOn: null,
          expectsPreliminary: true,
          cvsCode: '010',
          storeCode: '0123456',
        },
      },
    ]);
    expect(summary).toMatchObject({ providerCode: '12345', dataCreatedOn: '2026-11-26', controlIssues: [] });
  });

  it('gives a 速報 and its later 確報 the same pairing key, and the 確報 its 振込予定日', async () => {
    const [preliminary] = rowsOf(await parse(wellFormed([sokuho])));
    const [final] = rowsOf(await parse(wellFormed([kakuho])));
    expect(final.kind).toBe('final');
    expect(final.pairingKey).toBe(preliminary.pairingKey);
    expect(final.depositDueOn).toBe('2026-12-04');
    expect(preliminary.depositDueOn).toBeNull();
  });

  it('reads a 03 as a cancel that shares the pairing key of the 速報 it cancels', async () => {
    const [preliminary, cancel] = rowsOf(await parse(wellFormed([sokuho, { ...sokuho, kind: '03' }])));
    expect(cancel.kind).toBe('cancel');
    expect(cancel.pairingKey).toBe(preliminary.pairingKey);
    expect(cancel.amount).toBe(12300);
  });

  it('keeps a 確報 whose 振込予定日 is zeros with no deposit date', async () => {
    const [final] = rowsOf(await parse(wellFormed([{ ...kakuho, depositDueOn: '00000000' }])));
    expect(final.depositDueOn).toBeNull();
  });

  it('gives different pairing keys to payments that differ only in 収納時刻 or 収納店舗コード', async () => {
    const rows = rowsOf(await parse(wellFormed([sokuho, { ...sokuho, time: '1016' }, { ...sokuho, store: '0123457' }])));
    expect(new Set(rows.map((row) => row.pairingKey)).size).toBe(3);
  });

  it('reads CRLF, LF and back-to-back records as the same rows', async () => {
    const data = [sokuho, kakuho, { ...sokuho, kind: '03' }];
    const crlf = await parse(wellFormed(data, '\r\n'));
    const lf = await parse(wellFormed(data, '\n'));
    const none = await parse(wellFormed(data, ''));
    expect(crlf.rows).toHaveLength(3);
    expect(lf).toEqual(crlf);
    expect(none).toEqual(crlf);
    expect(crlf.summary?.controlIssues).toEqual([]);
  });

  it('ignores a DOS end-of-file mark after the end record', async () => {
    const file = Buffer.concat([wellFormed([sokuho], ''), Buffer.from([0x1a])]);
    const result = await parse(file);
    expect(result.rejected).toEqual([]);
    expect(result.summary?.controlIssues).toEqual([]);
  });

  it('reads a smartphone-app payment (CVSコード 000820, store 0000000) as smartphone_app', async () => {
    const [row] = rowsOf(await parse(wellFormed([{ ...sokuho, cvs: '000820', store: '0000000' }])));
    expect(row).toMatchObject({ channel: 'smartphone_app', cvsCode: '820', storeCode: '0000000' });
    expect(row.pairingKey).toBe(`konbini:${CODE}:20261125:1015:0000000`);
  });

  it('reads 郵便振替 CVSコード 000910 as bank_counter and credit 000680 as credit_card', async () => {
    const rows = rowsOf(
      await parse(
        wellFormed([
          { ...sokuho, cvs: '000910' },
          { ...sokuho, time: '1100', cvs: '000680' },
        ]),
      ),
    );
    expect(rows.map((row) => row.channel)).toEqual(['bank_counter', 'credit_card']);
  });

  it('keeps a row with an unknown CVSコード as convenience_store, with a warning on its line', async () => {
    const { rows, warnings } = await parse(wellFormed([{ ...sokuho, cvs: '000999' }]));
    expect(rows[0].row).toMatchObject({ channel: 'convenience_store', cvsCode: '999' });
    expect(warnings).toEqual([
      {
        line: 2,
        field: 'CVSコード',
        message: 'CVSコードが未登録です: 000999（コンビニとして取り込みます） / unknown CVSコード: 000999 (imported as convenience_store)',
      },
    ]);
  });

  it('reads a channel the city added to its CVSコード table', async () => {
    const ctx = testContext({ cvsChannels: new Map([['999', 'smartphone_app']]) });
    const { rows, warnings } = await parse(wellFormed([{ ...sokuho, cvs: '000999' }]), ctx);
    expect(rows[0].row.channel).toBe('smartphone_app');
    expect(warnings).toEqual([]);
  });

  it('keeps a payment whose 納付番号 check digit fails, with referenceValid false', async () => {
    const badBill = BILL.slice(0, 15) + String((Number(BILL[15]) + 1) % 10);
    const code = barcode({ billNumber: badBill, amount: 12300 });
    const { rows, rejected } = await parse(wellFormed([{ ...sokuho, barcode: code }]));
    expect(rejected).toEqual([]);
    expect(rows[0].row).toMatchObject({ billNumber: badBill, referenceValid: false, paymentRef: code, amount: 12300 });
  });

  it('keeps a payment whose barcode check digit fails, with referenceValid false', async () => {
    const code = CODE.slice(0, 43) + String((Number(CODE[43]) + 1) % 10);
    const { rows } = await parse(wellFormed([{ ...sokuho, barcode: code }]));
    expect(rows[0].row).toMatchObject({ billNumber: BILL, referenceValid: false });
  });

  it('rejects short and long records with their line numbers and still reads the others', async () => {
    const records = [
      header,
      dataRecord(sokuho),
      dataRecord(kakuho).subarray(0, 100),
      Buffer.concat([dataRecord(kakuho), Buffer.from('XYZ')]),
      dataRecord({ ...sokuho, time: '1100' }),
    ];
    const { rows, rejected } = await parse(fixedFile(records, '\r\n'));
    expect(rows.map(({ line }) => line)).toEqual([2, 5]);
    expect(rejected.map(({ line, errors }) => ({ line, errors }))).toEqual([
      {
        line: 3,
        errors: [{ line: 3, field: 'レコード長', message: 'レコード長が120バイトではありません: 100バイト / expected 120 bytes, got 100' }],
      },
      {
        line: 4,
        errors: [{ line: 4, field: 'レコード長', message: 'レコード長が120バイトではありません: 123バイト / expected 120 bytes, got 123' }],
      },
    ]);
  });

  it('rejects a long first record without losing the line breaks of the rest of the file', async () => {
    const records = [
      Buffer.concat([header, Buffer.from('  ')]),
      dataRecord(sokuho),
      trailerRecord({ preliminary: [1, 12300], final: [0, 0], cancel: [0, 0] }),
      endRecord(4),
    ];
    const { rows, rejected } = await parse(fixedFile(records, '\r\n'));
    expect(rejected.map(({ line }) => line)).toEqual([1]);
    expect(rows.map(({ line }) => line)).toEqual([2]);
  });

  it('rejects a short last record of a file without line breaks', async () => {
    const file = Buffer.concat([wellFormed([sokuho], ''), dataRecord(kakuho).subarray(0, 50)]);
    const { rejected } = await parse(file);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 5, errors: [{ field: 'レコード長', message: expect.stringContaining('got 50') }] });
  });

  it('rejects 収納日 20260230, which is no day', async () => {
    const { rows, rejected } = await parse(
      wellFormed([
        { ...sokuho, paidOn: '20260230' },
        { ...sokuho, time: '1100' },
      ]),
    );
    expect(rows.map(({ line }) => line)).toEqual([3]);
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '収納日', message: '収納日が日付ではありません: 20260230 / 収納日 is not a valid date: 20260230' },
    ]);
    expect(rejected[0].raw).toBe(dataRecord({ ...sokuho, paidOn: '20260230' }).toString('latin1'));
  });

  it('rejects a 支払金額 that is not digits', async () => {
    const code = CODE.slice(0, 37) + '12A300' + CODE[43];
    const { rejected } = await parse(wellFormed([{ ...sokuho, barcode: code }]));
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '支払金額', message: '支払金額が数字ではありません: 12A300 / 支払金額 is not a number: 12A300' },
    ]);
  });

  it('rejects a 支払金額 of 0 yen: no payment', async () => {
    const code = barcode({ billNumber: BILL, limit: '261225', amount: 0 });
    const { rows, rejected } = await parse(wellFormed([{ ...sokuho, barcode: code }]));
    expect(rows).toEqual([]);
    expect(rejected[0].errors).toEqual([{ line: 2, field: '支払金額', message: '支払金額が0円です / 支払金額 is 0 yen' }]);
  });

  it('rejects a barcode that is not 44 digits', async () => {
    const code = `${CODE.slice(0, 20)}ｱ${CODE.slice(21)}`;
    const { rejected } = await parse(wellFormed([{ ...sokuho, barcode: code }]));
    expect(rejected[0].errors).toEqual([expect.objectContaining({ field: 'バーコード情報' })]);
  });

  it('rejects an unknown データ種別 and an impossible 収納時刻, listing every problem of the line', async () => {
    const { rejected } = await parse(wellFormed([{ ...sokuho, kind: '04', time: '2460' }]));
    expect(rejected[0].errors).toEqual([
      { line: 2, field: 'データ種別', message: 'データ種別が不正です: 04 / unknown データ種別: 04' },
      { line: 2, field: '収納時刻', message: '収納時刻が時刻ではありません: 2460 / 収納時刻 is not a valid time: 2460' },
    ]);
  });

  it('rejects a 確報 whose 振込予定日 is no date', async () => {
    const { rejected } = await parse(wellFormed([{ ...kakuho, depositDueOn: '20261331' }]));
    expect(rejected[0].errors).toEqual([expect.objectContaining({ field: '振込予定日' })]);
  });

  it('rejects a record with an unknown レコード区分', async () => {
    const odd = Buffer.concat([Buffer.from('5'), header.subarray(1)]);
    const { rejected } = await parse(fixedFile([header, odd], '\r\n'));
    expect(rejected[0].errors).toEqual([
      { line: 2, field: 'レコード区分', message: 'レコード区分が不正です: 5 / unknown レコード区分: 5' },
    ]);
  });

  it('records every trailer comparison, and flags the ones that disagree on the trailer line', async () => {
    const records = [
      header,
      dataRecord(sokuho),
      dataRecord(kakuho),
      trailerRecord({ preliminary: [1, 12300], final: [1, 13300], cancel: [0, 0] }),
      endRecord(5),
    ];
    const { rows, summary } = await parse(fixedFile(records, '\r\n'));
    expect(rows).toHaveLength(2);
    expect(summary?.controlIssues).toEqual([
      {
        line: 4,
        field: '確報金額',
        message:
          '確報金額がデータレコードの合計と一致しません: トレーラー 13300, データ 12300 / 確報金額 does not match the data records: trailer 13300, records 12300',
      },
    ]);
    expect(summary?.controls).toEqual([
      { name: '速報件数', expected: 1, actual: 1 },
      { name: '速報金額', expected: 12300, actual: 12300 },
      { name: '確報件数', expected: 1, actual: 1 },
      { name: '確報金額', expected: 13300, actual: 12300 },
      { name: '取消件数', expected: 0, actual: 0 },
      { name: '取消金額', expected: 0, actual: 0 },
      { name: '総レコード数', expected: 5, actual: 5 },
    ]);
  });

  it('counts only accepted data rows against the trailer', async () => {
    const records = [
      header,
      dataRecord(sokuho),
      dataRecord({ ...sokuho, time: '2500' }),
      trailerRecord({ preliminary: [2, 24600], final: [0, 0], cancel: [0, 0] }),
      endRecord(5),
    ];
    const { summary } = await parse(fixedFile(records, '\r\n'));
    expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['速報件数', '速報金額']);
  });

  it('flags an end record whose 総レコード数 disagrees with the records of the file', async () => {
    const records = [header, dataRecord(sokuho), trailerRecord({ preliminary: [1, 12300], final: [0, 0], cancel: [0, 0] }), endRecord(5)];
    const { summary } = await parse(fixedFile(records, '\r\n'));
    expect(summary?.controlIssues).toEqual([
      {
        line: 4,
        field: '総レコード数',
        message:
          '総レコード数がファイルのレコード数と一致しません: エンドレコード 5, ファイル 4 / 総レコード数 does not match the records of the file: end record 5, file 4',
      },
    ]);
  });

  it('flags a group without a trailer and a file without an end record, and still returns the rows', async () => {
    const { rows, summary } = await parse(fixedFile([header, dataRecord(sokuho), dataRecord(kakuho)], '\r\n'));
    expect(rows).toHaveLength(2);
    expect(summary?.controlIssues).toEqual([
      {
        line: 1,
        field: 'トレーラーレコード',
        message: 'トレーラーレコードがありません（1行目からのグループ） / trailer record missing for the group starting at line 1',
      },
      { line: null, field: 'エンドレコード', message: 'エンドレコードがありません / end record missing' },
    ]);
    expect(summary?.controls).toContainEqual({ name: '速報金額', expected: null, actual: 12300 });
    expect(summary?.controls).toContainEqual({ name: '総レコード数', expected: null, actual: 3 });
  });

  it('flags a missing trailer when the next group or the end record begins', async () => {
    const records = [
      header,
      dataRecord(sokuho),
      header,
      dataRecord(kakuho),
      trailerRecord({ preliminary: [0, 0], final: [1, 12300], cancel: [0, 0] }),
      endRecord(6),
    ];
    const { rows, summary } = await parse(fixedFile(records, '\r\n'));
    expect(rows).toHaveLength(2);
    expect(summary?.controlIssues).toEqual([expect.objectContaining({ line: 1, field: 'トレーラーレコード' })]);
  });

  it('flags data that comes before any header and keeps the rows, with the context municipality', async () => {
    const records = [dataRecord(sokuho), trailerRecord({ preliminary: [1, 12300], final: [0, 0], cancel: [0, 0] }), endRecord(3)];
    const { rows, summary } = await parse(fixedFile(records, '\r\n'), testContext({ municipalityCode: '462012' }));
    expect(rows[0].row).toMatchObject({ municipalityCode: '462012', providerCode: null });
    expect(summary?.controlIssues).toEqual([
      { line: 1, field: 'ヘッダーレコード', message: 'ヘッダーレコードがありません（1行目の前） / header record missing before line 1' },
    ]);
    expect(summary?.providerCode).toBeNull();
    expect(summary?.dataCreatedOn).toBeNull();
  });

  it('flags records after the end record and still reads them', async () => {
    const file = Buffer.concat([wellFormed([sokuho]), fixedFile([header, dataRecord(kakuho)], '\r\n')]);
    const { rows, summary } = await parse(file);
    expect(rows).toHaveLength(2);
    expect(summary?.controlIssues).toContainEqual({
      line: 5,
      field: 'エンドレコード',
      message: 'エンドレコードの後にレコードがあります: 2件 / 2 record(s) after the end record',
    });
  });

  it('refuses a file whose first record has the header type but no real データ作成日: another format (a 全銀 file)', async () => {
    const { rows, refused } = await parse(fixedFile([headerRecord({ createdOn: '20261131' }), dataRecord(sokuho)], '\r\n'));
    expect(rows).toEqual([]);
    expect(refused).toBe(
      '1件目のヘッダーレコードのデータ作成日が不正です: 20261131。konbini（収納代行 収納データ, 120バイト固定長）のファイルではありません' +
        " / the first header record's データ作成日 is not valid: 20261131; this is not a konbini (収納代行 payment data, 120-byte fixed length) file",
    );
  });

  it('treats a later header with no real データ作成日 as rejected, opening no group', async () => {
    const trailer = trailerRecord({ preliminary: [1, 12300], final: [0, 0], cancel: [0, 0] });
    const records = [header, dataRecord(sokuho), trailer, headerRecord({ createdOn: '20261131' }), dataRecord(kakuho)];
    const { rejected, summary } = await parse(fixedFile(records, '\r\n'));
    expect(rejected[0].errors).toEqual([
      {
        line: 4,
        field: 'データ作成日',
        message: 'データ作成日が日付ではありません: 20261131 / データ作成日 is not a valid date: 20261131',
      },
    ]);
    expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['ヘッダーレコード', 'トレーラーレコード', 'エンドレコード']);
  });

  it('rejects a trailer or an end record whose filler is not blank: bytes that merely start with 8 or 9', async () => {
    const trailer = Buffer.from(trailerRecord({ preliminary: [1, 12300], final: [0, 0], cancel: [0, 0] }));
    trailer.write('X', 100, 'latin1');
    const end = Buffer.from(endRecord(4));
    end.write('0,2026/11/25', 20, 'latin1');
    const { rejected, summary } = await parse(fixedFile([header, dataRecord(sokuho), trailer, end], '\r\n'));
    expect(rejected.map(({ errors }) => errors)).toEqual([
      [{ line: 3, field: 'フィラー', message: 'フィラー（56–120バイト目）が空白ではありません / the filler (bytes 56–120) is not blank' }],
      [{ line: 4, field: 'フィラー', message: 'フィラー（8–120バイト目）が空白ではありません / the filler (bytes 8–120) is not blank' }],
    ]);
    expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['トレーラーレコード', 'エンドレコード']);
  });

  it('rejects a trailer whose counts are not digits and flags its group as having no trailer', async () => {
    const trailer = Buffer.concat([
      text('8', 1),
      text('ABCDEF', 6),
      num(12300, 12),
      num(0, 6),
      num(0, 12),
      num(0, 6),
      num(0, 12),
      text('', 65),
    ]);
    const { rejected, summary } = await parse(fixedFile([header, dataRecord(sokuho), trailer, endRecord(4)], '\r\n'));
    expect(rejected[0].errors).toEqual([
      { line: 3, field: '速報件数', message: '速報件数が数字ではありません: ABCDEF / 速報件数 is not a number: ABCDEF' },
    ]);
    expect(summary?.controlIssues.map(({ field }) => field)).toEqual(['トレーラーレコード']);
  });

  it('takes provider and municipality from each group header, and the latest データ作成日 of the file', async () => {
    const records = [
      headerRecord({ createdOn: '20261125', providerCode: '11111', municipalityCode: '462144' }),
      dataRecord(sokuho),
      trailerRecord({ preliminary: [1, 12300], final: [0, 0], cancel: [0, 0] }),
      headerRecord({ createdOn: '20261126', providerCode: '22222', municipalityCode: '      ' }),
      dataRecord(kakuho),
      trailerRecord({ preliminary: [0, 0], final: [1, 12300], cancel: [0, 0] }),
      headerRecord({ createdOn: '20261124', providerCode: '22222', municipalityCode: '462012' }),
      trailerRecord({ preliminary: [0, 0], final: [0, 0], cancel: [0, 0] }),
      endRecord(9),
    ];
    const { rows, summary } = await parse(fixedFile(records, '\r\n'), testContext({ municipalityCode: '462161' }));
    expect(rowsOf({ rows }).map((row) => [row.providerCode, row.municipalityCode])).toEqual([
      ['11111', '462144'],
      ['22222', '462161'],
    ]);
    expect(summary).toMatchObject({ providerCode: '22222', dataCreatedOn: '2026-11-26', controlIssues: [] });
    expect(summary?.controls.map(({ name }) => name)).toEqual([
      ...['速報件数', '速報金額', '確報件数', '確報金額', '取消件数', '取消金額'].map((name) => `${name} #1`),
      ...['速報件数', '速報金額', '確報件数', '確報金額', '取消件数', '取消金額'].map((name) => `${name} #2`),
      ...['速報件数', '速報金額', '確報件数', '確報金額', '取消件数', '取消金額'].map((name) => `${name} #3`),
      '総レコード数',
    ]);
  });

  it('reads full-width padding out of text fields', async () => {
    const [row] = rowsOf(await parse(wellFormed([{ ...sokuho, store: '12345　' }])));
    expect(row.storeCode).toBe('12345');
  });
});
