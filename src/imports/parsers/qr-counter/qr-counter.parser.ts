import { parseYmd, type IsoDate } from '../../../common/calendar';
import { mostFrequent } from '../konbini/konbini.fields';
import { garbled, headerNames, lineError, noHeaderRow, trimSpaces, wrongColumnCount } from '../parser-text';
import type { FileSummary, LineError, ParseContext, ParseSession, PaymentRow, RecordOutcome, RecordParser, SourceRecord } from '../parser.types';

/**
 * `qr-counter`: QR payments at the city-hall counter, as PayPay for Business exports its 取引履歴 (formats.md):
 * CSV, a header row of 15 columns, one row per transaction. Only `取引完了` (a payment) and `返金完了` (a
 * refund: a negative 取引金額, the original 取引番号 in 加盟店決済ID) are money; every other status is read
 * and kept as a control line. Counter payments carry no 納付番号: they are matched to the register
 * (`city-cash`) by 取引番号.
 */

export const QR_COUNTER_COLUMNS = [
  '取引番号',
  '加盟店ID',
  '屋号',
  '店舗ID',
  '店舗名',
  '端末番号/PosID',
  '取引ステータス',
  '取引日時',
  '取引金額',
  'レシート番号',
  '支払い方法',
  '支払い詳細',
  '取引確定期限',
  '加盟店決済ID',
  'サービスタイプ',
] as const;
type Column = (typeof QR_COUNTER_COLUMNS)[number];
const AT = Object.fromEntries(QR_COUNTER_COLUMNS.map((name, i) => [name, i])) as Record<Column, number>;

/** The columns a money row is made of: a mis-decoded character in any of them rejects the line. */
const USED: Column[] = ['取引番号', '加盟店ID', '取引日時', '取引金額', '加盟店決済ID'];

const PAID = '取引完了';
const REFUNDED = '返金完了';

/** `YYYY/MM/DD HH:MM:SS` (Tokyo) → the day and the time; null when either is not real. */
function parseDateTime(text: string): { date: string; time: string } | null {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (([01]\d|2[0-3]):[0-5]\d:[0-5]\d)$/.exec(text);
  const date = match && parseYmd(`${match[1]}${match[2]}${match[3]}`);
  return match && date ? { date, time: match[4] } : null;
}

/** The provider of a transaction: the QR provider's merchant (加盟店ID). */
export function qrProviderCode(merchantId: string): string {
  return `qr:${merchantId}`;
}

class QrCounterSession implements ParseSession<PaymentRow> {
  private headerSeen = false;
  /** Once the header is refused, so is every later record (a streaming caller may not stop at once). */
  private refusal: RecordOutcome<PaymentRow> | null = null;
  private readonly providerCodes: string[] = [];
  /** The latest transaction day among money rows: how far the provider's data reaches. */
  private latestPaidOn: IsoDate | null = null;

  constructor(private readonly ctx: ParseContext) {}

  record(rec: SourceRecord): RecordOutcome<PaymentRow> {
    const fields = (rec.fields ?? []).map(trimSpaces);
    if (this.refusal) return this.refusal;
    if (!this.headerSeen) {
      this.headerSeen = true;
      return this.header(fields);
    }
    if (fields.length !== QR_COUNTER_COLUMNS.length) {
      return {
        kind: 'rejected',
        errors: [wrongColumnCount(rec.line, QR_COUNTER_COLUMNS.length, fields.length)],
      };
    }
    return this.data(fields, rec.line);
  }

  finish(): FileSummary {
    return {
      controlIssues: this.headerSeen ? [] : [noHeaderRow()],
      controls: [],
      providerCode: mostFrequent(this.providerCodes),
      dataCreatedOn: this.latestPaidOn,
    };
  }

