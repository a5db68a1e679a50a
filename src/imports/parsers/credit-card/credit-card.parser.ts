import { parseYmd } from '../../../common/calendar';
import { isValidBillNumber } from '../../../common/check-digit';
import { garbled, headerNames, lineError, noHeaderRow, notDate, readAmount, trimSpaces, wrongColumnCount } from '../parser-text';
import type {
  ControlCheck,
  FileSummary,
  LineError,
  ParseContext,
  ParseSession,
  PaymentRow,
  RecordOutcome,
  RecordParser,
  SourceRecord,
} from '../parser.types';

/**
 * `credit-card`: a 公金クレジット収納 settlement file (formats.md), CSV in CP932 or UTF-8. A header row of 12
 * columns, one row per 売上 or 取消, and a short trailer line `合計,<売上件数>,<売上納付金額合計>,<取消件数>,
 * <取消納付金額合計>` whose totals are checked against the rows before it. The システム利用料 the payer paid
 * the provider is kept beside the amount, never in it.
 */

export const CREDIT_CARD_COLUMNS = [
  '決済ID',
  '受付日時',
  '売上確定日',
  '入金予定日',
  '科目コード',
  '納付番号',
  '納付金額',
  'システム利用料',
  'ブランド',
  'カード下4桁',
  '取引区分',
  '元決済ID',
] as const;
type Column = (typeof CREDIT_CARD_COLUMNS)[number];
const AT = Object.fromEntries(CREDIT_CARD_COLUMNS.map((name, i) => [name, i])) as Record<Column, number>;

/** The columns a row is made of: a mis-decoded character in any of them rejects the line. */
const USED: Column[] = ['決済ID', '受付日時', '入金予定日', '科目コード', '納付番号', '納付金額', 'システム利用料', '取引区分', '元決済ID'];

type Deal = '売上' | '取消';
const DEALS: Record<string, Deal> = { 売上: '売上', 取消: '取消' };

const TRAILER_MARK = '合計';
const TRAILER: { name: string; deal: Deal; measure: 'count' | 'amount' }[] = [
  { name: '売上件数', deal: '売上', measure: 'count' },
  { name: '売上納付金額合計', deal: '売上', measure: 'amount' },
  { name: '取消件数', deal: '取消', measure: 'count' },
  { name: '取消納付金額合計', deal: '取消', measure: 'amount' },
];

/** The provider code of card payments. */
export const CREDIT_CARD_PROVIDER = 'card';

/** `YYYY/MM/DD HH:MM:SS` (Tokyo) → the day and the time; null when either is not real. */
function parseDateTime(text: string): { date: string; time: string } | null {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (([01]\d|2[0-3]):[0-5]\d:[0-5]\d)$/.exec(text);
  const date = match && parseYmd(`${match[1]}${match[2]}${match[3]}`);
  return match && date ? { date, time: match[4] } : null;
}

