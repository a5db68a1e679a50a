import { padBytes, zeroPad } from './fields';
import { fixedRecord } from './fixed-width';

/** `zengin-furikae`: 全銀 口座振替結果 (種別コード 91), 120-byte records of formats.md. */

/** A bank account as the records name it: codes and 半角カナ names. */
export interface FurikaeAccount {
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  /** 預金種目: 1 普通, 2 当座. */
  accountType: string;
  accountNo: string;
}

export interface FurikaeHeaderFields extends FurikaeAccount {
  /** 委託者コード, 10 digits. */
  consignorCode: string;
  /** 委託者名, 半角カナ (40 bytes). */
  consignorName: string;
  /** 引落日 as the header carries it: MMDD, no year. */
  debitMonthDay: string;
}

export function furikaeHeader(f: FurikaeHeaderFields): Buffer {
  if (!/^\d{4}$/.test(f.debitMonthDay)) throw new Error(`引落日 is not MMDD: ${f.debitMonthDay}`);
  const consignor = zeroPad(f.consignorCode, 10) + padBytes(f.consignorName, 40);
  return fixedRecord('1' + '91' + '0' + consignor + f.debitMonthDay + bankAndBranch(f) + accountOf(f));
}

function bankAndBranch(a: FurikaeAccount): string {
  return zeroPad(a.bankCode, 4) + padBytes(a.bankName, 15) + zeroPad(a.branchCode, 3) + padBytes(a.branchName, 15);
}

function accountOf(a: FurikaeAccount): string {
  return zeroPad(a.accountType, 1) + zeroPad(a.accountNo, 7);
}

export interface FurikaeDataFields extends FurikaeAccount {
  /** 預金者名, 半角カナ (30 bytes). */
  payerName: string;
  amount: number;
  billNumber: string;
  /** 振替結果コード: 0 振替済; 1, 2, 3, 4, 8, 9 振替不能. */
  result: string;
}

export function furikaeData(f: FurikaeDataFields): Buffer {
  const holder = bankAndBranch(f) + '    ' + accountOf(f) + padBytes(f.payerName, 30);
  // 新規コード 0, then 顧客番号: `0000` + 納付番号.
  return fixedRecord('2' + holder + zeroPad(f.amount, 10) + '0' + '0000' + zeroPad(f.billNumber, 16) + zeroPad(f.result, 1));
}

/** [count, amount] of all records, of those debited (result 0) and of those that failed. */
export interface FurikaeTotals {
  total: [number, number];
  debited: [number, number];
  failed: [number, number];
}

/** The totals that agree with a group's data records. */
export function furikaeTotalsOf(rows: readonly Pick<FurikaeDataFields, 'amount' | 'result'>[]): FurikaeTotals {
  const sum = (list: typeof rows): [number, number] => [list.length, list.reduce((s, r) => s + r.amount, 0)];
  return { total: sum(rows), debited: sum(rows.filter((r) => r.result === '0')), failed: sum(rows.filter((r) => r.result !== '0')) };
}

export function furikaeTrailer(t: FurikaeTotals): Buffer {
  const pair = ([count, amount]: [number, number]) => zeroPad(count, 6) + zeroPad(amount, 12);
  return fixedRecord('8' + pair(t.total) + pair(t.debited) + pair(t.failed));
}

export function furikaeEnd(): Buffer {
  return fixedRecord('9');
}
