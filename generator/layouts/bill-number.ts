import { withCheckDigit } from '../../src/common/check-digit';
import { zeroPad } from './fields';

/** 納付番号: 科目(2) + 賦課年度 last two digits (2) + 期別(2) + 通知書番号(9) + check digit. */
export function billNumber(category: string, fiscalYear: number, installment: string, noticeNo: number): string {
  return withCheckDigit(zeroPad(category, 2) + zeroPad(fiscalYear % 100, 2) + zeroPad(installment, 2) + zeroPad(noticeNo, 9));
}

/** The same number with a check digit that fails (the digit after the right one): 納付番号 or barcode alike. */
export function withWrongCheckDigit(valid: string): string {
  const right = Number(valid[valid.length - 1]);
  return valid.slice(0, -1) + String((right + 1) % 10);
}
