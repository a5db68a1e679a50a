import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { isValidBarcode } from '../../../common/check-digit';
import { parseBuffer } from '../framing';
import { barcode, billNumber, dataRecord, endRecord, fixedFile, headerRecord, trailerRecord } from '../konbini/fixtures/konbini.records';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import { konbiniParser } from '../konbini/konbini.parser';
import type { PaymentRow } from '../parser.types';
import { KONBINI_CSV_COLUMNS, konbiniCsvParser } from './konbini-csv.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
// The real files of shimoning/dsk-cvs (MIT), copied unchanged into fixtures/real (its README.md).
const realSample = (name: string) => join(__dirname, 'fixtures', 'real', name);
const parse = (buf: Buffer, ctx = testContext()) => parseBuffer(konbiniCsvParser, buf, ctx);
const rowsOf = (result: { rows: { row: PaymentRow }[] }) => result.rows.map(({ row }) => row);

const HEADER = KONBINI_CSV_COLUMNS.join(',');
const BILL = billNumber('02', '26', '03', 123);
const CODE = barcode({ billNumber: BILL, amount: 12300 });

interface LineSpec {
  kind?: string;
  paidOn?: string;
  time?: string;
  barcode?: string;
  amount?: string;
  cvs?: string;
  store?: string;
  transfer?: string;
  createdOn?: string;
}

function csvLine({
  kind = '01',
  paidOn = '20261125',
  time = '1015',
  barcode = `EAN${CODE}`,
  amount = '12300',
  cvs = '010',
  store = '0123456',
  transfer = '0',
  createdOn = '20261126',
}: LineSpec = {}): string {
  return [kind, paidOn, time, barcode, '00001', BILL, '0', amount, cvs, '"セブン－イレブン"', store, transfer, createdOn].join(',');
}

/** A CP932, CRLF file: the header, then the lines. */
const csvFile = (...lines: string[]) => iconv.encode([HEADER, ...lines].map((line) => `${line}\r\n`).join(''), 'cp932');

