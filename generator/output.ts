import * as iconv from 'iconv-lite';
import type { IsoDate } from '../src/common/calendar';
import type { Channel, ExceptionType, FormatCode } from '../src/common/codes';

/** What the generator writes and what manifest.json says about it: files, planted cases. */

/** Writes one generated file (path relative to samples/). */
export type WriteFile = (rel: string, buf: Buffer) => void;

/** A file of manifest.files. */
export interface SampleFile {
  file: string;
  format: FormatCode;
  encoding: 'cp932' | 'utf8-bom';
  lineEnd: 'crlf' | 'lf' | 'none';
  bytes?: number;
  /** As the parser sees them: every record of a fixed-length file; the data rows of a CSV (no header, no trailer). */
  records: number;
  dataRecords: Record<string, number>;
  dataAmounts?: Record<string, number>;
  groups?: number;
  dataCreatedOn?: IsoDate;
  /** The day the file arrived: the date in its name (the sample loader's --received-on). */
  receivedOn?: IsoDate;
  rejectedLines: { line: number; reason: string }[];
  controlIssues: { line: number | null; issue: string }[];
  expectedExceptionTypes: ExceptionType[];
  note?: string;
}

/** A record of a planted case: where it stands and its type (データ種別, 取消区分, status…). */
export interface CaseRecord {
  file: string;
  line: number;
  dataType: string;
}

/** A case of manifest.cases (README's "manifest.json" section says what each field means). */
export interface SampleCase {
  case: string;
  description: string;
  file: string;
  lines: number[];
  records?: CaseRecord[];
  billNumber: string | null;
  intendedBillNumber?: string;
  payerId?: string | null;
  paymentRef?: string | null;
  channel?: Channel;
  meansCode?: string;
  cvsCode?: string;
  storeCode?: string;
  category?: string;
  paidOn?: IsoDate;
  paidTime?: string | null;
  paidAmount?: number;
  billAmount?: number | null;
  expectedAmount?: number;
  dueDate?: IsoDate | null;
  effectiveDueDate?: IsoDate | null;
  fiscalYear?: number | null;
  /** 年度区分 in that fiscal year: `carried` (滞納繰越分) or `current`. */
  yearClass?: 'current' | 'carried';
  notPayment?: true;
  rejected?: true;
  reason?: string;
  expectedExceptionTypes: ExceptionType[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A text file's lines, each ended by CRLF, encoded as the file is (CP932, or UTF-8 with a BOM). */
export function textFile(lines: readonly string[], encoding: SampleFile['encoding'] = 'cp932'): Buffer {
  const text = lines.join('\r\n') + '\r\n';
  return encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
}

/** Counts keyed values, keys in sorted order. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of items.map(key).sort()) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** A plain comparison for sort(): strings by code unit, numbers by value. */
export function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