class CreditCardSession implements ParseSession<PaymentRow> {
  private headerSeen = false;
  /** Once the header is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<PaymentRow> | null = null;
  private readonly totals: Record<Deal, { count: number; amount: number }> = { 売上: { count: 0, amount: 0 }, 取消: { count: 0, amount: 0 } };
  private trailerSeen = false;
  private afterTrailer: { firstLine: number; count: number } | null = null;
  private readonly controls: ControlCheck[] = [];
  private readonly issues: LineError[] = [];

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<PaymentRow> {
    const fields = (rec.fields ?? []).map(trimSpaces);
    if (this.refusal) return this.refusal;
    if (!this.headerSeen) {
      this.headerSeen = true;
      return this.header(fields);
    }
    if (this.trailerSeen) {
      this.afterTrailer ??= { firstLine: rec.line, count: 0 };
      this.afterTrailer.count++;
    }
    if (fields[0] === TRAILER_MARK) return this.trailer(fields, rec.line);
    if (fields.length !== CREDIT_CARD_COLUMNS.length) {
      return {
        kind: 'rejected',
        errors: [
          wrongColumnCount(rec.line, CREDIT_CARD_COLUMNS.length, fields.length),
        ],
      };
    }
    return this.data(fields, rec.line);
  }

  finish(): FileSummary {
    if (!this.headerSeen) {
      return {
        controlIssues: [noHeaderRow()],
        controls: [],
        providerCode: CREDIT_CARD_PROVIDER,
        dataCreatedOn: null,
      };
    }
    const issues = [...this.issues];
    const controls = [...this.controls];
    if (!this.trailerSeen) {
      issues.push(lineError(null, TRAILER_MARK, '合計行（トレーラー）がありません', 'the 合計 trailer line is missing'));
      controls.push(...TRAILER.map(({ name, deal, measure }) => ({ name, expected: null, actual: this.totals[deal][measure] })));
    }
    if (this.afterTrailer) {
      const { firstLine, count } = this.afterTrailer;
      issues.push(lineError(firstLine, TRAILER_MARK, `合計行の後に行があります: ${count}行`, `${count} line(s) after the 合計 trailer`));
    }
    return { controlIssues: issues, controls, providerCode: CREDIT_CARD_PROVIDER, dataCreatedOn: null };
  }

  private header(fields: string[]): RecordOutcome<PaymentRow> {
    const names = headerNames(fields);
    const matches = names.length === CREDIT_CARD_COLUMNS.length && CREDIT_CARD_COLUMNS.every((name, i) => names[i] === name);
    if (matches) return { kind: 'control' };
    const expected = CREDIT_CARD_COLUMNS.join(',');
    this.refusal = {
      kind: 'refuse',
      message:
        `1行目が credit-card（公金クレジット収納 決済データ）のヘッダー行ではありません（${names.length}列）。必要な${CREDIT_CARD_COLUMNS.length}列: ${expected}` +
        ` / the first line is not the credit-card (card settlement) header (${names.length} columns); expected the ${CREDIT_CARD_COLUMNS.length} columns: ${expected}`,
    };
    return this.refusal;
  }

  /** `合計,<売上件数>,<売上納付金額合計>,<取消件数>,<取消納付金額合計>`: compared with the rows before it. */
  private trailer(fields: string[], line: number): RecordOutcome<PaymentRow> {
    if (fields.length !== TRAILER.length + 1) {
      return {
        kind: 'rejected',
        errors: [lineError(line, TRAILER_MARK, `合計行の列数が5ではありません: ${fields.length}列`, `expected 5 columns in the 合計 trailer, got ${fields.length}`)],
      };
    }
    const values = TRAILER.map((control, i) => ({ ...control, value: fields[i + 1] }));
    const errors = values
      .filter(({ value }) => !/^\d+$/.test(value))
      .map(({ name, value }) => lineError(line, name, `${name}が数字ではありません: ${value}`, `${name} is not a number: ${value}`));
    if (errors.length) return { kind: 'rejected', errors };
    // A second trailer is only a line after the trailer: the first one's totals stand.
    if (this.trailerSeen) return { kind: 'control' };
    this.trailerSeen = true;
    for (const { name, deal, measure, value } of values) {
      const expected = Number(value);
      const actual = this.totals[deal][measure];
      this.controls.push({ name, expected, actual });
      if (expected !== actual) {
        this.issues.push(
          lineError(
            line,
            name,
            `${name}が明細行の合計と一致しません: 合計行 ${expected}, 明細 ${actual}`,
            `${name} does not match the data lines: trailer ${expected}, lines ${actual}`,
          ),
        );
      }
    }
    return { kind: 'control' };
  }

