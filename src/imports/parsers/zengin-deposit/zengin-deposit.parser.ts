import { parseReiwaYymmdd, type IsoDate } from '../../../common/calendar';
import {
  at,
  fieldText as text,
  fillerError,
  FixedSession,
  GroupedFile,
  invalidHeader,
  type Range,
  type TrailerField,
} from '../fixed-width';
import { bilingual, lineError, notDate, notNumber, recordStart, trimSpaces, unreadable } from '../parser-text';
import type {
  FileSummary,
  LineError,
  ParseContext,
  RecordOutcome,
  SourceRecord,
  StatementAccount,
  StatementEntryRow,
  StatementRow,
} from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `zengin-deposit`: 入出金取引明細 of the city's account at the 指定金融機関 (全銀協 種別コード 03), 200-byte fixed
 * length, CP932 (formats.md). Groups of header `1` (one account and the 勘定日 it covers), data `2`…, trailer `8`,
 * then one end record `9`. Dates are 和暦 (令和) YYMMDD. Every 入金 and 出金 is kept as a row; none is a payment.
 * Trailer counts and sums, 取引前残高 + 入金 − 出金 = 取引後残高, the end record's レコード総件数 and 口座数 are
 * checked. A header of another 種別コード or コード区分, or a first header that is no header, refuses the file.
 */

const WIDTH = 200;

const HEADER = {
  kind: at(2, 3),
  codeType: at(4, 4),
  createdOn: at(5, 10),
  coveredFrom: at(11, 16),
  coveredTo: at(17, 22),
  bankCode: at(23, 26),
  branchCode: at(42, 44),
  filler: at(60, 62),
  accountType: at(63, 63),
  accountNo: at(64, 73),
  accountName: at(74, 113),
  overdraft: at(114, 114),
  openingBalance: at(116, 129),
};
const DATA = {
  referenceNo: at(2, 9),
  bookedOn: at(10, 15),
  valueOn: at(16, 21),
  direction: at(22, 22),
  transactionCode: at(23, 24),
  amount: at(25, 36),
  otherBankAmount: at(37, 48),
  payerCode: at(72, 81),
  payerName: at(82, 129),
  remittingBank: at(130, 144),
  remittingBranch: at(145, 159),
  description: at(160, 179),
  edi: at(180, 199),
};
const TRAILER_AT = { overdraft: at(40, 40), closingBalance: at(41, 54), filler: at(62, 200) };
const END = { totalRecords: at(2, 11), accounts: at(12, 16), filler: at(17, 200) };

/** 種別コード of 入出金取引明細. */
const STATEMENT_KIND = '03';
/** コード区分 `0`: JIS (here CP932). */
const JIS = '0';

type Bucket = 'credit' | 'debit' | 'all';
const TRAILER: TrailerField<Bucket>[] = [
  { name: '入金件数', range: at(2, 7), bucket: 'credit', measure: 'count' },
  { name: '入金額合計', range: at(8, 20), bucket: 'credit', measure: 'amount' },
  { name: '出金件数', range: at(21, 26), bucket: 'debit', measure: 'count' },
  { name: '出金額合計', range: at(27, 39), bucket: 'debit', measure: 'amount' },
  { name: 'データレコード件数', range: at(55, 61), bucket: 'all', measure: 'count' },
];

/** What a header says of its group; a group that lost its header has no account and no balance. */
interface GroupInfo {
  account: StatementAccount;
  coveredFrom: IsoDate | null;
  coveredTo: IsoDate | null;
  openingBalance: number | null;
}

const NO_ACCOUNT: StatementAccount = { bankCode: '', branchCode: '', accountType: '', accountNo: '' };

function notStatement(ja: string, en: string): RecordOutcome<StatementRow> {
  return {
    kind: 'refuse',
    message: bilingual(
      `${ja}。zengin-deposit（全銀 入出金取引明細, 種別コード 03, 200バイト固定長）のファイルではありません`,
      `${en}; this is not a zengin-deposit (全銀 入出金取引明細, 種別コード 03, 200-byte fixed length) file`,
    ),
  };
}

