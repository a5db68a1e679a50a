import { effectiveDueDate, type IsoDate } from '../src/common/calendar';
import { billNumber, zeroPad } from './layouts';

/** Months and the installment schedules (期別, 納期限) that both scenarios bill by. */

/** `2026-11-25` → `2026-11`. */
export function monthOf(iso: IsoDate): string {
  return iso.slice(0, 7);
}

/** `2026-11` → `2026-12-01`. */
export function firstOfNextMonth(month: string): IsoDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${zeroPad(m + 1, 2)}-01`;
}

/** Last calendar day of the month `months` after the month of `iso`. */
export function endOfMonthAfter(iso: IsoDate, months: number): IsoDate {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const last = new Date(Date.UTC(y, m + 1, 0));
  return last.toISOString().slice(0, 10);
}

/** The insurance taxes and premiums fall due on 12/25 in December, before the year-end closure. */
export const DECEMBER_DAY = 25;

/** Last calendar day of a month (`month` 1–12). */
export function monthEnd(year: number, month: number): IsoDate {
  return endOfMonthAfter(`${year}-${zeroPad(month, 2)}-01`, 0);
}

/** 期別 and printed 納期限 of each installment of a category in fiscal year fy. */
export function installmentSchedule(category: string, fy: number): { installment: string; due: IsoDate }[] {
  const months = (list: number[], dec?: number) =>
    list.map((m, i) => {
      const year = m >= 4 ? fy : fy + 1;
      const due = m === 12 && dec ? `${year}-12-${dec}` : monthEnd(year, m);
      return { installment: zeroPad(i + 1, 2), due };
    });
  switch (category) {
    case '01': // 市県民税 普通徴収: 6/30, 8/31, 10/31, 1/31
      return months([6, 8, 10, 1]);
    case '02': // 固定資産税: 4/30, 7/31, 12/25, 2/28
      return months([4, 7, 12, 2], DECEMBER_DAY);
    case '03': // 軽自動車税: 5/31
      return months([5]);
    case '04': // 国民健康保険税: 10 期, 6月–3月
      return months([6, 7, 8, 9, 10, 11, 12, 1, 2, 3], DECEMBER_DAY);
    case '05': // 介護保険料 普通徴収: 8 期, 7月–2月
      return months([7, 8, 9, 10, 11, 12, 1, 2], DECEMBER_DAY);
    case '06': // 後期高齢者医療保険料 普通徴収: 9 期, 7月–3月
      return months([7, 8, 9, 10, 11, 12, 1, 2, 3], DECEMBER_DAY);
    case '07': // 住宅使用料: 12 期, 末日
    case '08': // 保育所利用料: 12 期, 末日
      return months([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]);
    default:
      throw new Error(`no schedule for ${category}`);
  }
}

/** What every generated bill has: its 納付番号, schedule and amount (the scenarios add their own state). */
export interface ScheduledBill {
  billNumber: string;
  category: string;
  fiscalYear: number;
  installment: string;
  dueDate: IsoDate;
  /** 地方税法20条の5: the printed 納期限, moved off a bank holiday. */
  effectiveDue: IsoDate;
  amount: number;
  payerId: string;
}

export interface BillSpec {
  category: string;
  fy: number;
  installment: string;
  due: IsoDate;
  amount: number;
  payerId: string;
  /** 通知書番号. */
  notice: number;
  /** A 納付番号 given as is (a bill of the other scenario), instead of one made of the fields. */
  billNumber?: string;
}

export function scheduledBill(b: BillSpec): ScheduledBill {
  return {
    billNumber: b.billNumber ?? billNumber(b.category, b.fy, b.installment, b.notice),
    category: b.category,
    fiscalYear: b.fy,
    installment: b.installment,
    dueDate: b.due,
    effectiveDue: effectiveDueDate(b.due),
    amount: b.amount,
    payerId: b.payerId,
  };
}
