import * as iconv from 'iconv-lite';
import { addCalendarDays, isBankHoliday, type IsoDate } from '../src/common/calendar';
import { withCheckDigit } from '../src/common/check-digit';

/**
 * Record builders shared by the committed sample generator (samples/generate.ts) and the benchmark
 * file maker (bench/make-konbini.ts). Every builder returns exactly what formats.md lays out: the
 * fixed-length ones return CP932 bytes and refuse to return a record of the wrong width.
 */

export const KONBINI_WIDTH = 120;

// ---------------------------------------------------------------- randomness (seeded, reproducible)

/** mulberry32: a tiny seeded PRNG, so every run writes the same bytes. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

/** Integer in [lo, hi], both inclusive. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Picks by weight: `[[value, weight], …]`. */
export function weighted<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1][0];
}

// ---------------------------------------------------------------- dates and numbers

/** `2026-11-25` → `20261125`. */
export function ymd(iso: IsoDate): string {
  return iso.replace(/-/g, '');
}

/** `2026-11-25` → `261125` (western YYMMDD, as the barcode's 支払期限). */
export function yymmdd(iso: IsoDate): string {
  return ymd(iso).slice(2);
}

/** The n-th business day after `iso` (n ≥ 1), skipping weekends, holidays and 12/29–1/3. */
export function addBusinessDays(iso: IsoDate, n: number): IsoDate {
  let d = iso;
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, 1);
    if (!isBankHoliday(d)) left--;
  }
  return d;
}

/** Last calendar day of the month `months` after the month of `iso`. */
export function endOfMonthAfter(iso: IsoDate, months: number): IsoDate {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const last = new Date(Date.UTC(y, m + 1, 0));
  return last.toISOString().slice(0, 10);
}

export function zeroPad(value: number | string, width: number): string {
  const s = String(value);
  if (!/^\d+$/.test(s) || s.length > width) throw new Error(`cannot zero-pad ${s} to ${width} digits`);
  return s.padStart(width, '0');
}

// ---------------------------------------------------------------- 納付番号 and barcode

/** 納付番号: 科目(2) + 賦課年度 last two digits (2) + 期別(2) + 通知書番号(9) + check digit. */
export function billNumber(category: string, fiscalYear: number, installment: string, noticeNo: number): string {
  return withCheckDigit(zeroPad(category, 2) + zeroPad(fiscalYear % 100, 2) + zeroPad(installment, 2) + zeroPad(noticeNo, 9));
}

/** The same 納付番号 with a check digit that fails (the digit after the right one). */
export function withWrongCheckDigit(valid: string): string {
  const right = Number(valid[valid.length - 1]);
  return valid.slice(0, -1) + String((right + 1) % 10);
}

export interface BarcodeFields {
  /** 収納代行's company code, 6 digits starting with 9. */
  companyCode: string;
  /** The city's client code at that 収納代行, 5 digits. */
  clientCode: string;
  /** 16 digits, carried as is (even with a wrong check digit). */
  billNumber: string;
  /** 再発行区分: `0` original, `1`… reissue. */
  reissue: string;
  /** 支払期限, or null for `999999` (none). */
  payLimit: IsoDate | null;
  amount: number;
}

/** GS1-128 AI 91, 44 digits; the last digit is the modulus-10 3/1 check over the first 43. */
export function barcode(f: BarcodeFields): string {
  if (f.amount < 0 || f.amount > 999999) throw new Error(`barcode amount out of range: ${f.amount}`);
  const body =
    '91' +
    zeroPad(f.companyCode, 6) +
    zeroPad(f.clientCode, 5) +
    zeroPad(f.billNumber, 16) +
    zeroPad(f.reissue, 1) +
    (f.payLimit ? yymmdd(f.payLimit) : '999999') +
    '0' + // 印紙フラグ: 0 for 公金
    zeroPad(f.amount, 6);
  if (body.length !== 43) throw new Error(`barcode body is ${body.length} digits`);
  return withCheckDigit(body);
}

/** The same barcode with its own check digit broken. */
export function withWrongBarcodeCheck(valid: string): string {
  return withWrongCheckDigit(valid);
}

// ---------------------------------------------------------------- konbini: 120-byte fixed length

function fixed(text: string): Buffer {
  const bytes = iconv.encode(text, 'cp932');
  if (bytes.length > KONBINI_WIDTH) throw new Error(`record is ${bytes.length} bytes: ${text}`);
  const out = Buffer.alloc(KONBINI_WIDTH, 0x20);
  bytes.copy(out);
  return out;
}

/** Pads CP932 text with half-width spaces to `width` bytes. */
export function padBytes(text: string, width: number): string {
  const len = iconv.encode(text, 'cp932').length;
  if (len > width) throw new Error(`"${text}" is ${len} bytes, more than ${width}`);
  return text + ' '.repeat(width - len);
}

export interface KonbiniHeaderFields {
  createdOn: IsoDate;
  /** 収納代行コード, 5 digits. */
  agentCode: string;
  /** 収納企業コード, 5 digits (the city's client code at the 収納代行). */
  clientCode: string;
  /** 収納企業名, 半角カナ. */
  clientName: string;
  municipalityCode: string;
}