  private data(fields: string[], line: number): RecordOutcome<PaymentRow> {
    const get = (column: Column): string => fields[AT[column]];
    // A line that was not decoded right cannot be trusted field by field: name the encoding, nothing else.
    const unreadable = USED.filter((column) => get(column).includes('\uFFFD'));
    if (unreadable.length) return { kind: 'rejected', errors: unreadable.map((column) => garbled(line, column, get(column))) };

    const errors: LineError[] = [];
    const fail = (field: Column, ja: string, en: string) => errors.push(lineError(line, field, ja, en));

    const settlementId = get('決済ID');
    if (!settlementId) fail('決済ID', '決済IDがありません', '決済ID is empty');

    const receivedText = get('受付日時');
    const received = parseDateTime(receivedText);
    if (!received) {
      fail('受付日時', `受付日時が「YYYY/MM/DD HH:MM:SS」の日時ではありません: ${receivedText}`, `受付日時 is not a YYYY/MM/DD HH:MM:SS date-time: ${receivedText}`);
    }

    const depositText = get('入金予定日');
    const noDeposit = /^0*$/.test(depositText);
    const depositDueOn = noDeposit ? null : parseYmd(depositText);
    if (!noDeposit && !depositDueOn) errors.push(notDate(line, '入金予定日', depositText));

    const billNumber = get('納付番号');
    const digits = /^\d{16}$/.test(billNumber);
    if (!digits) fail('納付番号', `納付番号が16桁の数字ではありません: ${billNumber}`, `納付番号 is not 16 digits: ${billNumber}`);
    const referenceValid = digits && isValidBillNumber(billNumber);

    const categoryCode = get('科目コード');
    if (!/^\d{2}$/.test(categoryCode)) {
      fail('科目コード', `科目コードが2桁の数字ではありません: ${categoryCode}`, `科目コード is not 2 digits: ${categoryCode}`);
    } else {
      // Only a verified 納付番号 says which 科目 it belongs to.
      if (referenceValid && billNumber.slice(0, 2) !== categoryCode) {
        fail('科目コード', `科目コードが納付番号と一致しません: ${categoryCode}（納付番号 ${billNumber.slice(0, 2)}）`, `科目コード ${categoryCode} disagrees with 納付番号 (${billNumber.slice(0, 2)})`);
      }
      if (!this.ctx.categories.has(categoryCode)) fail('科目コード', `科目コードが登録されていません: ${categoryCode}`, `unknown 科目コード: ${categoryCode}`);
    }

    const amountText = get('納付金額');
    const amount = readAmount(amountText);
    if (amount === null) fail('納付金額', `納付金額が正の整数ではありません: ${amountText}`, `納付金額 is not a positive whole number: ${amountText}`);

    // Paid by the payer to the provider on top of 納付金額; empty when the provider charged none.
    const feeText = get('システム利用料');
    const feeAmount = feeText === '' ? null : Number(feeText);
    if (feeText !== '' && !/^\d+$/.test(feeText)) fail('システム利用料', `システム利用料が0以上の整数ではありません: ${feeText}`, `システム利用料 is not a non-negative whole number: ${feeText}`);

    const dealText = get('取引区分');
    const deal = Object.hasOwn(DEALS, dealText) ? DEALS[dealText] : null;
    if (!deal) fail('取引区分', `取引区分が「売上」「取消」のどちらでもありません: ${dealText}`, `取引区分 is neither 売上 nor 取消: ${dealText}`);

    // A 取消 names the 売上 it reverses.
    const originalId = get('元決済ID');
    if (deal === '取消' && !originalId) fail('元決済ID', '取消の行に元決済IDがありません', '元決済ID is empty on a 取消 line');

    if (errors.length || !received || amount === null || !deal) return { kind: 'rejected', errors };

    this.totals[deal].count++;
    this.totals[deal].amount += amount;
    // A 取消 belongs to the payment it reverses: that payment's key and id.
    const paymentId = deal === '取消' ? originalId : settlementId;
    const row: PaymentRow = {
      municipalityCode: this.ctx.municipalityCode,
      kind: deal === '取消' ? 'cancel' : 'final',
      pairingKey: `card:${paymentId}`,
      channel: 'credit_card',
      providerCode: CREDIT_CARD_PROVIDER,
      billNumber,
      referenceValid,
      paymentRef: paymentId,
      paidOn: received.date,
      paidTime: received.time,
      amount,
      depositDueOn,
      expectsPreliminary: false,
      feeAmount,
      categoryCode,
    };
    return { kind: 'row', row };
  }
}

export const creditCardParser: RecordParser<PaymentRow> = {
  format: 'credit-card',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new CreditCardSession(ctx),
};
