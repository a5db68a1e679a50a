import type { IsoDate } from '../../../common/calendar';
import { isValidBillNumber } from '../../../common/check-digit';
import { CsvSession, type CsvLayout, type CsvLine } from '../csv-skeleton';
import { excelCode, lineError, readAmount } from '../parser-text';
import type { FileSummary, ParseContext, PaymentRow, RecordOutcome } from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `eltax`: eL-QR 納付情報 from 共通納税IF (formats.md), CSV in CP932 or UTF-8. One header row of 17
 * columns and no trailer. Every row is a settled payment (`取消区分 0`) or the reversal of the earlier row
 * with the same 受付番号 (`1`); 納付手段区分 says how the payer paid, which decides whether it is cashless.
 */

export const ELTAX_COLUMNS = [
  'データ作成日',
  '共通納税機関コード',
  '地方公共団体コード',
  '税目・料金番号',
  '案件特定キー',
  '確認番号',
  '賦課年度',
  '課税年度',
  '期別コード',
  '納期限',
  '納付金額',
  '納付日',
  '納付手段区分',
  '決済事業者名',
  '払込予定日',
  '取消区分',
  '受付番号',
] as const;
type Column = (typeof ELTAX_COLUMNS)[number];

const LAYOUT: CsvLayout<Column> = {
  format: 'eltax',
  title: ['共通納税 納付情報', 'eLTAX 納付情報'],
  columns: ELTAX_COLUMNS,
  used: [
    'データ作成日',
    '地方公共団体コード',
    '税目・料金番号',
    '案件特定キー',
    '納付金額',
    '納付日',
    '納付手段区分',
    '払込予定日',
    '取消区分',
    '受付番号',
  ],
};

/** 01 金融機関窓口, 02 ATM, 03 インターネットバンキング, 04 ダイレクト納付, 05 クレジットカード, 06 スマートフォン決済アプリ, 99 不明. */
const MEANS = new Set(['01', '02', '03', '04', '05', '06', '99']);
const CANCEL_FLAGS: Record<string, PaymentRow['kind']> = { '0': 'final', '1': 'cancel' };

/** The provider code of every eLTAX payment: 共通納税 is one provider, whichever 決済事業者 the payer used. */
export const ELTAX_PROVIDER = 'eltax';

class EltaxSession extends CsvSession<PaymentRow, Column> {
  private dataCreatedOn: IsoDate | null = null;

  constructor(ctx: ParseContext) {
    super(LAYOUT, ctx);
  }

  override finish(): FileSummary {
    return { controlIssues: [], controls: [], providerCode: ELTAX_PROVIDER, dataCreatedOn: this.dataCreatedOn };
  }

  protected data(line: CsvLine<Column>): RecordOutcome<PaymentRow> {
    const createdOn = line.date('データ作成日');

    const municipalityCode = line.digits('地方公共団体コード', 6);

    const taxCode = line.get('税目・料金番号');
    const categoryCode = this.ctx.eltaxTaxCodes.get(taxCode);
    if (!categoryCode) line.fail('税目・料金番号', `税目・料金番号が登録されていません: ${taxCode}`, `unknown 税目・料金番号: ${taxCode}`);

    const key = line.identifier('案件特定キー', 20);

    const amountText = line.get('納付金額');
    const amount = readAmount(amountText);
    if (amount === null)
      line.fail('納付金額', `納付金額が正の整数ではありません: ${amountText}`, `納付金額 is not a positive whole number: ${amountText}`);

    const paidOn = line.date('納付日');

    const meansText = line.get('納付手段区分');
    const means = excelCode(line.line, '納付手段区分', meansText, 2);
    const meansCode = means && MEANS.has(means.code) ? means.code : null;
    if (meansCode) line.warn(means?.warning ?? null);
    else line.fail('納付手段区分', `納付手段区分が不正です: ${meansText}`, `unknown 納付手段区分: ${meansText}`);

    // 払込予定日 may be left empty (or zeros) when 共通納税 has not scheduled the transfer yet.
    const noDeposit = /^0*$/.test(line.get('払込予定日'));
    const depositDueOn = noDeposit ? null : line.date('払込予定日');

    const flag = line.get('取消区分');
    const kind = Object.hasOwn(CANCEL_FLAGS, flag) ? CANCEL_FLAGS[flag] : null;
    if (!kind) line.fail('取消区分', `取消区分が不正です: ${flag}`, `unknown 取消区分: ${flag}`);

    const receiptNo = line.get('受付番号');
    if (!receiptNo) line.fail('受付番号', '受付番号がありません', '受付番号 is empty');

    if (line.errors.length || !createdOn || !categoryCode || !key || amount === null || !paidOn || !meansCode || !kind) {
      return line.rejected();
    }

    // 案件特定キー is `0000` + 納付番号. Any other key is kept as money received, with a reference that cannot match.
    const billNumber = key.slice(4);
    const wellFormedKey = key.startsWith('0000');
    if (!wellFormedKey) {
      line.warn(
        lineError(
          line.line,
          '案件特定キー',
          `案件特定キーが0000で始まりません: ${key}（納付番号として照合できません）`,
          `案件特定キー does not start with 0000: ${key} (cannot be matched as a 納付番号)`,
        ),
      );
    }
    const referenceValid = wellFormedKey && isValidBillNumber(billNumber);
    if (referenceValid && billNumber.slice(0, 2) !== categoryCode) {
      line.warn(
        lineError(
          line.line,
          '税目・料金番号',
          `税目・料金番号 ${taxCode}（科目 ${categoryCode}）が納付番号の科目 ${billNumber.slice(0, 2)} と一致しません`,
          `税目・料金番号 ${taxCode} (科目 ${categoryCode}) disagrees with the 納付番号's 科目 ${billNumber.slice(0, 2)}`,
        ),
      );
    }
    if (!this.dataCreatedOn || createdOn > this.dataCreatedOn) this.dataCreatedOn = createdOn;
    return line.accept<PaymentRow>({
      municipalityCode,
      kind,
      // A 取消 repeats the 受付番号 of the payment it reverses.
      pairingKey: `eltax:${receiptNo}`,
      channel: 'eltax',
      providerCode: ELTAX_PROVIDER,
      billNumber,
      referenceValid,
      paymentRef: receiptNo,
      paidOn,
      paidTime: null,
      amount,
      depositDueOn,
      incomeOn: depositDueOn,
      expectsPreliminary: false,
      meansCode,
      categoryCode,
    });
  }
}

export const eltaxParser = defineParser<PaymentRow>({
  format: 'eltax',
  framing: { kind: 'csv' },
  target: 'payments',
  start: (ctx) => new EltaxSession(ctx),
});