export function konbiniHeader(f: KonbiniHeaderFields): Buffer {
  return fixed(
    '1' + ymd(f.createdOn) + zeroPad(f.agentCode, 5) + zeroPad(f.clientCode, 5) + padBytes(f.clientName, 40) + zeroPad(f.municipalityCode, 6),
  );
}

export type KonbiniDataType = '01' | '02' | '03';

export interface KonbiniDataFields {
  dataType: KonbiniDataType;
  /** 収納日 as 8 characters: normally ymd(date), but a sample may plant a day that does not exist. */
  paidYmd: string;
  /** HHMM. */
  paidTime: string;
  barcode: string;
  /** 7 digits; `0000000` for smartphone apps. */
  storeCode: string;
  /** 客層データ, 2 digits. */
  segment: string;
  acquiredOn: IsoDate;
  /** 振込予定日: 確報 only. */
  transferOn: IsoDate | null;
  accountingOn: IsoDate;
  /** CVSコード, 3 digits (written zero-padded to 6). */
  cvsCode: string;
}

export function konbiniData(f: KonbiniDataFields): Buffer {
  if (f.barcode.length !== 44) throw new Error(`barcode is not 44 digits: ${f.barcode}`);
  return fixed(
    '2' +
      f.dataType +
      f.paidYmd +
      f.paidTime +
      '1' + // バーコード種別: GS1-128
      f.barcode +
      '   ' +
      zeroPad(f.storeCode, 7) +
      zeroPad(f.segment, 2) +
      ymd(f.acquiredOn) +
      (f.dataType === '02' && f.transferOn ? ymd(f.transferOn) : '00000000') +
      ymd(f.accountingOn) +
      zeroPad(f.cvsCode, 6),
  );
}

/** Barcode 支払金額 (positions 38–43). */
export function barcodeAmount(code: string): number {
  return Number(code.slice(37, 43));
}

/** Running 速報/確報/取消 counts and sums of one group, as its trailer states them. */
export class KonbiniTotals {
  readonly count: Record<KonbiniDataType, number> = { '01': 0, '02': 0, '03': 0 };
  readonly amount: Record<KonbiniDataType, number> = { '01': 0, '02': 0, '03': 0 };

  add(dataType: KonbiniDataType, amount: number): void {
    this.count[dataType]++;
    this.amount[dataType] += amount;
  }
}

export function konbiniTrailer(t: KonbiniTotals): Buffer {
  return fixed(
    '8' +
      zeroPad(t.count['01'], 6) +
      zeroPad(t.amount['01'], 12) +
      zeroPad(t.count['02'], 6) +
      zeroPad(t.amount['02'], 12) +
      zeroPad(t.count['03'], 6) +
      zeroPad(t.amount['03'], 12),
  );
}

/** End record: 総レコード数 counts every record of the file, header and end included. */
export function konbiniEnd(totalRecords: number): Buffer {
  return fixed('9' + zeroPad(totalRecords, 6));
}

// ---------------------------------------------------------------- bills (調定 CSV)

export const BILLS_COLUMNS = ['地方公共団体コード', '納付番号', '科目コード', '賦課年度', '期別', '納期限', '調定額', '宛名番号', '状態', '更新日'] as const;

export interface BillCsvFields {
  municipalityCode: string;
  billNumber: string;
  category: string;
  fiscalYear: number;
  installment: string;
  /** 納期限 as printed. */
  dueDate: IsoDate;
  amount: number;
  payerId: string;
  status: '有効' | '取消';
  updatedOn: IsoDate;
}

export function billsCsvRow(b: BillCsvFields): string {
  return [
    b.municipalityCode,
    b.billNumber,
    b.category,
    String(b.fiscalYear),
    b.installment,
    ymd(b.dueDate),
    String(b.amount),
    b.payerId,
    b.status,
    ymd(b.updatedOn),
  ].join(',');
}

// ---------------------------------------------------------------- konbini-csv (電算システム)

export const KONBINI_CSV_HEADER =
  '種別,収納日,収納時刻,バーコード情報,ユーザー使用欄１,ユーザー使用欄２,印紙フラグ,金額,コンビニ本部コード,コンビニ名,コンビニ店舗コード,振込日,データ作成日';

export interface KonbiniCsvFields {
  /** 01 速報, 02 確報, 03 速報取消, 12 郵便振替, 22 郵便振替訂正. */
  dataType: '01' | '02' | '03' | '12' | '22';
  paidOn: IsoDate;
  paidTime: string;
  barcode: string;
  user1: string;
  user2: string;
  /** 3-digit CVSコード. */
  cvsCode: string;
  cvsName: string;
  storeCode: string;
  /** 振込日: 確報 and 郵便振替 only (else `0`). */
  transferOn: IsoDate | null;
  createdOn: IsoDate;
}

export function konbiniCsvRow(f: KonbiniCsvFields): string {
  return [
    f.dataType,
    ymd(f.paidOn),
    f.paidTime,
    'EAN' + f.barcode,
    f.user1,
    f.user2,
    f.barcode[36], // 印紙フラグ, as the barcode carries it
    String(barcodeAmount(f.barcode)),
    f.cvsCode,
    `"${f.cvsName}"`,
    f.storeCode,
    f.transferOn ? ymd(f.transferOn) : '0',
    ymd(f.createdOn),
  ].join(',');
}