describe('konbini-csv parser', () => {
  it('reads the committed real-shaped file as its golden result', async () => {
    const result = await parse(readFileSync(fixture('konbini-csv-20261126.csv')));
    expect(result.rejected).toEqual([]);
    expect(rowsOf(result).every((row) => row.referenceValid)).toBe(true);
    expectGolden(result, fixture('konbini-csv-20261126.golden.json'));
  });

  describe('the real dsk-cvs test.csv', () => {
    const load = () => parse(readFileSync(realSample('test.csv')));

    it('reads all 16 lines and rejects none', async () => {
      const result = await load();
      expect(result.refused).toBeNull();
      expect(result.rejected).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.rows).toHaveLength(16);
      expectGolden(result, fixture('dsk-cvs-test.golden.json'));
    });

    it('reads 01×6 preliminary, 02×5 final, 03×1 cancel, 12×2 final and 22×2 correction', async () => {
      const lines = iconv
        .decode(readFileSync(realSample('test.csv')), 'cp932')
        .split('\r\n')
        .slice(1, 17);
      const rows = rowsOf(await load());
      const summary = rows.map((row, i) => `${lines[i].slice(0, 2)}:${row.kind}:${row.expectsPreliminary}`);
      const count = (entry: string) => summary.filter((s) => s === entry).length;
      expect(count('01:preliminary:true')).toBe(6);
      expect(count('02:final:true')).toBe(5);
      expect(count('03:cancel:true')).toBe(1);
      expect(count('12:final:false')).toBe(2);
      expect(count('22:correction:false')).toBe(2);
    });

    it('holds 10 payments: 6 store payments and 4 post-office payments, by pairing key', async () => {
      const rows = rowsOf(await load());
      const keys = new Set(rows.map((row) => row.pairingKey));
      expect(keys.size).toBe(10);
      expect([...keys].filter((key) => key.startsWith('konbini:'))).toHaveLength(6);
      expect([...keys].filter((key) => key.startsWith('konbini-post:'))).toHaveLength(4);
      // Each 02 and the 03 pair with an earlier 01.
      const preliminaryKeys = new Set(rows.filter((row) => row.kind === 'preliminary').map((row) => row.pairingKey));
      expect(
        rows
          .filter((row) => row.kind === 'final' || row.kind === 'cancel')
          .filter((row) => row.expectsPreliminary)
          .every((row) => preliminaryKeys.has(row.pairingKey)),
      ).toBe(true);
    });

    it('flags every reference invalid: the barcodes verify but the customer fields are not 納付番号', async () => {
      const rows = rowsOf(await load());
      expect(rows.every((row) => isValidBarcode(row.paymentRef!))).toBe(true);
      expect(rows.filter((row) => row.referenceValid)).toEqual([]);
    });

    it('reads 910/911 郵便振替 as bank_counter and the stores as convenience_store', async () => {
      const rows = rowsOf(await load());
      expect(rows.filter((row) => row.channel === 'bank_counter').map((row) => row.cvsCode)).toEqual(['911', '910', '911', '910']);
      expect(rows.filter((row) => row.channel === 'convenience_store')).toHaveLength(12);
    });

    it('takes the provider from the barcode and the latest データ作成日', async () => {
      const { rows, summary } = await load();
      expect(new Set(rowsOf({ rows }).map((row) => row.providerCode))).toEqual(new Set(['929023']));
      expect(summary).toEqual({ controlIssues: [], controls: [], providerCode: '929023', dataCreatedOn: '2024-01-17' });
    });
  });

  it('refuses the real syuno.csv, whose header arrived unreadable', async () => {
    const result = await parse(readFileSync(realSample('syuno.csv')));
    expect(result.rows).toEqual([]);
    expect(result.refused).toMatch(/^1行目が konbini-csv のヘッダー行ではありません.* \/ the first line is not the konbini-csv header/);
  });

  it('refuses a file whose header has the right names in another order', async () => {
    const names = [...KONBINI_CSV_COLUMNS];
    [names[1], names[2]] = [names[2], names[1]];
    const result = await parse(iconv.encode(`${names.join(',')}\r\n${csvLine()}\r\n`, 'cp932'));
    expect(result.refused).toContain('konbini-csv');
  });

  it('reads a UTF-8 file with a BOM and LF line ends like the CP932 one', async () => {
    const utf8 = Buffer.from(`\uFEFF${HEADER}\n${csvLine()}\n`, 'utf8');
    expect(await parse(utf8)).toEqual(await parse(csvFile(csvLine())));
  });

  it('reads a 01 into a preliminary payment row with every field', async () => {
    const { rows, warnings } = await parse(csvFile(csvLine()));
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        row: {
          municipalityCode: '462144',
          kind: 'preliminary',
          pairingKey: `konbini:${CODE}:20261125:1015:0123456`,
          channel: 'convenience_store',
          providerCode: '912345',
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
  });

  it('reads 81 リアルデータ like 01', async () => {
    const [row] = rowsOf(await parse(csvFile(csvLine({ kind: '81' }))));
    expect(row).toMatchObject({ kind: 'preliminary', expectsPreliminary: true });
  });

  it('pairs a 02 with its 01, and gives the 02 its 振込日', async () => {
    const [preliminary, final] = rowsOf(await parse(csvFile(csvLine(), csvLine({ kind: '02', transfer: '20261204' }))));
    expect(final).toMatchObject({ kind: 'final', depositDueOn: '2026-12-04', pairingKey: preliminary.pairingKey });
  });

  it('pairs a 03 with the 01 it cancels', async () => {
    const [preliminary, cancel] = rowsOf(await parse(csvFile(csvLine(), csvLine({ kind: '03' }))));
    expect(cancel).toMatchObject({ kind: 'cancel', pairingKey: preliminary.pairingKey });
  });

  it('gives a 速報 in the fixed-length file and its 確報 in the CSV the same pairing key', async () => {
    const fixed = fixedFile(
      [
        headerRecord({ createdOn: '20261126' }),
        dataRecord({ kind: '01', paidOn: '20261125', time: '1015', barcode: CODE, store: '0123456' }),
        trailerRecord({ preliminary: [1, 12300], final: [0, 0], cancel: [0, 0] }),
        endRecord(4),
      ],
      '\r\n',
    );
    const [preliminary] = rowsOf(await parseBuffer(konbiniParser, fixed, testContext()));
    const [final] = rowsOf(await parse(csvFile(csvLine({ kind: '02', transfer: '20261204' }))));
    expect(final.pairingKey).toBe(preliminary.pairingKey);
  });

  it('reads 12 郵便振替 as a final payment that expects no 速報, keyed by barcode and 収納日', async () => {
    const [row] = rowsOf(await parse(csvFile(csvLine({ kind: '12', time: '0000', cvs: '911', store: '091001', transfer: '20261204' }))));
    expect(row).toMatchObject({
      kind: 'final',
      expectsPreliminary: false,
      channel: 'bank_counter',
      pairingKey: `konbini-post:${CODE}:20261125`,
      paidTime: '00:00:00',
      depositDueOn: '2026-12-04',
    });
  });

  it('reads a 22 as a correction of the 12 with the same barcode and 収納日', async () => {
    const post = { time: '0000', cvs: '910', store: '091001', transfer: '20261204' };
    const [original, correction] = rowsOf(
      await parse(csvFile(csvLine({ ...post, kind: '12' }), csvLine({ ...post, kind: '22', amount: '12000' }))),
    );
    expect(correction).toMatchObject({ kind: 'correction', expectsPreliminary: false, amount: 12000, pairingKey: original.pairingKey });
  });

  it('keeps 金額 when it differs from the barcode, with a warning', async () => {
    const { rows, warnings } = await parse(csvFile(csvLine({ amount: '12000' })));
    expect(rows[0].row.amount).toBe(12000);
    expect(warnings).toEqual([
      {
        line: 2,
        field: '金額',
        message:
          "金額がバーコードの支払金額と異なります: 金額 12000, バーコード 12300（金額を採用） / 金額 differs from the barcode's 支払金額: 金額 12000, barcode 12300 (金額 kept)",
      },
    ]);
  });

  it('keeps a row with an unknown コンビニ本部コード as convenience_store, with a warning', async () => {
    const { rows, warnings } = await parse(csvFile(csvLine({ cvs: '999' })));
    expect(rows[0].row).toMatchObject({ channel: 'convenience_store', cvsCode: '999' });
    expect(warnings).toEqual([expect.objectContaining({ line: 2, field: 'コンビニ本部コード' })]);
  });

  it('reads a smartphone-app payment by its コンビニ本部コード', async () => {
    const [row] = rowsOf(await parse(csvFile(csvLine({ cvs: '820', store: '000000' }))));
    expect(row).toMatchObject({ channel: 'smartphone_app', cvsCode: '820' });
  });

  it('keeps a payment whose 納付番号 check digit fails, with referenceValid false', async () => {
    const badBill = BILL.slice(0, 15) + String((Number(BILL[15]) + 1) % 10);
    const { rows, rejected } = await parse(csvFile(csvLine({ barcode: `EAN${barcode({ billNumber: badBill, amount: 12300 })}` })));
    expect(rejected).toEqual([]);
    expect(rows[0].row).toMatchObject({ billNumber: badBill, referenceValid: false });
  });

  it('rejects a line whose column count is not 13, naming both counts, and reads the others', async () => {
    const { rows, rejected } = await parse(csvFile(`${csvLine()},extra`, csvLine({ time: '1100' })));
    expect(rows.map(({ line }) => line)).toEqual([3]);
    expect(rejected[0].errors).toEqual([{ line: 2, field: null, message: '列数が13ではありません: 14列 / expected 13 columns, got 14' }]);
  });

  it('rejects an unknown 種別', async () => {
    const { rejected } = await parse(csvFile(csvLine({ kind: '99' })));
    expect(rejected[0].errors).toEqual([{ line: 2, field: '種別', message: '種別が不正です: 99 / unknown 種別: 99' }]);
  });

  it('rejects a バーコード情報 that is not EAN and 44 digits', async () => {
    const { rejected } = await parse(csvFile(csvLine({ barcode: CODE }), csvLine({ barcode: `EAN${CODE.slice(1)}` })));
    expect(rejected.map(({ line, errors }) => [line, errors[0].field])).toEqual([
      [2, 'バーコード情報'],
      [3, 'バーコード情報'],
    ]);
  });

  it('rejects 収納日 20260230 and a 金額 that is not a number, listing both', async () => {
    const { rejected } = await parse(csvFile(csvLine({ paidOn: '20260230', amount: '"12,300"' })));
    expect(rejected[0].errors).toEqual([
      { line: 2, field: '収納日', message: '収納日が日付ではありません: 20260230 / 収納日 is not a valid date: 20260230' },
      { line: 2, field: '金額', message: '金額が正の整数ではありません: 12,300 / 金額 is not a positive whole number: 12,300' },
    ]);
  });

  it.each(['0', '99999999999999999999'])('rejects 金額 %p: positive whole yen only', async (amount) => {
    const { rows, rejected } = await parse(csvFile(csvLine({ amount })));
    expect(rows).toEqual([]);
    expect(rejected[0].errors).toEqual([expect.objectContaining({ field: '金額' })]);
  });

  it('rejects an impossible 収納時刻, 振込日 or データ作成日', async () => {
    const { rejected } = await parse(
      csvFile(csvLine({ time: '1260' }), csvLine({ kind: '02', transfer: '20261232' }), csvLine({ createdOn: '2026112' })),
    );
    expect(rejected.map(({ errors }) => errors.map(({ field }) => field))).toEqual([['収納時刻'], ['振込日'], ['データ作成日']]);
  });

  it('names the most frequent barcode company as the file provider', async () => {
    const other = `EAN${barcode({ company: '955555', billNumber: BILL, amount: 12300 })}`;
    const { summary } = await parse(csvFile(csvLine({ barcode: other }), csvLine({ time: '1100' }), csvLine({ time: '1200' })));
    expect(summary?.providerCode).toBe('912345');
  });

  it('refuses an empty file, and reads a header row alone as an empty delivery', async () => {
    expect((await parse(Buffer.alloc(0))).refused).toMatch(/^ファイルにレコードがありません/);
    expect(await parse(csvFile())).toMatchObject({ refused: null, rows: [], rejected: [], summary: { controlIssues: [] } });
  });

  describe('a file saved through Excel, which drops leading zeros', () => {
    it('reads 収納時刻 944 and コンビニ本部コード 10 left-padded, as the same payment, with a warning for each', async () => {
      const original = await parse(csvFile(csvLine({ time: '0944' })));
      const { rows, rejected, warnings } = await parse(csvFile(csvLine({ time: '944', cvs: '10' })));
      expect(rejected).toEqual([]);
      expect(rows).toEqual(original.rows);
      expect(warnings).toEqual([
        {
          line: 2,
          field: '収納時刻',
          message:
            '収納時刻が4桁より短いため、先頭に0を補って読みました（Excelで保存したファイル？）: 944 → 0944' +
            ' / 収納時刻 is shorter than 4 digits and was read left-padded with zeros (saved through Excel?): 944 → 0944',
        },
        expect.objectContaining({ line: 2, field: 'コンビニ本部コード', message: expect.stringContaining('10 → 010') }),
      ]);
    });

    it('reads a 郵便振替 収納時刻 of 0 as 0000', async () => {
      const { rows, warnings } = await parse(csvFile(csvLine({ kind: '12', time: '0', cvs: '911', transfer: '20261204' })));
      expect(rows[0].row).toMatchObject({ paidTime: '00:00:00', channel: 'bank_counter' });
      expect(warnings.map(({ field }) => field)).toEqual(['収納時刻']);
    });

    it('still rejects a time that is no time once padded', async () => {
      const { rejected } = await parse(csvFile(csvLine({ time: '961' })));
      expect(rejected[0].errors).toEqual([
        { line: 2, field: '収納時刻', message: '収納時刻が時刻ではありません: 0961 / 収納時刻 is not a valid time: 0961' },
      ]);
    });
  });
});
