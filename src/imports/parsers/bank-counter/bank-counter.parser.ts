import { CsvSession, type CsvLayout, type CsvLine } from '../csv-skeleton';
import { lineError, mostFrequent, readAmount } from '../parser-text';
import type { FileSummary, ParseContext, PaymentRow, RecordOutcome } from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `bank-counter`: 指定金融機関 OCR 収納データ (formats.md), cash paid at a bank counter with the paper slip.
 * CSV in CP932 or UTF-8, a header row of 8 columns, no trailer. `取消区分 1` reverses the earlier row with
 * the same 納付番号, 収納日 and 金額; those three are the payment's key, since the file has no id of its own.
 */

export const BANK_COUNTER_COLUMNS = [
  '収納日',
  '金融機関コード',
  '支店コード',
  '納付番号',
  '科目コード',
  '金額',
  '払込日',
  '取消区分',
] as const;
type Column = (typeof BANK_COUNTER_COLUMNS)[number];

const LAYOUT: CsvLayout<Column> = {
  format: 'bank-counter',
  title: ['指定金融機関 OCR 収納データ', 'bank OCR payment data'],
  columns: BANK_COUNTER_COLUMNS,
  used: BANK_COUNTER_COLUMNS,
};

const CANCEL_FLAGS: Record<string, PaymentRow['kind']> = { '0': 'final', '1': 'cancel' };

class BankCounterSession extends CsvSession<PaymentRow, Column> {
  private readonly providerCodes: string[] = [];
  /**
   * Payments and 取消 seen in this file per key. Two slips of one bill paid at a bank on the same day for
   * the same amount are two payments (one of them a duplicate_payment), not one: the second gets `#2`.
   */
  private readonly seen = { final: new Map<string, number>(), cancel: new Map<string, number>() };

  constructor(ctx: ParseContext) {
    super(LAYOUT, ctx);
  }

  override finish(): FileSummary {
    return { controlIssues: [], controls: [], providerCode: mostFrequent(this.providerCodes), dataCreatedOn: null };
  }

  protected data(line: CsvLine<Column>): RecordOutcome<PaymentRow> {
    const paidYmd = line.get('収納日');
    const paidOn = line.date('収納日');
    // 払込日: the day the bank credits the city's account with this collection (収入日).
    const creditedOn = line.date('払込日');
    const bankCode = line.code('金融機関コード', 4);
    const branchCode = line.code('支店コード', 3);
    const { billNumber, referenceValid, categoryCode } = line.billReference('納付番号', '科目コード', this.ctx.categories);

    const amountText = line.get('金額');
    const amount = readAmount(amountText);
    if (amount === null)
      line.fail('金額', `金額が正の整数ではありません: ${amountText}`, `金額 is not a positive whole number: ${amountText}`);

    const flag = line.get('取消区分');
    const kind = Object.hasOwn(CANCEL_FLAGS, flag) ? CANCEL_FLAGS[flag] : null;
    if (!kind) line.fail('取消区分', `取消区分が不正です: ${flag}`, `unknown 取消区分: ${flag}`);

    if (
      line.errors.length ||
      !paidOn ||
      !creditedOn ||
      !bankCode ||
      !branchCode ||
      !billNumber ||
      !categoryCode ||
      amount === null ||
      !kind
    ) {
      return line.rejected();
    }

    const { pairingKey, repeat } = this.pairingKey(`bank:${billNumber}:${paidYmd}:${amount}`, kind);
    if (repeat) {
      line.warn(
        lineError(
          line.line,
          '納付番号',
          `納付番号・収納日・金額が同じ収納がこのファイルで${repeat}件目です（別の収納として取り込みます）`,
          `payment #${repeat} in this file with the same 納付番号, 収納日 and 金額 (imported as a payment of its own)`,
        ),
      );
    }
    this.providerCodes.push(bankCode);
    return line.accept<PaymentRow>({
      municipalityCode: this.ctx.municipalityCode,
      kind,
      pairingKey,
      channel: 'bank_counter',
      providerCode: bankCode,
      billNumber,
      referenceValid,
      paymentRef: null,
      paidOn,
      paidTime: null,
      amount,
      depositDueOn: creditedOn,
      incomeOn: creditedOn,
      expectsPreliminary: false,
      storeCode: branchCode,
      categoryCode,
    });
  }

  /**
   * The n-th payment of a key in this file is `<key>#n` (n ≥ 2), and so is the n-th 取消 of it: each 取消
   * reverses one payment, the first one first. A 取消 whose payment came in an earlier file takes the plain key.
   */
  private pairingKey(base: string, kind: PaymentRow['kind']): { pairingKey: string; repeat: number | null } {
    const counts = kind === 'cancel' ? this.seen.cancel : this.seen.final;
    const nth = (counts.get(base) ?? 0) + 1;
    counts.set(base, nth);
    if (nth === 1) return { pairingKey: base, repeat: null };
    return { pairingKey: `${base}#${nth}`, repeat: kind === 'cancel' ? null : nth };
  }
}

export const bankCounterParser = defineParser<PaymentRow>({
  format: 'bank-counter',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new BankCounterSession(ctx),
});
