import type { IsoDate } from '../../src/common/calendar';
import { withCheckDigit } from '../../src/common/check-digit';
import { withWrongCheckDigit } from './bill-number';
import { padBytes, ymd, yymmdd, zeroPad } from './fields';
import { fixedRecord } from './fixed-width';

/**
 * `konbini`: the main 収納代行's 120-byte records (formats.md) — header (1), data (2: 速報 01, 確報 02,
 * 速報取消 03), trailer (8), end (9) — and the 44-digit GS1-128 barcode of the slip they carry.
 */

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

/** Barcode 支払金額 (positions 38–43). */
export function barcodeAmount(code: string): number {
  return Number(code.slice(37, 43));
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
  const client = zeroPad(f.agentCode, 5) + zeroPad(f.clientCode, 5) + padBytes(f.clientName, 40);
  return fixedRecord('1' + ymd(f.createdOn) + client + zeroPad(f.municipalityCode, 6));
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
  return fixedRecord(
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

/** 速報/確報/取消 counts and sums of one group, as its trailer states them. */
export interface KonbiniGroupTotals {
  count: Record<KonbiniDataType, number>;
  amount: Record<KonbiniDataType, number>;
}

/** Running totals of a group, added record by record. */
export class KonbiniTotals implements KonbiniGroupTotals {
  readonly count: Record<KonbiniDataType, number> = { '01': 0, '02': 0, '03': 0 };
  readonly amount: Record<KonbiniDataType, number> = { '01': 0, '02': 0, '03': 0 };

  add(dataType: KonbiniDataType, amount: number): void {
    this.count[dataType]++;
    this.amount[dataType] += amount;
  }
}

export function konbiniTrailer(t: KonbiniGroupTotals): Buffer {
  const pair = (type: KonbiniDataType) => zeroPad(t.count[type], 6) + zeroPad(t.amount[type], 12);
  return fixedRecord('8' + pair('01') + pair('02') + pair('03'));
}

/** End record: 総レコード数 counts every record of the file, header and end included. */
export function konbiniEnd(totalRecords: number): Buffer {
  return fixedRecord('9' + zeroPad(totalRecords, 6));
}
