import * as holidayJp from '@holiday-jp/holiday_jp';

/**
 * Business dates (収納日, 納期限, 振込予定日) travel as ISO `YYYY-MM-DD` strings: a calendar day in
 * Asia/Tokyo, never an instant. Day arithmetic counts UTC day numbers; the holiday lookup gets a Date built
 * at *local* midnight of the day, which is what @holiday-jp/holiday_jp reads. Neither depends on the machine's TZ.
 */
export type IsoDate = string;

function toLocal(iso: IsoDate): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `20260230` → null (no such day); `20261126` → `2026-11-26`. Plain arithmetic: parsers call this for
 * every date of every record, and date-fns `parse` costs some 20 µs a call.
 */
export function parseYmd(ymd: string): IsoDate | null {
  if (!/^\d{8}$/.test(ymd)) return null;
  const year = Number(ymd.slice(0, 4));
  const month = Number(ymd.slice(4, 6));
  const day = Number(ymd.slice(6));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0)) return null;
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}`;
}

/** Today's calendar day in Tokyo, whatever the machine's zone. */
export function todayInTokyo(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now);
}

const MS_PER_DAY = 86_400_000;

/** The day's number since 1970-01-01: UTC arithmetic has no zone and no DST, and is far faster than date-fns. */
function utcDay(iso: IsoDate): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

export function addCalendarDays(iso: IsoDate, days: number): IsoDate {
  return new Date((utcDay(iso) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when to is earlier). */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return utcDay(to) - utcDay(from);
}

const bankHolidays = new Map<IsoDate, boolean>();

/** Banks close on weekends, national holidays and the year-end closure (12/29–1/3). */
export function isBankHoliday(iso: IsoDate): boolean {
  // A few thousand distinct days at most; the holiday table lookup is slow enough to matter per row.
  let closed = bankHolidays.get(iso);
  if (closed === undefined) {
    closed = computeBankHoliday(iso);
    bankHolidays.set(iso, closed);
  }
  return closed;
}

function computeBankHoliday(iso: IsoDate): boolean {
  const date = toLocal(iso);
  const day = date.getDay();
  if (day === 0 || day === 6) return true;
  const md = iso.slice(5);
  if (md >= '12-29' || md <= '01-03') return true;
  return holidayJp.isHoliday(date);
}

// Remembered like isBankHoliday: few distinct days, and the sample generator asks some 200,000 times.
const onOrAfter = new Map<IsoDate, IsoDate>();
const businessDaysAfter = new Map<string, IsoDate>();

/** The day itself when banks open on it, else the next day they do. */
export function businessDayOnOrAfter(iso: IsoDate): IsoDate {
  let day = onOrAfter.get(iso);
  if (day === undefined) {
    day = iso;
    while (isBankHoliday(day)) day = addCalendarDays(day, 1);
    onOrAfter.set(iso, day);
  }
  return day;
}

/** The day itself when banks open on it, else the last day before it that they did. */
export function businessDayOnOrBefore(iso: IsoDate): IsoDate {
  let day = iso;
  while (isBankHoliday(day)) day = addCalendarDays(day, -1);
  return day;
}

/** The n-th business day after `iso` (n ≥ 0; n = 0 is `iso` itself): 振込予定日, 払込日, a file's arrival. */
export function addBusinessDays(iso: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addBusinessDays takes a whole number of days ≥ 0, not ${n}`);
  const key = `${iso}+${n}`;
  let day = businessDaysAfter.get(key);
  if (day === undefined) {
    day = iso;
    for (let left = n; left > 0;) {
      day = addCalendarDays(day, 1);
      if (!isBankHoliday(day)) left--;
    }
    businessDaysAfter.set(key, day);
  }
  return day;
}

/** 地方税法20条の5: a 納期限 falling on a bank holiday moves to the next business day. */
export function effectiveDueDate(printed: IsoDate): IsoDate {
  return businessDayOnOrAfter(printed);
}

/** Number of business days d with from < d ≤ to (0 when to ≤ from). */
export function businessDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (!isBankHoliday(d)) count++;
  }
  return count;
}

/**
 * The latest day s for which more than `days` business days lie in (s, to]; every earlier day
 * qualifies too. Lets SQL compare plain dates instead of counting business days per row.
 */
export function lastDayWithMoreBusinessDaysThan(to: IsoDate, days: number): IsoDate {
  let count = 0;
  let d = to;
  while (count <= days) {
    if (!isBankHoliday(d)) count++;
    d = addCalendarDays(d, -1);
  }
  return d;
}

/** 会計年度 named by the year it starts (FY2026 = 令和8年度 = 2026-04-01…2027-03-31). */
export function fiscalYearOf(iso: IsoDate): number {
  const year = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 4 ? year : year - 1;
}

/**
 * A bill's fiscal year (自治令142条1項1号): the bills file's 会計年度 when it states one, else the fiscal year of its
 * 納期限 as printed (before any roll). SQL twin: `bill_fiscal_year` (migration 1765020000000).
 */
export function billFiscalYear(printedDueDate: IsoDate, statedYear: number | null): number {
  return statedYear ?? fiscalYearOf(printedDueDate);
}

/**
 * The fiscal year a payment counts in: April 1 – May 31 payments count in the previous year only for that year's own
 * bills (出納整理期間); 滞納繰越分 (older bills) and payments with no bill count by their 納付日 (自治令142条2項).
 * SQL twin: `payment_fiscal_year`.
 */
export function attributedFiscalYear(paidOn: IsoDate, billYear: number | null): number {
  const fy = fiscalYearOf(paidOn);
  const month = Number(paidOn.slice(5, 7));
  if ((month === 4 || month === 5) && billYear === fy - 1) return fy - 1;
  return fy;
}

/** 年度区分: `carried` (滞納繰越分) when the bill belongs to an earlier year than the payment counts in. SQL twin: `year_class`. */
export const YEAR_CLASSES = ['current', 'carried'] as const;
export type YearClass = (typeof YEAR_CLASSES)[number];

export function yearClassOf(billYear: number | null, fiscalYear: number): YearClass {
  return billYear !== null && billYear < fiscalYear ? 'carried' : 'current';
}

/** 令和 year of a western date (令和元年 = 2019-05-01). */
export function reiwaYear(iso: IsoDate): number {
  return Number(iso.slice(0, 4)) - 2018;
}

/** 和暦 YYMMDD in 令和 (`081125` → 2026-11-25); null when it is not a real day. */
export function parseReiwaYymmdd(yymmdd: string): IsoDate | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  return parseYmd(String(2018 + Number(yymmdd.slice(0, 2))) + yymmdd.slice(2));
}

/** Latest date with this MMDD not after `notAfter` (全銀 引落日 carries no year). */
export function resolveMonthDay(mmdd: string, notAfter: IsoDate): IsoDate | null {
  if (!/^\d{4}$/.test(mmdd)) return null;
  const year = Number(notAfter.slice(0, 4));
  for (const y of [year, year - 1, year - 2, year - 3, year - 4]) {
    const iso = parseYmd(`${y}${mmdd}`);
    if (iso && iso <= notAfter) return iso;
  }
  return null;
}
