import type { IsoDate } from '../../src/common/calendar';
import type { Channel, ExceptionType, FormatCode } from '../../src/common/codes';
import type { BillCsvFields, CityCashFields } from '../layouts';
import type { SampleFile, WriteFile } from '../output';
import type { Rng } from '../random';
import type { ScheduledBill } from '../schedules';
import type { Agent, Cvs, StorePools } from '../stores';
import type { Bank, Consignor } from './facts';

/**
 * The fiscal year in memory: who owes what (notices and their bills), every payment with its day, channel
 * and records, the counter's register and QR transactions. The steps of samples/year.ts fill a YearContext
 * one after the other; the file writers then give each record its file and line.
 */

/** A payer's habit for a notice: 口座振替, bank counter, convenience store, app, eL-QR. */
export type Way = 'debit' | 'bank' | 'konbini' | 'app' | 'eltax';

/** A 口座振替 account. */
export interface Account {
  bank: Bank;
  branch: readonly [string, string];
  accountNo: string;
  name: string;
}

/** A notice (通知書): one payer, one category, the installments it bills. */
export interface Notice {
  payerId: string;
  category: string;
  way: Way;
  account: Account | null;
  bills: Bill[];
}

export interface Bill extends ScheduledBill {
  /** 調定額 when assessed; `amount` is the 調定額 now (after any 減額更正). */
  originalAmount: number;
  /** 更新日 of the bill's first row; the bills file of that day lists it. */
  createdOn: IsoDate;
  change: { on: IsoDate; kind: 'reduce' | 'cancel' } | null;
  /** No payment before this day (the bill's notice, or its 減額更正). */
  payableFrom: IsoDate;
  notice: Notice | null;
  /** Carried unpaid through the window (滞納繰越 of FY2024, the November scenario's FY2025 arrears). */
  neverPay: boolean;
  planted: boolean;
  /** The bills file's 会計年度 when it states one (formats.md; else the fiscal year of the 納期限). */
  accountingYear?: number;
  paid: boolean;
  reissue: string;
  payLimit: IsoDate;
}

/** A record of a payment, before (and after) a file writer gives it its file and line. */
export interface Rec {
  dataType: string;
  /** The day that decides the file (delivery day, データ作成日, 収納日…). */
  day: IsoDate;
  file?: string;
  line?: number;
}

export interface Payment {
  id: number;
  channel: Channel;
  format: FormatCode;
  bill: Bill | null;
  /** 納付番号 as the record carries it; null for counter payments. */
  billNumber: string | null;
  amount: number;
  paidOn: IsoDate;
  /** HH:MM:SS where the format has a time. */
  time: string | null;
  cancelled: boolean;
  /** A 口座振替 that did not go through (振替結果コード ≠ 0): kept and counted, never a payment. */
  failedResult: string | null;
  caseName?: string;
  records: Rec[];
  konbini?: { agent: Agent; barcode: string; cvs: Cvs; storeCode: string; segment: string; hhmm: string };
  eltax?: { means: string; company: string; confirmation: string; createdOn: IsoDate; depositOn: IsoDate; receiptNo: string };
  card?: { id: string; brand: string; last4: string; fee: number; cancelId?: string; cancelOn?: IsoDate; cancelTime?: string };
  bank?: { bankCode: string; branchCode: string };
  debit?: { account: Account; consignor: Consignor };
  qr?: { txId: string; counter: string; receipt: string; method: string; refundId?: string; refundOn?: IsoDate; refundTime?: string };
  register?: RegisterRow;
}

/** A row of the counter register (窓口収納日計), and where it was written. */
export interface RegisterRow extends Omit<CityCashFields, 'cancel'> {
  /** When a 取消区分 1 line voided it. */
  voidTime: string | null;
  caseName?: string;
  line?: number;
  voidLine?: number;
  file?: string;
}

/** A transaction of the QR provider (PayPay for Business 取引履歴). */
export interface QrTx {
  id: string;
  on: IsoDate;
  time: string;
  status: '取引完了' | '返金完了' | '取引失敗';
  amount: number;
  counter: string;
  receipt: string;
  method: string;
  merchantPaymentId: string;
  payment: Payment | null;
  line?: number;
  file?: string;
}

/** A planted case: a payment, or (control totals) a file. */
export interface Plant {
  name: string;
  description: string;
  expected: ExceptionType[];
  payment?: Payment;
  file?: string;
}

/** A planted counter row, made with its day's ordinary rows so its 受付番号 follows the day's order. */
export interface CounterPlant {
  name: string;
  description: string;
  expected: ExceptionType[];
  row: Pick<RegisterRow, 'time' | 'counter' | 'category' | 'quantity' | 'amount' | 'method'> & { omitted?: true };
  /** The provider's transaction: its amount (null: it never comes), and a refund. */
  tx?: { amount: number | null; delay: number; refundAfter?: number };
  voidAfter?: number;
}

/** What a planted counter row became. */
export interface CounterCase {
  plant: CounterPlant;
  row: RegisterRow | null;
  payment: Payment | null;
  tx: QrTx | null;
}

/** A bill of the November month, as its full set lists it. */
export type NovemberBill = Pick<BillCsvFields, 'billNumber' | 'category' | 'fiscalYear' | 'installment' | 'dueDate' | 'amount' | 'payerId'>;

export interface YearInput {
  write: WriteFile;
  /** The November month's bills: its FY2025 ones are carried here unpaid, the others' numbers kept clear. */
  novemberBills: NovemberBill[];
}

/** The fiscal year's state, passed from step to step. */
export interface YearContext {
  readonly input: YearInput;
  readonly rng: Rng;
  payers: string[];
  notices: Notice[];
  bills: Bill[];
  /** 通知書番号 in use: the November month's, the last drawn per category and year, the next planted one. */
  noticeNumbers: { used: Set<string>; last: Map<string, number>; nextPlanted: number };
  /** The November scenario's FY2025 bills, carried here unpaid. */
  novemberArrears: Bill[];
  plantedBills: Bill[];
  /** Bills changed by a monthly update (減額更正, 取消), by the day of the update. */
  changesOn: Map<IsoDate, Bill[]>;
  stores: StorePools;
  payments: Payment[];
  failedDebits: Payment[];
  lastPaymentId: number;
  plants: Plant[];
  registerRows: RegisterRow[];
  qrTxs: QrTx[];
  counterCases: CounterCase[];
  files: SampleFile[];
  /** Ordinary payments shown as examples in the manifest (chosen after the files are written). */
  examples: Plant[];
}

export function newYearContext(input: YearInput, rng: Rng): YearContext {
  return {
    input,
    rng,
    payers: [],
    notices: [],
    bills: [],
    noticeNumbers: { used: new Set(), last: new Map(), nextPlanted: 950000100 },
    novemberArrears: [],
    plantedBills: [],
    changesOn: new Map(),
    stores: { A: [], B: [] },
    payments: [],
    failedDebits: [],
    lastPaymentId: 0,
    plants: [],
    registerRows: [],
    qrTxs: [],
    counterCases: [],
    files: [],
    examples: [],
  };
}

/** The generator's own assertion: a broken expectation stops it before anything is committed. */
export function check(cond: unknown, message: string): void {
  if (!cond) throw new Error(`self-check failed (year): ${message}`);
}
