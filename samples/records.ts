import * as iconv from 'iconv-lite';
import type { IsoDate } from '../src/common/calendar';
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

// ---------------------------------------------------------------- installment schedules (shared by both scenarios)

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

// ---------------------------------------------------------------- CSV helpers for the other channels

/** `2025-06-18`, `14:03:27` → `2025/06/18 14:03:27` (Tokyo local time, as the providers write it). */
export function slashDateTime(iso: IsoDate, hhmmss: string): string {
  if (!/^\d{2}:\d{2}:\d{2}$/.test(hhmmss)) throw new Error(`not HH:MM:SS: ${hhmmss}`);
  return `${iso.replace(/-/g, '/')} ${hhmmss}`;
}

function csvCells(cells: (string | number)[]): string {
  return cells
    .map((cell) => {
      const s = String(cell);
      if (/[",\r\n]/.test(s)) throw new Error(`CSV cell needs quoting: ${s}`);
      return s;
    })
    .join(',');
}

// eltax: eL-QR 納付情報 (formats.md, 17 columns)
export const ELTAX_HEADER =
  'データ作成日,共通納税機関コード,地方公共団体コード,税目・料金番号,案件特定キー,確認番号,賦課年度,課税年度,期別コード,納期限,納付金額,納付日,納付手段区分,決済事業者名,払込予定日,取消区分,受付番号';

export interface EltaxFields {
  createdOn: IsoDate;
  /** 共通納税機関コード, 5 digits (46214 for 垂水市). */
  institutionCode: string;
  municipalityCode: string;
  /** 税目・料金番号, 3 digits: `0` + 科目コード by default. */
  taxCode: string;
  billNumber: string;
  /** 確認番号, 6 digits. */
  confirmation: string;
  fiscalYear: number;
  taxYear: number;
  installment: string;
  dueDate: IsoDate;
  amount: number;
  paidOn: IsoDate;
  /** 納付手段区分 01–06, 99. */
  means: string;
  company: string;
  depositOn: IsoDate | null;
  cancel: '0' | '1';
  receiptNo: string;
}

export function eltaxCsvRow(f: EltaxFields): string {
  return csvCells([
    ymd(f.createdOn),
    f.institutionCode,
    f.municipalityCode,
    f.taxCode,
    '0000' + zeroPad(f.billNumber, 16),
    f.confirmation,
    f.fiscalYear,
    f.taxYear,
    f.installment,
    ymd(f.dueDate),
    f.amount,
    ymd(f.paidOn),
    f.means,
    f.company,
    f.depositOn ? ymd(f.depositOn) : '',
    f.cancel,
    f.receiptNo,
  ]);
}

// credit-card: 公金クレジット収納 settlement (formats.md, 12 columns and a 合計 trailer)
export const CREDIT_CARD_HEADER = '決済ID,受付日時,売上確定日,入金予定日,科目コード,納付番号,納付金額,システム利用料,ブランド,カード下4桁,取引区分,元決済ID';

export interface CreditCardFields {
  id: string;
  receivedOn: IsoDate;
  /** HH:MM:SS */
  receivedTime: string;
  settledOn: IsoDate;
  depositOn: IsoDate;
  billNumber: string;
  amount: number;
  fee: number;
  brand: string;
  last4: string;
  deal: '売上' | '取消';
  originalId: string;
}

export function creditCardCsvRow(f: CreditCardFields): string {
  return csvCells([
    f.id,
    slashDateTime(f.receivedOn, f.receivedTime),
    ymd(f.settledOn),
    ymd(f.depositOn),
    f.billNumber.slice(0, 2),
    f.billNumber,
    f.amount,
    f.fee,
    f.brand,
    f.last4,
    f.deal,
    f.originalId,
  ]);
}

/** `合計,<売上件数>,<売上納付金額合計>,<取消件数>,<取消納付金額合計>` */
export function creditCardTrailer(sales: [number, number], cancels: [number, number]): string {
  return csvCells(['合計', sales[0], sales[1], cancels[0], cancels[1]]);
}

// qr-counter: PayPay for Business 取引履歴 (formats.md, 15 columns)
export const QR_COUNTER_HEADER =
  '取引番号,加盟店ID,屋号,店舗ID,店舗名,端末番号/PosID,取引ステータス,取引日時,取引金額,レシート番号,支払い方法,支払い詳細,取引確定期限,加盟店決済ID,サービスタイプ';

export interface QrCounterFields {
  id: string;
  merchantId: string;
  tradeName: string;
  storeId: string;
  storeName: string;
  terminal: string;
  status: '取引完了' | '返金完了' | '取引失敗' | '取消済み';
  on: IsoDate;
  /** HH:MM:SS */
  time: string;
  /** Negative for a refund. */
  amount: number;
  receipt: string;
  method: string;
  merchantPaymentId: string;
  serviceType: string;
}

export function qrCounterCsvRow(f: QrCounterFields): string {
  return csvCells([
    f.id,
    f.merchantId,
    f.tradeName,
    f.storeId,
    f.storeName,
    f.terminal,
    f.status,
    slashDateTime(f.on, f.time),
    f.amount,
    f.receipt,
    f.method,
    '',
    '',
    f.merchantPaymentId,
    f.serviceType,
  ]);
}

// city-cash: 窓口収納日計 (formats.md, 9 columns)
export const CITY_CASH_HEADER = '受付番号,受付日時,窓口コード,科目コード,件数,金額,支払方法,QR取引番号,取消区分';

export interface CityCashFields {
  receiptNo: string;
  on: IsoDate;
  /** HH:MM:SS */
  time: string;
  counter: string;
  category: string;
  quantity: number;
  amount: number;
  method: '現金' | 'QR';
  qrId: string;
  cancel: '0' | '1';
}

export function cityCashCsvRow(f: CityCashFields): string {
  return csvCells([f.receiptNo, slashDateTime(f.on, f.time), f.counter, f.category, f.quantity, f.amount, f.method, f.qrId, f.cancel]);
}

// bank-counter: 指定金融機関 OCR 収納データ (formats.md, 8 columns)
export const BANK_COUNTER_HEADER = '収納日,金融機関コード,支店コード,納付番号,科目コード,金額,払込日,取消区分';

export interface BankCounterFields {
  paidOn: IsoDate;
  bankCode: string;
  branchCode: string;
  billNumber: string;
  amount: number;
  transferOn: IsoDate;
  cancel: '0' | '1';
}

export function bankCounterCsvRow(f: BankCounterFields): string {
  return csvCells([ymd(f.paidOn), zeroPad(f.bankCode, 4), zeroPad(f.branchCode, 3), f.billNumber, f.billNumber.slice(0, 2), f.amount, ymd(f.transferOn), f.cancel]);
}

// ---------------------------------------------------------------- zengin-furikae: 全銀 口座振替結果, 120 bytes

export interface FurikaeHeaderFields {
  /** 委託者コード, 10 digits. */
  consignorCode: string;
  /** 委託者名, 半角カナ (40 bytes). */
  consignorName: string;
  debitOn: IsoDate;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  /** 預金種目: 1 普通, 2 当座. */
  accountType: string;
  accountNo: string;
}

export function furikaeHeader(f: FurikaeHeaderFields): Buffer {
  return fixed(
    '1' +
      '91' +
      '0' +
      zeroPad(f.consignorCode, 10) +
      padBytes(f.consignorName, 40) +
      ymd(f.debitOn).slice(4) +
      zeroPad(f.bankCode, 4) +
      padBytes(f.bankName, 15) +
      zeroPad(f.branchCode, 3) +
      padBytes(f.branchName, 15) +
      zeroPad(f.accountType, 1) +
      zeroPad(f.accountNo, 7),
  );
}

export interface FurikaeDataFields {
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: string;
  accountNo: string;
  /** 預金者名, 半角カナ (30 bytes). */
  payerName: string;
  amount: number;
  billNumber: string;
  /** 振替結果コード: 0 振替済; 1, 2, 3, 4, 8, 9 振替不能. */
  result: string;
}

export function furikaeData(f: FurikaeDataFields): Buffer {
  return fixed(
    '2' +
      zeroPad(f.bankCode, 4) +
      padBytes(f.bankName, 15) +
      zeroPad(f.branchCode, 3) +
      padBytes(f.branchName, 15) +
      '    ' +
      zeroPad(f.accountType, 1) +
      zeroPad(f.accountNo, 7) +
      padBytes(f.payerName, 30) +
      zeroPad(f.amount, 10) +
      '0' + // 新規コード
      '0000' +
      zeroPad(f.billNumber, 16) +
      zeroPad(f.result, 1),
  );
}

export interface FurikaeTotals {
  total: [number, number];
  debited: [number, number];
  failed: [number, number];
}

export function furikaeTrailer(t: FurikaeTotals): Buffer {
  const pair = ([count, amount]: [number, number]) => zeroPad(count, 6) + zeroPad(amount, 12);
  return fixed('8' + pair(t.total) + pair(t.debited) + pair(t.failed));
}

export function furikaeEnd(): Buffer {
  return fixed('9');
}