/** A balance as signed yen: 貸越区分 `1` means the account is overdrawn by that much. */
function signedBalance(overdraft: string, digits: string): number {
  return overdraft === '1' ? -Number(digits) : Number(digits);
}

/** Optional text: trimmed, null when blank. */
const optional = (value: string): string | null => trimSpaces(value) || null;

class ZenginDepositSession extends FixedSession<StatementRow, GroupInfo, Bucket> {
  private headers = 0;
  private createdOn: IsoDate | null = null;

  constructor(private readonly ctx: ParseContext) {
    super(
      WIDTH,
      new GroupedFile(TRAILER, ['credit', 'debit', 'all'], () => ({
        account: NO_ACCOUNT,
        coveredFrom: null,
        coveredTo: null,
        openingBalance: null,
      })),
    );
  }

  /** A header of another 全銀 種別 or code set anywhere, or a first header of the wrong width: not this format. */
  protected override screen(rec: SourceRecord, type: string, first: boolean): RecordOutcome<StatementRow> | null {
    if (type !== '1') return null;
    const kind = text(rec.bytes, HEADER.kind);
    if (kind !== STATEMENT_KIND && (first || /^\d\d$/.test(kind))) {
      return notStatement(`ヘッダーレコードの種別コードが03ではありません: ${kind}`, `the header's 種別コード is not 03: ${kind}`);
    }
    const codeType = text(rec.bytes, HEADER.codeType);
    if (kind === STATEMENT_KIND && codeType !== JIS) {
      return notStatement(
        `ヘッダーレコードのコード区分が0（JIS）ではありません: ${codeType}`,
        `the header's コード区分 is not 0 (JIS): ${codeType}`,
      );
    }
    if (!first || rec.size === WIDTH) return null;
    return notStatement(
      `1件目のヘッダーレコードが${WIDTH}バイトではありません: ${rec.size}バイト（${recordStart(rec.raw)}…）`,
      `the first header record is not ${WIDTH} bytes: ${rec.size}`,
    );
  }

  override finish(): FileSummary {
    const { controlIssues, controls } = this.file.finish({ name: 'レコード総件数', expected: null, actual: this.file.records });
    return { controlIssues, controls, providerCode: null, dataCreatedOn: this.createdOn };
  }

  private reject(...errors: LineError[]): RecordOutcome<StatementRow> {
    return { kind: 'rejected', errors };
  }

  private date(bytes: Buffer, line: number, field: string, range: Range, errors: LineError[]): IsoDate | null {
    const value = text(bytes, range);
    const date = parseReiwaYymmdd(value);
    if (!date) errors.push(notDate(line, field, value));
    return date;
  }

