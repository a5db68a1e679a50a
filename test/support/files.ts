import * as iconv from 'iconv-lite';
import type { IsoDate } from '../../src/common/calendar';
import {
  barcode,
  billNumber,
  billsCsvRow,
  BILLS_COLUMNS,
  joinRecords,
  konbiniData,
  KonbiniDataType,
  konbiniEnd,
  konbiniHeader,
  KonbiniTotals,
  konbiniTrailer,
} from '../../generator/layouts';
import { MAIN_AGENT, MUNICIPALITY_CODE } from '../../generator/city';

/** Real-shaped input files for tests, built with the same layout writers as samples/ (generator/layouts). */

export { billNumber };

export interface TestBill {
  number: string;
  amount: number;
  due: IsoDate;
  status?: '有効' | '取消';
  payer?: string;
  updatedOn?: IsoDate;
  /** The optional 会計年度 column: written for every bill when any bill gives one (blank where it does not). */
  accountingYear?: number;
}

export function billsCsv(bills: TestBill[]): Buffer {
  const withYear = bills.some((b) => b.accountingYear !== undefined);
  const rows = bills.map(
    (b) =>
      billsCsvRow({
        municipalityCode: MUNICIPALITY_CODE,
        billNumber: b.number,
        category: b.number.slice(0, 2),
        fiscalYear: 2000 + Number(b.number.slice(2, 4)),
        installment: b.number.slice(4, 6),
        dueDate: b.due,
        amount: b.amount,
        payerId: b.payer ?? '0000000001',
        status: b.status ?? '有効',
        updatedOn: b.updatedOn ?? '2026-11-01',
      }) + (withYear ? `,${b.accountingYear ?? ''}` : ''),
  );
  const header = BILLS_COLUMNS.join(',') + (withYear ? ',会計年度' : '');
  return iconv.encode([header, ...rows].join('\r\n') + '\r\n', 'cp932');
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
  const agent = { agentCode: MAIN_AGENT.agentCode, clientCode: MAIN_AGENT.client, clientName: MAIN_AGENT.name };
  const records: Buffer[] = [konbiniHeader({ createdOn, ...agent, municipalityCode: MUNICIPALITY_CODE })];
  for (const p of payments) {
    const slip = { companyCode: MAIN_AGENT.company, clientCode: MAIN_AGENT.client, reissue: '0', payLimit: null };
    const code = barcode({ ...slip, billNumber: p.bill, amount: p.amount });
    totals.add(p.type, p.amount);
    records.push(
      konbiniData({
        dataType: p.type,
        paidYmd: p.paidOn.replace(/-/g, ''),
        paidTime: p.time ?? '1000',
        barcode: code,
        storeCode: p.store ?? (p.cvs === '820' ? '0000000' : '0012345'),
        segment: '00',
        acquiredOn: createdOn,
        transferOn: p.type === '02' ? createdOn : null,
        accountingOn: createdOn,
        cvsCode: p.cvs ?? '010',
      }),
    );
  }
  records.push(konbiniTrailer(totals));
  records.push(konbiniEnd(records.length + 1));
  return joinRecords(records, lineEnd);
}
