import { isValidBarcode, isValidBillNumber } from '../../../common/check-digit';
import type { Channel } from '../../../common/codes';
import type { LineError, ParseContext } from '../parser.types';
import { lineError, trimSpaces } from '../parser-text';

/**
 * What the fixed-length (`konbini`) and CSV (`konbini-csv`) variants of the 収納代行 収納データ share:
 * the 44-digit GS1-128 barcode, the CVSコード → channel lookup and the pairing key, so that a 速報 in
 * one variant and its 確報 in the other describe the same payment.
 */

/** 収納時刻 `HHMM` → `HH:MM:00`; null when it is not a time of day. */
export function parseHhmm(hhmm: string): string | null {
  return /^([01]\d|2[0-3])[0-5]\d$/.test(hhmm) ? `${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00` : null;
}

export interface Barcode {
  /** The 44 digits. */
  digits: string;
  /** Positions 3–8: the 収納代行's company code. */
  companyCode: string;
  /** Positions 14–29, as read. */
  billNumber: string;
  /** Positions 38–43: 支払金額. */
  amount: number;
  /** Both the barcode's and the 納付番号's check digits verify. */
  referenceValid: boolean;
}

/** Reads a 44-digit barcode (the caller has checked that it is 44 digits). */
export function readBarcode(digits: string): Barcode {
  const billNumber = digits.slice(13, 29);
  return {
    digits,
    companyCode: digits.slice(2, 8),
    billNumber,
    amount: Number(digits.slice(37, 43)),
    referenceValid: isValidBarcode(digits) && isValidBillNumber(billNumber),
  };
}

/** 速報, its 確報 and its 速報取消 share this key (formats.md: barcode + 収納日 + 収納時刻 + 収納店舗コード). */
export function konbiniPairingKey(barcode: string, paidYmd: string, hhmm: string, storeCode: string): string {
  return `konbini:${barcode}:${paidYmd}:${hhmm}:${storeCode}`;
}

export interface CvsLookup {
  /** The 3-digit code, or null when the field cannot be one. */
  cvsCode: string | null;
  channel: Channel;
  /** Set when the code is not in the city's table: the row is kept as a convenience-store payment. */
  warning: LineError | null;
}

/**
 * CVSコード comes zero-padded to 6 digits in the fixed layout (`000820`) and as 3 digits in the CSV
 * (`820`); the table is keyed by the 3-digit form.
 */
export function lookupCvs(raw: string, line: number, field: string, ctx: ParseContext): CvsLookup {
  const text = trimSpaces(raw);
  const cvsCode = /^\d+$/.test(text) && Number(text) < 1000 ? text.slice(-3).padStart(3, '0') : null;
  const channel = cvsCode === null ? undefined : ctx.cvsChannels.get(cvsCode);
  if (channel) return { cvsCode, channel, warning: null };
  return {
    cvsCode,
    channel: 'convenience_store',
    warning: lineError(
      line,
      field,
      `${field}が未登録です: ${text}（コンビニとして取り込みます）`,
      `unknown ${field}: ${text} (imported as convenience_store)`,
    ),
  };
}
