import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  joinRecords,
  statementEnd,
  statementEntry,
  statementFile,
  statementHeader,
  statementTrailer,
  statementTrailerFor,
  type StatementEntryFields,
} from '../../../../generator/layouts';
import { expectGolden, testContext } from '../fixtures/test-helpers';
import { parseBuffer } from '../framing';
import type { StatementRow } from '../parser.types';
import { STATEMENT_ENTRIES, STATEMENT_HEADER } from './fixtures/make-fixtures';
import { zenginDepositParser } from './zengin-deposit.parser';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const zengin = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'zengin', name));
const parse = (buf: Buffer) => parseBuffer(zenginDepositParser, buf, testContext());
const rowsOf = (result: { rows: { row: StatementRow }[] }) => result.rows.map(({ row }) => row);
const file = (records: Buffer[], lineEnd: '\r\n' | '\n' | '' = '\r\n') => joinRecords(records, lineEnd);
const credit: StatementEntryFields = {
  referenceNo: 'A0000001',
  bookedOn: '2026-11-25',
  direction: 'credit',
  transactionCode: '11',
  amount: 12_300,
  payerName: 'ﾃﾞﾝｻﾝｼｽﾃﾑ(ｶ',
};

describe('zengin-deposit parser', () => {
  it('reads the committed 入出金取引明細 as its golden result: the account, then every 入金 and 出金', async () => {
    const result = await parse(readFileSync(fixture('statement-1125.dat')));
    expect(result.refused).toBeNull();
    expect(result.rejected).toEqual([]);
    expect(result.summary?.controlIssues).toEqual([]);
    expect(rowsOf(result).map((row) => (row.kind === 'entry' ? row.direction : row.kind))).toEqual([
      'account',
      'credit',
      'credit',
      'debit',
      'credit',
      'credit',
      'debit',
    ]);
    expect(result.summary?.dataCreatedOn).toBe('2026-11-27');
    expectGolden(result, fixture('statement-1125.golden.json'));
  });

  it('reads 和暦 dates, the header account and period, and an entry field by field', async () => {
    const rows = rowsOf(await parse(file(statementFile(STATEMENT_HEADER, [credit]))));
    const account = { bankCode: '0182', branchCode: '141', accountType: '1', accountNo: '0001234567' };
    expect(rows).toEqual([
      {
        kind: 'account',
        municipalityCode: '462144',
        account,
        accountName: 'ﾀﾙﾐｽﾞｼ ｶｲｹｲｶﾝﾘｼｬ',
        createdOn: '2026-11-27',
        coveredFrom: '2026-11-25',
        coveredTo: '2026-11-26',
        openingBalance: 50_000_000,
      },
      {
        kind: 'entry',
        municipalityCode: '462144',
        account,
        referenceNo: 'A0000001',
        bookedOn: '2026-11-25',
        valueOn: '2026-11-25',
        direction: 'credit',
        transactionCode: '11',
        amount: 12_300,
        otherBankAmount: 0,
        payerCode: null,
        payerName: 'ﾃﾞﾝｻﾝｼｽﾃﾑ(ｶ',
        remittingBank: null,
        remittingBranch: null,
        description: null,
        edi: null,
      },
    ]);
  });

  it('reads records with CRLF, LF or no line breaks alike', async () => {
    const records = statementFile(STATEMENT_HEADER, STATEMENT_ENTRIES);
    const crlf = rowsOf(await parse(file(records, '\r\n')));
    expect(rowsOf(await parse(file(records, '\n')))).toEqual(crlf);
    expect(rowsOf(await parse(file(records, '')))).toEqual(crlf);
  });

  it('flags trailer totals, the balance and the end record that disagree, importing every row', async () => {
    const entries = [credit, { ...credit, referenceNo: 'A0000002', direction: 'debit' as const, amount: 500 }];
    const result = await parse(
      file([
        statementHeader(STATEMENT_HEADER),
        ...entries.map(statementEntry),
        statementTrailer({ credits: [1, 12_000], debits: [1, 500], closingBalance: 50_000_000, dataRecords: 2 }),
        statementEnd(9, 2),
      ]),
    );
    expect(result.rows).toHaveLength(3);
    expect(result.summary?.controlIssues.map((issue) => issue.field)).toEqual(['取引後残高', '入金額合計', 'レコード総件数', '口座数']);
  });

  it('imports a statement without header or trailer, flagged, its entries still kept', async () => {
    const result = await parse(file([statementEntry(credit), statementEnd(2, 0)]));
    expect(result.refused).toBeNull();
    expect(rowsOf(result)).toEqual([expect.objectContaining({ kind: 'entry', amount: 12_300 })]);
    expect(result.summary?.controlIssues.map((issue) => issue.field)).toEqual(['ヘッダーレコード', 'トレーラーレコード']);
  });

  it('keeps a statement of no entries as the account and its period (the clock), with no issue', async () => {
    const result = await parse(file(statementFile(STATEMENT_HEADER, [])));
    expect(rowsOf(result).map((row) => row.kind)).toEqual(['account']);
    expect(result.summary?.controlIssues).toEqual([]);
  });

  it('rejects a bad entry with its reasons and keeps the others', async () => {
    const bad = Buffer.from(statementEntry({ ...credit, referenceNo: 'A0000009' }));
    bad.write('3', 21, 'latin1'); // 入払区分
    bad.write('991399', 9, 'latin1'); // 勘定日: no month 13
    const entries = [credit];
    const result = await parse(
      file([statementHeader(STATEMENT_HEADER), statementEntry(credit), bad, statementTrailerFor(entries, 50_000_000), statementEnd(5, 1)]),
    );
    expect(result.rows).toHaveLength(2);
    expect(result.rejected).toEqual([
      expect.objectContaining({
        line: 3,
        errors: [expect.objectContaining({ field: '勘定日' }), expect.objectContaining({ field: '入払区分' })],
      }),
    ]);
  });

  it.each(['zengin91-result.dat', 'zengin91-short.dat'])('refuses the 全銀 種別91 file %s whole', async (name) => {
    const result = await parse(zengin(name));
    expect(result.refused).toMatch(/種別コードが03ではありません/);
    expect(result.rows).toEqual([]);
  });

  it('refuses a header in EBCDIC (コード区分 1) and a first header that is no header', async () => {
    const ebcdic = Buffer.from(statementHeader(STATEMENT_HEADER));
    ebcdic.write('1', 3, 'latin1');
    expect((await parse(file([ebcdic]))).refused).toMatch(/コード区分/);
    const noDate = Buffer.from(statementHeader(STATEMENT_HEADER));
    noDate.write('XXXXXX', 10, 'latin1');
    expect((await parse(file([noDate, statementEntry(credit)]))).refused).toMatch(/勘定日自/);
  });
});
