import type { IsoDate } from '../../src/common/calendar';
import { barcodeAmount } from './konbini';
import { slashDateTime, ymd, zeroPad } from './fields';

/** The CSV layouts of formats.md, one row at a time (the caller joins the lines and encodes the file). */

function csvCells(cells: (string | number)[]): string {
  return cells
    .map((cell) => {
      const s = String(cell);
      if (/[",\r\n]/.test(s)) throw new Error(`CSV cell needs quoting: ${s}`);
      return s;
    })
    .join(',');
}

// bills (調定 CSV)

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

// konbini-csv (電算システム)

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
export const CREDIT_CARD_HEADER =
  '決済ID,受付日時,売上確定日,入金予定日,科目コード,納付番号,納付金額,システム利用料,ブランド,カード下4桁,取引区分,元決済ID';

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
  const bank = [zeroPad(f.bankCode, 4), zeroPad(f.branchCode, 3)];
  return csvCells([ymd(f.paidOn), ...bank, f.billNumber, f.billNumber.slice(0, 2), f.amount, ymd(f.transferOn), f.cancel]);
}