  protected header(bytes: Buffer, line: number, first: boolean): RecordOutcome<StatementRow> {
    const errors: LineError[] = [];
    const kind = text(bytes, HEADER.kind);
    if (kind !== STATEMENT_KIND) {
      errors.push(lineError(line, '種別コード', `種別コードが03ではありません: ${kind}`, `種別コード is not 03: ${kind}`));
    }
    const createdOn = this.date(bytes, line, '作成日', HEADER.createdOn, errors);
    const coveredFrom = this.date(bytes, line, '勘定日自', HEADER.coveredFrom, errors);
    const coveredTo = this.date(bytes, line, '勘定日至', HEADER.coveredTo, errors);
    const digits: [string, Range, number][] = [
      ['銀行番号', HEADER.bankCode, 4],
      ['支店番号', HEADER.branchCode, 3],
      ['預金種目', HEADER.accountType, 1],
      ['口座番号', HEADER.accountNo, 10],
      ['取引前残高', HEADER.openingBalance, 14],
    ];
    for (const [field, range, width] of digits) {
      const value = text(bytes, range);
      if (!new RegExp(`^\\d{${width}}$`).test(value)) errors.push(notNumber(line, field, value));
    }
    const filler = fillerError(line, bytes, HEADER.filler);
    if (filler) errors.push(filler);
    const accountName = text(bytes, HEADER.accountName);
    const unreadableName = unreadable(line, '口座名', accountName);
    if (unreadableName) errors.push(unreadableName);
    if (coveredFrom && coveredTo && coveredFrom > coveredTo) {
      errors.push(
        lineError(
          line,
          '勘定日至',
          `勘定日至が勘定日自より前です: ${coveredFrom}〜${coveredTo}`,
          `勘定日至 is before 勘定日自: ${coveredFrom} to ${coveredTo}`,
        ),
      );
    }
    if (errors.length || !createdOn || !coveredFrom || !coveredTo) {
      const [error] = errors;
      return invalidHeader(first, error, text(bytes, [0, 30]), notStatement);
    }
    const account: StatementAccount = {
      bankCode: text(bytes, HEADER.bankCode),
      branchCode: text(bytes, HEADER.branchCode),
      accountType: text(bytes, HEADER.accountType),
      accountNo: text(bytes, HEADER.accountNo),
    };
    const openingBalance = signedBalance(text(bytes, HEADER.overdraft), text(bytes, HEADER.openingBalance));
    this.file.open(line, { account, coveredFrom, coveredTo, openingBalance });
    this.headers++;
    if (!this.createdOn || createdOn > this.createdOn) this.createdOn = createdOn;
    return {
      kind: 'row',
      row: {
        kind: 'account',
        municipalityCode: this.ctx.municipalityCode,
        account,
        accountName: trimSpaces(accountName),
        createdOn,
        coveredFrom,
        coveredTo,
        openingBalance,
      },
    };
  }

  protected data(bytes: Buffer, line: number): RecordOutcome<StatementRow> {
    const fields = Object.entries(DATA).map(([name, range]) => [name, text(bytes, range)] as const);
    const unreadableFields = fields.map(([name, value]) => unreadable(line, name, value)).filter((error) => error !== null);
    if (unreadableFields.length) return this.reject(...unreadableFields);
    const value = Object.fromEntries(fields) as Record<keyof typeof DATA, string>;
    const errors: LineError[] = [];
    const referenceNo = trimSpaces(value.referenceNo);
    if (!referenceNo) errors.push(lineError(line, '照会番号', '照会番号がありません', '照会番号 is blank'));
    const bookedOn = this.date(bytes, line, '勘定日', DATA.bookedOn, errors);
    const valueOn = /^0{6}$|^ {6}$/.test(value.valueOn) ? null : this.date(bytes, line, '預入・払出日', DATA.valueOn, errors);
    if (value.direction !== '1' && value.direction !== '2') {
      errors.push(
        lineError(line, '入払区分', `入払区分が1か2ではありません: ${value.direction}`, `入払区分 is not 1 or 2: ${value.direction}`),
      );
    }
    if (!/^\d\d$/.test(value.transactionCode)) errors.push(notNumber(line, '取引区分', value.transactionCode));
    const amount = /^\d{12}$/.test(value.amount) ? Number(value.amount) : 0;
    if (amount <= 0) {
      errors.push(
        lineError(
          line,
          '取引金額',
          `取引金額が正の整数ではありません: ${value.amount}`,
          `取引金額 is not a positive whole number: ${value.amount}`,
        ),
      );
    }
    const otherBank = /^\d{12}$/.test(value.otherBankAmount) ? Number(value.otherBankAmount) : null;
    if (otherBank === null) errors.push(notNumber(line, 'うち他店券金額', value.otherBankAmount));
    if (errors.length || !bookedOn || otherBank === null) return this.reject(...errors);

    const group = this.file.current(line);
    const direction = value.direction === '1' ? 'credit' : 'debit';
    group.totals[direction].count++;
    group.totals[direction].amount += amount;
    group.totals.all.count++;
    const warnings: LineError[] = [];
    if (group.coveredFrom && group.coveredTo && (bookedOn < group.coveredFrom || bookedOn > group.coveredTo)) {
      warnings.push(
        lineError(
          line,
          '勘定日',
          `勘定日がヘッダーの期間外です: ${bookedOn}（${group.coveredFrom}〜${group.coveredTo}）`,
          `勘定日 ${bookedOn} lies outside the header's period ${group.coveredFrom} to ${group.coveredTo}`,
        ),
      );
    }
    const row: StatementEntryRow = {
      kind: 'entry',
      municipalityCode: this.ctx.municipalityCode,
      account: group.account,
      referenceNo,
      bookedOn,
      valueOn,
      direction,
      transactionCode: value.transactionCode,
      amount,
      otherBankAmount: otherBank,
      payerCode: optional(value.payerCode),
      payerName: optional(value.payerName),
      remittingBank: optional(value.remittingBank),
      remittingBranch: optional(value.remittingBranch),
      description: optional(value.description),
      edi: optional(value.edi),
    };
    return { kind: 'row', row, warnings: warnings.length ? warnings : undefined };
  }

