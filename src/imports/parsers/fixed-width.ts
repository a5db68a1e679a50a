import * as iconv from 'iconv-lite';
import { lineError, notNumber } from './parser-text';
import type { ControlCheck, FileSummary, FormatSession, LineError, RecordOutcome, SourceRecord } from './parser.types';

/**
 * What the fixed-length formats (`konbini`, `zengin-furikae`) share: fields cut by byte positions, and files of
 * groups — header `1`, data `2`…, trailer `8` — closed by one end record `9`, whose trailers are checked against
 * the data records of their group.
 */

/** Byte range [start, end) of formats.md's 1-based, inclusive positions. */
export type Range = readonly [number, number];
export const at = (from: number, to: number): Range => [from - 1, to];

/** A field as text. Nearly every field is ASCII, and reading those as latin1 is far cheaper than CP932. */
export function fieldText(bytes: Buffer, [start, end]: Range): string {
  const latin1 = bytes.toString('latin1', start, end);
  return /[^\x00-\x7f]/.test(latin1) ? iconv.decode(bytes.subarray(start, end), 'cp932') : latin1;
}

export function wrongWidth(line: number, width: number, size: number): LineError {
  return lineError(line, 'レコード長', `レコード長が${width}バイトではありません: ${size}バイト`, `expected ${width} bytes, got ${size}`);
}

/**
 * Why a trailer's or end record's filler is not blank (spaces, or zeros), or null. A record of the right type
 * whose filler holds anything else is no such record: bytes that merely start with `8` or `9` stay rejected.
 */
export function fillerError(line: number, bytes: Buffer, range: Range): LineError | null {
  const [start, end] = range;
  if (bytes.subarray(start, end).every((byte) => byte === 0x20 || byte === 0x30)) return null;
  const where = `${start + 1}–${end}`;
  return lineError(line, 'フィラー', `フィラー（${where}バイト目）が空白ではありません`, `the filler (bytes ${where}) is not blank`);
}

export function unknownRecordType(line: number, type: string): LineError {
  return lineError(line, 'レコード区分', `レコード区分が不正です: ${type}`, `unknown レコード区分: ${type}`);
}

/** Fixed-length files: data records before any header record. */
function missingHeaderRecord(line: number): LineError {
  return lineError(
    line,
    'ヘッダーレコード',
    `ヘッダーレコードがありません（${line}行目の前）`,
    `header record missing before line ${line}`,
  );
}

/** Fixed-length files: a group of records that no trailer record closes. */
function missingTrailerRecord(startLine: number): LineError {
  return lineError(
    startLine,
    'トレーラーレコード',
    `トレーラーレコードがありません（${startLine}行目からのグループ）`,
    `trailer record missing for the group starting at line ${startLine}`,
  );
}

/**
 * A header record that is no header: rejected; or, when it is the file's first record, the whole file refused
 * (formats.md: a first record of the header's type that is no valid header means another format).
 */
export function invalidHeader<Row>(
  first: boolean,
  error: LineError,
  value: string,
  refuse: (ja: string, en: string) => RecordOutcome<Row>,
): RecordOutcome<Row> {
  if (!first) return { kind: 'rejected', errors: [error] };
  return refuse(
    `1件目のヘッダーレコードの${error.field}が不正です: ${value}`,
    `the first header record's ${error.field} is not valid: ${value}`,
  );
}

/** One figure of a trailer: a count or an amount of one bucket of data records. */
export interface TrailerField<Bucket extends string> {
  name: string;
  range: Range;
  bucket: Bucket;
  measure: 'count' | 'amount';
}

type Totals<Bucket extends string> = Record<Bucket, { count: number; amount: number }>;

interface RecordGroup<Bucket extends string> {
  /** 1-based, in file order: names the group's controls when the file has several. */
  index: number;
  /** The header's line, or the first record's when the header is missing. */
  startLine: number;
  totals: Totals<Bucket>;
}

/**
 * The groups of a fixed-length file as its records arrive. `Info` is what a format's header says of its group
 * (provider, municipality, 引落日); a group that starts without a header gets `headless()`.
 */
export class GroupedFile<Info extends object, Bucket extends string> {
  /** Every record of the file, the end record included. */
  records = 0;
  group: (RecordGroup<Bucket> & Info) | null = null;
  private groups = 0;
  private endSeen = false;
  private afterEnd: { firstLine: number; count: number } | null = null;
  private readonly controls: (ControlCheck & { group: number })[] = [];
  readonly issues: LineError[] = [];

  constructor(
    private readonly trailer: readonly TrailerField<Bucket>[],
    private readonly buckets: readonly Bucket[],
    private readonly headless: () => Info,
  ) {}

  /** Counts a record; those after the end record are flagged when the file ends. */
  count(line: number): void {
    this.records++;
    if (!this.endSeen) return;
    this.afterEnd ??= { firstLine: line, count: 0 };
    this.afterEnd.count++;
  }

  /** A header opens a group (closing the one before, which had no trailer). */
  open(line: number, info: Info): void {
    if (this.group) this.closeWithoutTrailer(this.group);
    const totals = Object.fromEntries(this.buckets.map((bucket) => [bucket, { count: 0, amount: 0 }])) as Totals<Bucket>;
    this.group = { index: ++this.groups, startLine: line, totals, ...info };
  }

