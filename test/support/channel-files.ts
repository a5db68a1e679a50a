import * as iconv from 'iconv-lite';
import { BANK_COUNTER_COLUMNS } from '../../src/imports/parsers/bank-counter/bank-counter.parser';
import { CITY_CASH_COLUMNS } from '../../src/imports/parsers/city-cash/city-cash.parser';
import { ELTAX_COLUMNS } from '../../src/imports/parsers/eltax/eltax.parser';
import { QR_COUNTER_COLUMNS } from '../../src/imports/parsers/qr-counter/qr-counter.parser';
import { CITY_ACCOUNT, TAX_CONSIGNOR_CODE } from '../../generator/city';
import {
  furikaeData,
  type FurikaeDataFields,
  furikaeEnd,
  furikaeHeader,
  furikaeTotalsOf,
  furikaeTrailer,
  joinRecords,
} from '../../generator/layouts';

/** Small real-shaped files of the non-konbini channels for integration tests (CP932, CRLF). */

const csv = (columns: readonly string[], rows: (string | number)[][]) =>
  iconv.encode([columns.join(','), ...rows.map((r) => r.join(','))].map((l) => `${l}\r\n`).join(''), 'cp932');

export interface EltaxPayment {
  bill: string;
  amount: number;
  paidOn: string; // YYYYMMDD
  means?: string;
  receipt: string;
  cancel?: boolean;
}

export function eltaxFile(rows: EltaxPayment[]): Buffer {
  return csv(
    ELTAX_COLUMNS,
    rows.map((r) => [
      r.paidOn,
      '46214',
      '462144',
      `0${r.bill.slice(0, 2)}`,
      `0000${r.bill}`,
      '123456',
      `20${r.bill.slice(2, 4)}`,
      `20${r.bill.slice(2, 4)}`,
      r.bill.slice(4, 6),
      '20261130',
      r.amount,
      r.paidOn,
      r.means ?? '05',
      'テスト決済',
      '20261201',
      r.cancel ? '1' : '0',
      r.receipt,
    ]),
  );
}

export function bankCounterFile(rows: { bill: string; amount: number; paidOn: string; cancel?: boolean }[]): Buffer {
  return csv(
    BANK_COUNTER_COLUMNS,
    rows.map((r) => [r.paidOn, '0182', '141', r.bill, r.bill.slice(0, 2), r.amount, r.paidOn, r.cancel ? '1' : '0']),
  );
}

export function registerFile(rows: { receiptNo: string; at: string; amount: number; qr?: string; void?: boolean }[]): Buffer {
  return csv(
    CITY_CASH_COLUMNS,
    rows.map((r) => [r.receiptNo, r.at, '01', '10', 1, r.amount, r.qr ? 'QR' : '現金', r.qr ?? '', r.void ? '1' : '0']),
  );
}

export function qrFile(rows: { id: string; at: string; amount: number; refundOf?: string }[]): Buffer {
  return csv(
    QR_COUNTER_COLUMNS,
    rows.map((r) => [
      r.id,
      '437118503212349184',
      '垂水市',
      'TRM0001',
      '市民課窓口',
      'POS-01',
      r.refundOf ? '返金完了' : '取引完了',
      r.at,
      r.refundOf ? -r.amount : r.amount,
      '0001',
      'PayPay残高',
      '',
      '',
      r.refundOf ?? '',
      'ストアスキャン',
    ]),
  );
}

/** A 口座振替結果 file debited on `mmdd`; result '0' is 振替済, others are 振替不能. */
export function furikaeFile(mmdd: string, rows: { bill: string; amount: number; result: string }[]): Buffer {
  const data: FurikaeDataFields[] = rows.map((r) => ({
    ...CITY_ACCOUNT,
    accountNo: '1234567',
    payerName: 'ﾀﾙﾐｽﾞ ﾀﾛｳ',
    billNumber: r.bill,
    amount: r.amount,
    result: r.result,
  }));
  const header = furikaeHeader({ consignorCode: TAX_CONSIGNOR_CODE, consignorName: 'ﾀﾙﾐｽﾞｼ', debitMonthDay: mmdd, ...CITY_ACCOUNT });
  return joinRecords([header, ...data.map(furikaeData), furikaeTrailer(furikaeTotalsOf(data)), furikaeEnd()], '\r\n');
}
