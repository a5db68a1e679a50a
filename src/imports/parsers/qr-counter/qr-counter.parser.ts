import { addBusinessDays, type IsoDate } from '../../../common/calendar';
import { CsvSession, type CsvLayout, type CsvLine } from '../csv-skeleton';
import { mostFrequent } from '../parser-text';
import type { FileSummary, ParseContext, PaymentRow, RecordOutcome } from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `qr-counter`: QR payments at the city-hall counter, as PayPay for Business exports its 取引履歴 (formats.md):
 * CSV, a header row, one row per transaction. The merchant portal lets the user choose and order the columns,
 * so they are found by header name (`決済番号` is the API's name for 取引番号; unknown columns are ignored).
 * Only `取引完了` (a payment) and `返金完了` (a refund: a negative 取引金額, the original 取引番号 in 加盟店決済ID)
 * are money; every other status is read and kept as a control line. Counter payments carry no 納付番号: they
 * are matched to the register (`city-cash`) by 取引番号.
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

const LAYOUT: CsvLayout<Column> = {
  format: 'qr-counter',
  title: ['PayPay for Business 取引履歴', 'PayPay for Business transaction history'],
  columns: QR_COUNTER_COLUMNS,
  byName: {
    required: ['取引番号', '取引ステータス', '取引日時', '取引金額', '加盟店決済ID'],
    ignoreUnknown: true,
    aliases: { 決済番号: '取引番号' },
  },
  // The columns a money row is made of: a field of them that cannot be read rejects the line.
  used: ['取引番号', '加盟店ID', '取引ステータス', '取引日時', '取引金額', '加盟店決済ID'],
};

/** formats.md: a counter QR transaction is credited the next business day unless its payout source says otherwise. */
export const DEFAULT_QR_PAYOUT_LAG_DAYS = 1;

const PAID = '取引完了';
const REFUNDED = '返金完了';

/** The provider of a transaction: the QR provider's merchant (加盟店ID). */
export function qrProviderCode(merchantId: string): string {
  return `qr:${merchantId}`;
}

class QrCounterSession extends CsvSession<PaymentRow, Column> {
  private readonly providerCodes: string[] = [];
  /** The latest transaction day among money rows: how far the provider's data reaches. */
  private latestPaidOn: IsoDate | null = null;

  constructor(ctx: ParseContext) {
    super(LAYOUT, ctx);
  }

  override finish(): FileSummary {
    return { controlIssues: [], controls: [], providerCode: mostFrequent(this.providerCodes), dataCreatedOn: this.latestPaidOn };
  }

  /** Business days from a transaction to its credit (収入日): the provider's payout source, else the default. */
  private payoutLag(providerCode: string | null): number {
    return (providerCode ? this.ctx.qrPayoutLagDays?.get(providerCode) : undefined) ?? DEFAULT_QR_PAYOUT_LAG_DAYS;
  }

  protected data(line: CsvLine<Column>): RecordOutcome<PaymentRow> {
    const status = line.get('取引ステータス');
    if (!status) {
      line.fail('取引ステータス', '取引ステータスがありません', '取引ステータス is empty');
      return line.rejected();
    }
    // 取引失敗, 支払い待ち, 取消済み…: a transaction that moved no money.
    if (status !== PAID && status !== REFUNDED) return { kind: 'control' };
    const refund = status === REFUNDED;

    const transactionId = line.identifier('取引番号', null);
    if (transactionId === '') line.fail('取引番号', '取引番号がありません', '取引番号 is empty');

    // 加盟店ID names the payout; a file exported without that column has none.
    const merchantId = line.get('加盟店ID');
    if (line.has('加盟店ID') && !merchantId) line.fail('加盟店ID', '加盟店IDがありません', '加盟店ID is empty');

    const paid = line.dateTime('取引日時');

    // A payment is positive, a refund negative.
    const amountText = line.get('取引金額');
    const signed = /^-?\d+$/.test(amountText) ? Number(amountText) : 0;
    const rightSign = refund ? signed < 0 : signed > 0;
    const amount = rightSign && Number.isSafeInteger(signed) ? Math.abs(signed) : null;
    if (amount === null && refund) {
      line.fail(
        '取引金額',
        `返金完了の取引金額が負の整数ではありません: ${amountText}`,
        `取引金額 of a 返金完了 is not a negative whole number: ${amountText}`,
      );
    } else if (amount === null) {
      line.fail(
        '取引金額',
        `取引完了の取引金額が正の整数ではありません: ${amountText}`,
        `取引金額 of a 取引完了 is not a positive whole number: ${amountText}`,
      );
    }

    // A refund repeats the 取引番号 of the payment it returns.
    const originalId = line.identifier('加盟店決済ID', null);
    if (refund && originalId === '') {
      line.fail(
        '加盟店決済ID',
        '返金完了の行に加盟店決済ID（元の取引番号）がありません',
        '加盟店決済ID (the original 取引番号) is empty on a 返金完了 line',
      );
    }

    if (line.errors.length || !paid || amount === null || !transactionId || originalId === null) return line.rejected();

    const providerCode = line.has('加盟店ID') ? qrProviderCode(merchantId) : null;
    if (providerCode) this.providerCodes.push(providerCode);
    if (!this.latestPaidOn || paid.date > this.latestPaidOn) this.latestPaidOn = paid.date;
    // A refund belongs to the payment it returns: that payment's key and 取引番号.
    const paymentId = refund ? originalId : transactionId;
    return line.accept<PaymentRow>({
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
      incomeOn: addBusinessDays(paid.date, this.payoutLag(providerCode)),
      expectsPreliminary: false,
      categoryCode: null,
    });
  }
}

export const qrCounterParser = defineParser<PaymentRow>({
  format: 'qr-counter',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new QrCounterSession(ctx),
});