  protected trailer(bytes: Buffer, line: number): RecordOutcome<StatementRow> {
    const read = this.file.readTrailer(line, bytes, TRAILER_AT.filler);
    if ('errors' in read) return this.reject(...read.errors);
    const closingText = text(bytes, TRAILER_AT.closingBalance);
    if (!/^\d{14}$/.test(closingText)) return this.reject(notNumber(line, '取引後残高', closingText));
    const closing = signedBalance(text(bytes, TRAILER_AT.overdraft), closingText);
    const group = this.file.current(line);
    if (group.openingBalance !== null) {
      const actual = group.openingBalance + group.totals.credit.amount - group.totals.debit.amount;
      this.file.fileControl({ name: '取引後残高', expected: closing, actual });
      if (actual !== closing) {
        this.file.issues.push(
          lineError(
            line,
            '取引後残高',
            `取引前残高＋入金−出金が取引後残高と一致しません: トレーラー ${closing}, 計算 ${actual}`,
            `opening balance + credits − debits does not equal the closing balance: trailer ${closing}, computed ${actual}`,
          ),
        );
      }
    }
    this.file.closeWithTrailer(line, read.figures);
    return { kind: 'control' };
  }

  protected end(bytes: Buffer, line: number): RecordOutcome<StatementRow> {
    const totalText = text(bytes, END.totalRecords);
    const accountsText = text(bytes, END.accounts);
    const errors = [
      ...(/^\d{10}$/.test(totalText) ? [] : [notNumber(line, 'レコード総件数', totalText)]),
      ...(/^\d{5}$/.test(accountsText) ? [] : [notNumber(line, '口座数', accountsText)]),
    ];
    const filler = fillerError(line, bytes, END.filler);
    if (filler) errors.push(filler);
    if (errors.length) return this.reject(...errors);
    if (!this.file.end()) return { kind: 'control' };
    const checks = [
      { name: 'レコード総件数', expected: Number(totalText), actual: this.file.records },
      { name: '口座数', expected: Number(accountsText), actual: this.headers },
    ];
    for (const check of checks) {
      this.file.fileControl(check);
      if (check.expected !== check.actual) {
        this.file.issues.push(
          lineError(
            line,
            check.name,
            `${check.name}がファイルと一致しません: エンドレコード ${check.expected}, ファイル ${check.actual}`,
            `${check.name} does not match the file: end record ${check.expected}, file ${check.actual}`,
          ),
        );
      }
    }
    return { kind: 'control' };
  }
}

export const zenginDepositParser = defineParser<StatementRow>({
  format: 'zengin-deposit',
  framing: { kind: 'fixed', width: WIDTH },
  target: 'statement',
  start: (ctx) => new ZenginDepositSession(ctx),
});
