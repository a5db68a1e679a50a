import { isValidBillNumber } from '../../../common/check-digit';
import { CsvSession, type CsvLayout, type CsvLine } from '../csv-skeleton';
import type { BillRow, ParseContext, RecordOutcome } from '../parser.types';
import { defineParser } from '../record-parser';

/**
 * `bills`: 調定データ from the core system (formats.md), CSV in CP932 or UTF-8. The header names the
 * columns in any order. Unlike a payment, a bill whose 納付番号 does not verify is rejected: the city's
 * own data must be right, and a wrong number would make every payment of that bill unknown_bill.
 */

export const BILLS_COLUMNS = [
  '地方公共団体コード',
  '納付番号',
  '科目コード',
  '賦課年度',
  '期別',
  '納期限',
  '調定額',
  '宛名番号',
  '状態',
  '更新日',
] as const;
/** 会計年度: optional; when absent a bill belongs to the fiscal year of its 納期限 (domain.md). */
const COLUMNS = [...BILLS_COLUMNS, '会計年度'] as const;
type Column = (typeof COLUMNS)[number];

const LAYOUT: CsvLayout<Column> = {
  format: 'bills',
  columns: COLUMNS,
  byName: { required: BILLS_COLUMNS, ignoreUnknown: false },
  used: COLUMNS,
};

const STATUSES: Record<string, BillRow['status']> = { 有効: 'active', 取消: 'cancelled' };

class BillsSession extends CsvSession<BillRow, Column> {
  constructor(ctx: ParseContext) {
    super(LAYOUT, ctx);
  }

  protected data(line: CsvLine<Column>): RecordOutcome<BillRow> {
    const municipalityCode = line.digits('地方公共団体コード', 6);

    // The number's parts are compared with their columns only when it is 16 digits at all.
    const digits = line.identifier('納付番号', 16);
    if (digits && !isValidBillNumber(digits)) {
      line.fail('納付番号', `納付番号のチェックデジットが一致しません: ${digits}`, `納付番号 check digit does not verify: ${digits}`);
    }

    const categoryCode = line.category('科目コード', this.ctx.categories, digits);

    const fiscalYear = line.get('賦課年度');
    if (!/^\d{4}$/.test(fiscalYear)) {
      line.fail('賦課年度', `賦課年度が西暦4桁ではありません: ${fiscalYear}`, `賦課年度 is not a 4-digit year: ${fiscalYear}`);
    } else if (digits && digits.slice(2, 4) !== fiscalYear.slice(2)) {
      const part = digits.slice(2, 4);
      line.fail(
        '賦課年度',
        `賦課年度が納付番号と一致しません: ${fiscalYear}（納付番号 ${part}）`,
        `賦課年度 ${fiscalYear} disagrees with 納付番号 (${part})`,
      );
    }

    const accountingYear = line.get('会計年度');
    if (accountingYear !== '' && !/^\d{4}$/.test(accountingYear)) {
      line.fail('会計年度', `会計年度が西暦4桁ではありません: ${accountingYear}`, `会計年度 is not a 4-digit year: ${accountingYear}`);
    }

    const installment = line.code('期別', 2);
    if (installment && digits && digits.slice(4, 6) !== installment) {
      const part = digits.slice(4, 6);
      line.fail(
        '期別',
        `期別が納付番号と一致しません: ${installment}（納付番号 ${part}）`,
        `期別 ${installment} disagrees with 納付番号 (${part})`,
      );
    }

    const dueDate = line.date('納期限');

    const amountText = line.get('調定額');
    // Digits only: a comma or a minus sign means the export is not what we expect, not a number to guess.
    if (!/^\d+$/.test(amountText) || !Number.isSafeInteger(Number(amountText))) {
      line.fail('調定額', `調定額が0以上の整数ではありません: ${amountText}`, `調定額 is not a non-negative integer: ${amountText}`);
    }

    const payerId = line.get('宛名番号');
    if (!/^\d+$/.test(payerId)) line.fail('宛名番号', `宛名番号が数字ではありません: ${payerId}`, `宛名番号 is not digits: ${payerId}`);

    const statusText = line.get('状態');
    const status = Object.hasOwn(STATUSES, statusText) ? STATUSES[statusText] : null;
    if (!status)
      line.fail('状態', `状態が「有効」「取消」のどちらでもありません: ${statusText}`, `状態 is neither 有効 nor 取消: ${statusText}`);

    const updatedOn = line.date('更新日');

    if (line.errors.length || !digits || !categoryCode || !installment || !dueDate || !status || !updatedOn) return line.rejected();
    return line.accept<BillRow>({
      municipalityCode,
      billNumber: digits,
      categoryCode,
      fiscalYear: Number(fiscalYear),
      accountingYear: accountingYear === '' ? null : Number(accountingYear),
      installment,
      dueDate,
      amount: Number(amountText),
      payerId,
      status,
      updatedOn,
    });
  }
}

export const billsParser = defineParser<BillRow>({
  format: 'bills',
  framing: { kind: 'csv' },
  target: 'bills',
  start: (ctx) => new BillsSession(ctx),
});