  private header(fields: string[]): RecordOutcome<PaymentRow> {
    const names = headerNames(fields);
    const matches = names.length === QR_COUNTER_COLUMNS.length && QR_COUNTER_COLUMNS.every((name, i) => names[i] === name);
    if (matches) return { kind: 'control' };
    const expected = QR_COUNTER_COLUMNS.join(',');
    this.refusal = {
      kind: 'refuse',
      message:
        `1行目が qr-counter（PayPay for Business 取引履歴）のヘッダー行ではありません（${names.length}列）。必要な${QR_COUNTER_COLUMNS.length}列: ${expected}` +
        ` / the first line is not the qr-counter (PayPay for Business transaction history) header (${names.length} columns); expected the ${QR_COUNTER_COLUMNS.length} columns: ${expected}`,
    };
    return this.refusal;
  }

  private data(fields: string[], line: number): RecordOutcome<PaymentRow> {
    const get = (column: Column): string => fields[AT[column]];
    const status = get('取引ステータス');
    if (status.includes('\uFFFD')) return { kind: 'rejected', errors: [garbled(line, '取引ステータス', status)] };
    if (!status) return { kind: 'rejected', errors: [lineError(line, '取引ステータス', '取引ステータスがありません', '取引ステータス is empty')] };
    // 取引失敗, 支払い待ち, 取消済み…: a transaction that moved no money.
    if (status !== PAID && status !== REFUNDED) return { kind: 'control' };
    const refund = status === REFUNDED;

    const unreadable = USED.filter((column) => get(column).includes('\uFFFD'));
    if (unreadable.length) return { kind: 'rejected', errors: unreadable.map((column) => garbled(line, column, get(column))) };

    const errors: LineError[] = [];
    const fail = (field: Column, ja: string, en: string) => errors.push(lineError(line, field, ja, en));

    const transactionId = get('取引番号');
    if (!transactionId) fail('取引番号', '取引番号がありません', '取引番号 is empty');

    const merchantId = get('加盟店ID');
    if (!merchantId) fail('加盟店ID', '加盟店IDがありません', '加盟店ID is empty');

    const paidText = get('取引日時');
    const paid = parseDateTime(paidText);
    if (!paid) fail('取引日時', `取引日時が「YYYY/MM/DD HH:MM:SS」の日時ではありません: ${paidText}`, `取引日時 is not a YYYY/MM/DD HH:MM:SS date-time: ${paidText}`);

    // A payment is positive, a refund negative.
    const amountText = get('取引金額');
    const signed = /^-?\d+$/.test(amountText) ? Number(amountText) : 0;
    const rightSign = refund ? signed < 0 : signed > 0;
    const amount = rightSign && Number.isSafeInteger(signed) ? Math.abs(signed) : null;
    if (amount === null) {
      if (refund) fail('取引金額', `返金完了の取引金額が負の整数ではありません: ${amountText}`, `取引金額 of a 返金完了 is not a negative whole number: ${amountText}`);
      else fail('取引金額', `取引完了の取引金額が正の整数ではありません: ${amountText}`, `取引金額 of a 取引完了 is not a positive whole number: ${amountText}`);
    }

    // A refund repeats the 取引番号 of the payment it returns.
    const originalId = get('加盟店決済ID');
    if (refund && !originalId) fail('加盟店決済ID', '返金完了の行に加盟店決済ID（元の取引番号）がありません', '加盟店決済ID (the original 取引番号) is empty on a 返金完了 line');

    if (errors.length || !paid || amount === null) return { kind: 'rejected', errors };

    const providerCode = qrProviderCode(merchantId);
    this.providerCodes.push(providerCode);
    if (!this.latestPaidOn || paid.date > this.latestPaidOn) this.latestPaidOn = paid.date;
    // A refund belongs to the payment it returns: that payment's key and 取引番号.
    const paymentId = refund ? originalId : transactionId;
    const row: PaymentRow = {
      municipalityCode: this.ctx.municipalityCode,
      kind: refund ? 'cancel' : 'final',
      pairingKey: `qr:${paymentId}`,
      channel: 'qr_counter',
      providerCode,
      billNumber: null,
      referenceValid: false,
      paymentRef: paymentId,
      paidOn: paid.date,
      paidTime: paid.time,
      amount,
      depositDueOn: null,
      expectsPreliminary: false,
      categoryCode: null,
    };
    return { kind: 'row', row };
  }
}

export const qrCounterParser: RecordParser<PaymentRow> = {
  format: 'qr-counter',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new QrCounterSession(ctx),
};
