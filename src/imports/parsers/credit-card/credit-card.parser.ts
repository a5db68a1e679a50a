import { CsvSession, type CsvLayout, type CsvLine } from '../csv-skeleton';
import { lineError, notNumber, readAmount } from '../parser-text';
import type { ControlCheck, FileSummary, LineError, ParseContext, PaymentRow, RecordOutcome } from '../parser.types';
import { defineParser } from '../record-parser';

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

const LAYOUT: CsvLayout<Column> = {
  format: 'credit-card',
  title: ['公金クレジット収納 決済データ', 'card settlement'],
  columns: CREDIT_CARD_COLUMNS,
  used: ['決済ID', '受付日時', '入金予定日', '科目コード', '納付番号', '納付金額', 'システム利用料', '取引区分', '元決済ID'],
};

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

class CreditCardSession extends CsvSession<PaymentRow, Column> {
  private readonly totals: Record<Deal, { count: number; amount: number }> = {
    売上: { count: 0, amount: 0 },
    取消: { count: 0, amount: 0 },
  };
  private trailerSeen = false;
  private afterTrailer: { firstLine: number; count: number } | null = null;
  private readonly controls: ControlCheck[] = [];
  private readonly issues: LineError[] = [];

  constructor(ctx: ParseContext) {
    super(LAYOUT, ctx);
  }

  override finish(): FileSummary {
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

  /** Every line after the trailer is flagged; the `合計` line itself is the trailer, not a data line. */
  protected override special(fields: string[], line: number): RecordOutcome<PaymentRow> | null {
    if (this.trailerSeen) {
      this.afterTrailer ??= { firstLine: line, count: 0 };
      this.afterTrailer.count++;
    }
    return fields[0] === TRAILER_MARK ? this.trailer(fields, line) : null;
  }

  /** `合計,<売上件数>,<売上納付金額合計>,<取消件数>,<取消納付金額合計>`: compared with the rows before it. */
  private trailer(fields: string[], line: number): RecordOutcome<PaymentRow> {
    if (fields.length !== TRAILER.length + 1) {
      return {
        kind: 'rejected',
        errors: [
          lineError(
            line,
            TRAILER_MARK,
            `合計行の列数が5ではありません: ${fields.length}列`,
            `expected 5 columns in the 合計 trailer, got ${fields.length}`,
          ),
        ],
      };
    }
    const values = TRAILER.map((control, i) => ({ ...control, value: fields[i + 1] }));
    const errors = values.filter(({ value }) => !/^\d+$/.test(value)).map(({ name, value }) => notNumber(line, name, value));
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

  protected data(line: CsvLine<Column>): RecordOutcome<PaymentRow> {
    const settlementId = line.get('決済ID');
    if (!settlementId) line.fail('決済ID', '決済IDがありません', '決済ID is empty');

    const received = line.dateTime('受付日時');

    const noDeposit = /^0*$/.test(line.get('入金予定日'));
    const depositDueOn = noDeposit ? null : line.date('入金予定日');

    const { billNumber, referenceValid, categoryCode } = line.billReference('納付番号', '科目コード', this.ctx.categories);

    const amountText = line.get('納付金額');
    const amount = readAmount(amountText);
    if (amount === null)
      line.fail('納付金額', `納付金額が正の整数ではありません: ${amountText}`, `納付金額 is not a positive whole number: ${amountText}`);

    // Paid by the payer to the provider on top of 納付金額; empty when the provider charged none.
    const feeText = line.get('システム利用料');
    const feeAmount = feeText === '' ? null : Number(feeText);
    if (feeText !== '' && !/^\d+$/.test(feeText)) {
      line.fail(
        'システム利用料',
        `システム利用料が0以上の整数ではありません: ${feeText}`,
        `システム利用料 is not a non-negative whole number: ${feeText}`,
      );
    }

    const dealText = line.get('取引区分');
    const deal = Object.hasOwn(DEALS, dealText) ? DEALS[dealText] : null;
    if (!deal)
      line.fail(
        '取引区分',
        `取引区分が「売上」「取消」のどちらでもありません: ${dealText}`,
        `取引区分 is neither 売上 nor 取消: ${dealText}`,
      );

    // A 取消 names the 売上 it reverses.
    const originalId = line.get('元決済ID');
    if (deal === '取消' && !originalId) line.fail('元決済ID', '取消の行に元決済IDがありません', '元決済ID is empty on a 取消 line');

    if (line.errors.length || !received || !billNumber || !categoryCode || amount === null || !deal) return line.rejected();

    this.totals[deal].count++;
    this.totals[deal].amount += amount;
    // A 取消 belongs to the payment it reverses: that payment's key and id.
    const paymentId = deal === '取消' ? originalId : settlementId;
    return line.accept<PaymentRow>({
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
      incomeOn: depositDueOn,
      expectsPreliminary: false,
      feeAmount,
      categoryCode,
    });
  }
}

export const creditCardParser = defineParser<PaymentRow>({
  format: 'credit-card',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new CreditCardSession(ctx),
});
