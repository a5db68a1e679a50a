import type { IsoDate } from '../../src/common/calendar';
import type { ExceptionType } from '../../src/common/codes';
import type { KonbiniDataType } from '../layouts';
import type { SampleFile, WriteFile } from '../output';
import type { Rng } from '../random';
import type { ScheduledBill } from '../schedules';
import type { Agent, Cvs, StorePools } from '../stores';

/**
 * The November month in memory: the bills open on 2026-11-01, every slip payment with the records its
 * 収納代行 sends, and the planted cases. The steps of samples/november.ts fill a NovemberContext one after the other.
 */

export interface Bill extends ScheduledBill {
  /** 更新日 of the bill's row in the full set. */
  updatedOn: IsoDate;
  agent: Agent;
  /** The slip the payer holds. */
  reissue: string;
  payLimit: IsoDate;
}

/** A slip's 再発行区分 and 支払期限. */
export interface Slip {
  reissue: string;
  payLimit: IsoDate;
}

export interface PaymentRecord {
  dataType: KonbiniDataType | '12' | '22';
  /** Main 収納代行: the delivery day whose file carries the record. */
  fileDay?: IsoDate;
  /** Planted damage: the record is cut to 119 bytes, or carries a 収納日 that does not exist. */
  damage?: 'short' | 'baddate';
  file?: string;
  line?: number;
}

export interface Payment {
  agent: Agent;
  bill: Bill | null;
  /** 納付番号 as the barcode carries it. */
  carried: string;
  barcode: string;
  paidOn: IsoDate;
  /** 収納時刻 HHMM. */
  paidTime: string;
  cvs: Cvs;
  storeCode: string;
  segment: string;
  records: PaymentRecord[];
  caseName?: string;
}

export interface PlantedCase {
  case: string;
  description: string;
  payment?: Payment;
  /** Control-total cases: the file and the lines that carry the problem. */
  file?: string;
  lines?: number[];
  rejected?: { reason: string };
  expected: ExceptionType[];
}

/** The November month's state, passed from step to step. */
export interface NovemberContext {
  readonly write: WriteFile;
  readonly rng: Rng;
  readonly stores: StorePools;
  payers: string[];
  bills: Bill[];
  /** Open bills of one payer and category: paid together or not at all. */
  groups: Bill[][];
  /** 通知書番号: the last drawn per category and year, and the next planted one (their own range). */
  noticeNumbers: { last: Map<string, number>; nextPlanted: number };
  plantedBills: Bill[];
  /** The two bills the update of 11-20 changes. */
  cancelledBill?: Bill;
  reducedBill?: Bill;
  payments: Payment[];
  cases: PlantedCase[];
  files: SampleFile[];
  /** What was written, for the self-checks on the bytes. */
  written: Map<string, Buffer>;
}

export function check(cond: unknown, message: string): void {
  if (!cond) throw new Error(`self-check failed: ${message}`);
}
