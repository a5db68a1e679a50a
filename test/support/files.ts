import * as iconv from 'iconv-lite';
import type { IsoDate } from '../../src/common/calendar';
import {
  barcode, billNumber, billsCsvRow, BILLS_COLUMNS, konbiniData, KonbiniDataType, konbiniEnd, konbiniHeader,
  KonbiniTotals, konbiniTrailer,
} from '../../samples/records';

/** Real-shaped input files for tests, built with the same record builders as samples/. */

export { billNumber };

export interface TestBill {
  number: string;
  amount: number;
  due: IsoDate;
  status?: '有効' | '取消';
  payer?: string;
  updatedOn?: IsoDate;
}

export function billsCsv(bills: TestBill[]): Buffer {
  const rows = bills.map((b) =>
    billsCsvRow({
      municipalityCode: '462144', billNumber: b.number, category: b.number.slice(0, 2),
      fiscalYear: 2000 + Number(b.number.slice(2, 4)), installment: b.number.slice(4, 6), dueDate: b.due,
      amount: b.amount, payerId: b.payer ?? '0000000001', status: b.status ?? '有効', updatedOn: b.updatedOn ?? '2026-11-01',
    }));
  return iconv.encode([BILLS_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n', 'cp932');
}

export interface TestPayment {
  type: KonbiniDataType;
  bill: string;
  amount: number;
  paidOn: IsoDate;
  time?: string;
  store?: string;
  cvs?: string;
}

/** A konbini (120-byte) file with one header/trailer group and an end record; totals correct. */
export function konbiniFile(createdOn: IsoDate, payments: TestPayment[], lineEnd: '\r\n' | '\n' | '' = '\r\n'): Buffer {
  const totals = new KonbiniTotals();
  const records: Buffer[] = [konbiniHeader({ createdOn, agentCode: '12345', clientCode: '00001', clientName: 'ﾀﾙﾐｽﾞｼ', municipalityCode: '462144' })];
  for (const p of payments) {
    const code = barcode({ companyCode: '912345', clientCode: '00001', billNumber: p.bill, reissue: '0', payLimit: null, amount: p.amount });
    totals.add(p.type, p.amount);
    records.push(konbiniData({
      dataType: p.type, paidYmd: p.paidOn.replace(/-/g, ''), paidTime: p.time ?? '1000', barcode: code,
      storeCode: p.store ?? (p.cvs === '820' ? '0000000' : '0012345'), segment: '00', acquiredOn: createdOn,
      transferOn: p.type === '02' ? createdOn : null, accountingOn: createdOn, cvsCode: p.cvs ?? '010',
    }));
  }
  records.push(konbiniTrailer(totals));
  records.push(konbiniEnd(records.length + 1));
  const sep = Buffer.from(lineEnd, 'latin1');
  return Buffer.concat(records.flatMap((r) => [r, sep]));
}
