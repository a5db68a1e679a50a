import type { IsoDate } from '../../../src/common/calendar';
import type { FormatCode } from '../../../src/common/codes';
import { cmp, type SampleFile } from '../../output';
import type { Rec, YearContext } from '../model';

/** What the fiscal year's file writers share: the file's manifest entry, its counts, months. */

/** Writes the file and lists it in the manifest. */
export function writeSample(ctx: YearContext, rel: string, buf: Buffer, info: SampleFile): void {
  info.bytes = buf.length;
  ctx.input.write(rel, buf);
  ctx.files.push(info);
}

/** A file's manifest entry, CP932 and CRLF unless `over` says otherwise. */
export function fileInfo(file: string, format: FormatCode, receivedOn: IsoDate, over: Partial<SampleFile> = {}): SampleFile {
  return {
    file,
    format,
    encoding: 'cp932',
    lineEnd: 'crlf',
    records: 0,
    dataRecords: {},
    dataAmounts: {},
    receivedOn,
    rejectedLines: [],
    controlIssues: [],
    expectedExceptionTypes: [],
    ...over,
  };
}

/** Counts a data record of type `key` and its amount. */
export function count(info: SampleFile, key: string, amount: number): void {
  info.dataRecords[key] = (info.dataRecords[key] ?? 0) + 1;
  info.dataAmounts![key] = (info.dataAmounts![key] ?? 0) + amount;
}

/** Items grouped by a key (a month, a day), keys in order. */
export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k) ?? [];
    out.set(k, list);
    list.push(t);
  }
  return new Map([...out.entries()].sort(([a], [b]) => cmp(a, b)));
}

/** Gives a record the file and line it was written at. */
export function placed(r: Rec, file: string, line: number): void {
  r.file = file;
  r.line = line;
}

/** Running numbers per day (受付番号, 決済ID, 取引番号…): 1, 2, 3… for each day. */
export function runningNumbers(): (day: IsoDate) => number {
  const last = new Map<IsoDate, number>();
  return (day) => {
    const n = (last.get(day) ?? 0) + 1;
    last.set(day, n);
    return n;
  };
}
