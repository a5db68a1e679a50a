import * as iconv from 'iconv-lite';
import type { IsoDate } from '../../src/common/calendar';
import { padBytes, zeroPad } from './fields';

/** `zengin-deposit`: 入出金取引明細 of the city's account (全銀 種別コード 03), 200-byte records of formats.md. */

export const STATEMENT_RECORD_BYTES = 200;

/** A record of exactly 200 bytes (CP932, padded with half-width spaces); refuses text that does not fit. */
export function statementRecord(text: string): Buffer {
  const bytes = iconv.encode(text, 'cp932');
  if (bytes.length > STATEMENT_RECORD_BYTES) throw new Error(`record is ${bytes.length} bytes: ${text}`);
  const out = Buffer.alloc(STATEMENT_RECORD_BYTES, 0x20);
  bytes.copy(out);
  return out;
}

/** `2026-11-25` → `081125`: 和暦 YYMMDD in 令和. */
export function reiwaYymmdd(iso: IsoDate): string {
  const year = Number(iso.slice(0, 4)) - 2018;
  return zeroPad(year, 2) + iso.slice(5, 7) + iso.slice(8, 10);
}

export interface StatementAccountFields {
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  /** 預金種目: 1 普通, 2 当座. */
  accountType: string;
  accountNo: string;
  accountName: string;
}

export interface StatementHeaderFields extends StatementAccountFields {
  createdOn: IsoDate;
  coveredFrom: IsoDate;
  coveredTo: IsoDate;
  openingBalance: number;
}

/** Balances are unsigned with a 貸越区分 (`1` when the account is overdrawn). */
const balance = (yen: number): [overdraft: string, digits: string] => [yen < 0 ? '1' : '0', zeroPad(Math.abs(yen), 14)];

export function statementHeader(f: StatementHeaderFields): Buffer {
  const [overdraft, opening] = balance(f.openingBalance);
  return statementRecord(
    '1' +
      '03' +
      '0' +
      reiwaYymmdd(f.createdOn) +
      reiwaYymmdd(f.coveredFrom) +
      reiwaYymmdd(f.coveredTo) +
      zeroPad(f.bankCode, 4) +
      padBytes(f.bankName, 15) +
      zeroPad(f.branchCode, 3) +
      padBytes(f.branchName, 15) +
      '000' +
      zeroPad(f.accountType, 1) +
      zeroPad(f.accountNo, 10) +
      padBytes(f.accountName, 40) +
      overdraft +
      '1' +
      opening,
  );
}

export interface StatementEntryFields {
  /** 照会番号, up to 8 characters. */
  referenceNo: string;
  bookedOn: IsoDate;
  direction: 'credit' | 'debit';
  /** 取引区分: `10` 現金, `11` 振込, `14` 口座振替 … */
  transactionCode: string;
  amount: number;
  /** 振込依頼人名, 半角カナ (48 bytes), as the bank shows it. */
  payerName?: string;
  remittingBank?: string;
  remittingBranch?: string;
  description?: string;
}

export function statementEntry(f: StatementEntryFields): Buffer {
  return statementRecord(
    '2' +
      padBytes(f.referenceNo, 8) +
      reiwaYymmdd(f.bookedOn) +
      reiwaYymmdd(f.bookedOn) +
      (f.direction === 'credit' ? '1' : '2') +
      zeroPad(f.transactionCode, 2) +
      zeroPad(f.amount, 12) +
      zeroPad(0, 12) +
      '000000' +
      '000000' +
      '0' +
      '0000000' +
      '000' +
      ' '.repeat(10) +
      padBytes(f.payerName ?? '', 48) +
      padBytes(f.remittingBank ?? '', 15) +
      padBytes(f.remittingBranch ?? '', 15) +
      padBytes(f.description ?? '', 20) +
      ' '.repeat(20),
  );
}

export interface StatementTrailerFields {
  credits: [count: number, amount: number];
  debits: [count: number, amount: number];
  closingBalance: number;
  dataRecords: number;
}

export function statementTrailer(f: StatementTrailerFields): Buffer {
  const [overdraft, closing] = balance(f.closingBalance);
  return statementRecord(
    '8' +
      zeroPad(f.credits[0], 6) +
      zeroPad(f.credits[1], 13) +
      zeroPad(f.debits[0], 6) +
      zeroPad(f.debits[1], 13) +
      overdraft +
      closing +
      zeroPad(f.dataRecords, 7),
  );
}

/** The trailer a group of entries needs, from its opening balance. */
export function statementTrailerFor(entries: readonly StatementEntryFields[], openingBalance: number): Buffer {
  const sum = (direction: 'credit' | 'debit') => {
    const of = entries.filter((e) => e.direction === direction);
    return [of.length, of.reduce((total, e) => total + e.amount, 0)] as [number, number];
  };
  const credits = sum('credit');
  const debits = sum('debit');
  return statementTrailer({ credits, debits, closingBalance: openingBalance + credits[1] - debits[1], dataRecords: entries.length });
}

export function statementEnd(totalRecords: number, accounts: number): Buffer {
  return statementRecord('9' + zeroPad(totalRecords, 10) + zeroPad(accounts, 5));
}

/** One account's statement as a whole file: header, entries, trailer, end record. */
export function statementFile(header: StatementHeaderFields, entries: readonly StatementEntryFields[]): Buffer[] {
  return [
    statementHeader(header),
    ...entries.map(statementEntry),
    statementTrailerFor(entries, header.openingBalance),
    statementEnd(entries.length + 3, 1),
  ];
}