  /** The group a data record or trailer belongs to: the open one, or one opened (and flagged) without a header. */
  current(line: number): RecordGroup<Bucket> & Info {
    if (this.group) return this.group;
    this.issues.push(missingHeaderRecord(line));
    this.open(line, this.headless());
    return this.group!;
  }

  /** A trailer's figures by name; or the errors of those that are not digits, or of a filler that is not blank. */
  readTrailer(line: number, bytes: Buffer, filler: Range): { figures: Map<string, number> } | { errors: LineError[] } {
    const values = this.trailer.map(({ name, range }) => ({ name, value: fieldText(bytes, range) }));
    const errors = values.filter(({ value }) => !/^\d+$/.test(value)).map(({ name, value }) => notNumber(line, name, value));
    const blank = fillerError(line, bytes, filler);
    if (blank) errors.push(blank);
    return errors.length ? { errors } : { figures: new Map(values.map(({ name, value }) => [name, Number(value)])) };
  }

  /** Compares a trailer's figures with its group's data records, flagging those that disagree, and closes the group. */
  closeWithTrailer(line: number, figures: Map<string, number>): void {
    const group = this.current(line);
    for (const { name, bucket, measure } of this.trailer) {
      const expected = figures.get(name)!;
      const actual = group.totals[bucket][measure];
      this.controls.push({ group: group.index, name, expected, actual });
      if (expected !== actual) {
        this.issues.push(
          lineError(
            line,
            name,
            `${name}がデータレコードの合計と一致しません: トレーラー ${expected}, データ ${actual}`,
            `${name} does not match the data records: trailer ${expected}, records ${actual}`,
          ),
        );
      }
    }
    this.group = null;
  }

  /** The end record closes the last group; false when it is a second end record (only a record after the end). */
  end(): boolean {
    if (this.group) this.closeWithoutTrailer(this.group);
    if (this.endSeen) return false;
    this.endSeen = true;
    return true;
  }

  /** A control of the whole file (the end record's 総レコード数). */
  fileControl(check: ControlCheck): void {
    this.controls.push({ group: 0, ...check });
  }

  /**
   * The file's issues and controls once every record is read; control names carry the group when there are
   * several. `endControl`: the control the end record would have carried, recorded unchecked when it is missing.
   */
  finish(endControl?: ControlCheck): { controlIssues: LineError[]; controls: ControlCheck[] } {
    if (this.group) this.closeWithoutTrailer(this.group);
    if (!this.endSeen) {
      this.issues.push(lineError(null, 'エンドレコード', 'エンドレコードがありません', 'end record missing'));
      if (endControl) this.fileControl(endControl);
    }
    if (this.afterEnd) {
      const { firstLine, count } = this.afterEnd;
      this.issues.push(
        lineError(
          firstLine,
          'エンドレコード',
          `エンドレコードの後にレコードがあります: ${count}件`,
          `${count} record(s) after the end record`,
        ),
      );
    }
    const controls = this.controls.map(({ group, ...check }) => ({
      ...check,
      name: this.groups > 1 && group > 0 ? `${check.name} #${group}` : check.name,
    }));
    return { controlIssues: this.issues, controls };
  }

  private closeWithoutTrailer(group: RecordGroup<Bucket>): void {
    this.issues.push(missingTrailerRecord(group.startLine));
    for (const { name, bucket, measure } of this.trailer) {
      this.controls.push({ group: group.index, name, expected: null, actual: group.totals[bucket][measure] });
    }
    this.group = null;
  }
}

/**
 * The skeleton of a fixed-length format's session: every record counted, records of the wrong width rejected,
 * the others handed by レコード区分 to the format's header, data, trailer and end readers. `screen` lets a format
 * refuse the file before that (a 全銀 file that does not start with its header).
 */
export abstract class FixedSession<Row, Info extends object, Bucket extends string> implements FormatSession<Row> {
  constructor(
    private readonly width: number,
    protected readonly file: GroupedFile<Info, Bucket>,
  ) {}

  record(rec: SourceRecord): RecordOutcome<Row> {
    const first = this.file.records === 0;
    this.file.count(rec.line);
    const type = fieldText(rec.bytes, [0, 1]);
    const screened = this.screen(rec, type, first);
    if (screened) return screened;
    if (rec.size !== this.width) return { kind: 'rejected', errors: [wrongWidth(rec.line, this.width, rec.size)] };
    switch (type) {
      case '1':
        return this.header(rec.bytes, rec.line, first);
      case '2':
        return this.data(rec.bytes, rec.line);
      case '8':
        return this.trailer(rec.bytes, rec.line);
      case '9':
        return this.end(rec.bytes, rec.line);
      default:
        return { kind: 'rejected', errors: [unknownRecordType(rec.line, type)] };
    }
  }

  abstract finish(): FileSummary;

  /** A refusal of the whole file from a record of this type, before its width is checked; null to read on. */
  protected screen(_rec: SourceRecord, _type: string, _first: boolean): RecordOutcome<Row> | null {
    return null;
  }

  protected abstract header(bytes: Buffer, line: number, first: boolean): RecordOutcome<Row>;
  protected abstract data(bytes: Buffer, line: number): RecordOutcome<Row>;
  protected abstract trailer(bytes: Buffer, line: number): RecordOutcome<Row>;
  protected abstract end(bytes: Buffer, line: number): RecordOutcome<Row>;
}
