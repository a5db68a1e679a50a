import { parseYmd, type IsoDate } from '../../common/calendar';
import { isValidBillNumber } from '../../common/check-digit';
import type { FormatCode } from '../../common/codes';
import {
  bilingual,
  excelCode,
  excelIdentifier,
  lineError,
  notDate,
  parseDateTime,
  trimSpaces,
  unreadable,
  wrongColumnCount,
} from './parser-text';
import type { FileSummary, FormatSession, LineError, ParseContext, RecordOutcome, SourceRecord } from './parser.types';

/**
 * The one skeleton of the CSV parsers: the header row (exact, or found by name where formats.md says so), the
 * refusal of a file whose header row is another format's, the column count, and the fields no format can read
 * (broken encoding, control characters). A format says what its columns are and what a row means (`data`).
 */

export interface CsvLayout<Column extends string> {
  format: FormatCode;
  /** What such a file is, named in the refusal: `['窓口収納日計', 'counter register']`. */
  title?: readonly [ja: string, en: string];
  columns: readonly Column[];
  /**
   * Columns found by header name, in any order (formats.md says so for `bills` and `qr-counter`). Without it the
   * header row must be exactly `columns`, in order.
   */
  byName?: {
    required: readonly Column[];
    /** Other names: ignored, or the file is refused. */
    ignoreUnknown: boolean;
    /** Other names a column goes by (`決済番号` for 取引番号). */
    aliases?: Readonly<Record<string, Column>>;
  };
  /** The columns a row is made of: a field of them that cannot be read rejects the line. */
  used: readonly Column[];
}

/** One data line, its fields by column, and what reading them found. */
export class CsvLine<Column extends string> {
  readonly errors: LineError[] = [];
  readonly warnings: LineError[] = [];

  constructor(
    readonly line: number,
    private readonly fields: readonly string[],
    private readonly at: ReadonlyMap<Column, number>,
  ) {}

  /** The field, trimmed of its padding; '' for an optional column the file does not carry. */
  get(column: Column): string {
    const index = this.at.get(column);
    return index === undefined ? '' : this.fields[index];
  }

  has(column: Column): boolean {
    return this.at.has(column);
  }

  fail(field: string, ja: string, en: string): void {
    this.errors.push(lineError(this.line, field, ja, en));
  }

  warn(warning: LineError | null): void {
    if (warning) this.warnings.push(warning);
  }

  /** A fixed-width code, left-padded with a warning when Excel dropped its zeros; null (with an error) when it is none. */
  code(column: Column, width: number): string | null {
    const value = this.get(column);
    const read = excelCode(this.line, column, value, width);
    if (read) this.warn(read.warning);
    else this.fail(column, `${column}が${width}桁の数字ではありません: ${value}`, `${column} is not ${width} digits: ${value}`);
    return read?.code ?? null;
  }

  /** Exactly `width` digits as written, never padded (a short 地方公共団体コード is another city, not Excel's doing). */
  digits(column: Column, width: number): string {
    const value = this.get(column);
    if (value.length !== width || !/^\d+$/.test(value)) {
      this.fail(column, `${column}が${width}桁の数字ではありません: ${value}`, `${column} is not ${width} digits: ${value}`);
    }
    return value;
  }

  /** An identifier of `digits` digits (any length: null), never padded; null (with an error naming Excel's doing) when it is none. */
  identifier(column: Column, digits: number | null): string | null {
    const value = this.get(column);
    const error = excelIdentifier(this.line, column, value, digits);
    if (error) this.errors.push(error);
    return error ? null : value;
  }

  /** A `YYYYMMDD` date, or null with an error. */
  date(column: Column): IsoDate | null {
    const value = this.get(column);
    const date = parseYmd(value);
    if (!date) this.errors.push(notDate(this.line, column, value));
    return date;
  }

  /** A `YYYY/MM/DD HH:MM:SS` date-time, or null with an error; a one-digit hour (Excel) is padded with a warning. */
  dateTime(column: Column): { date: IsoDate; time: string } | null {
    const value = this.get(column);
    const read = parseDateTime(value);
    if (!read) {
      const [ja, en] = [`${column}が「YYYY/MM/DD HH:MM:SS」の日時ではありません`, `${column} is not a YYYY/MM/DD HH:MM:SS date-time`];
      this.fail(column, `${ja}: ${value}`, `${en}: ${value}`);
      return null;
    }
    if (read.padded) {
      this.warn(
        lineError(
          this.line,
          column,
          `${column}の時が1桁のため、先頭に0を補って読みました（Excelで保存したファイル？）: ${value}`,
          `${column} has a one-digit hour, read left-padded with a zero (saved through Excel?): ${value}`,
        ),
      );
    }
    return { date: read.date, time: read.time };
  }

  /**
   * A 科目コード (two digits, Excel's shortening padded) that the city knows and, when `billNumber` is given, that
   * agrees with the 納付番号's first two digits; null (with an error) otherwise.
   */
  category(column: Column, known: ReadonlySet<string>, billNumber: string | null): string | null {
    const code = this.code(column, 2);
    if (!code) return null;
    const billCategory = billNumber?.slice(0, 2);
    if (billCategory !== undefined && billCategory !== code) {
      this.fail(
        column,
        `${column}が納付番号と一致しません: ${code}（納付番号 ${billCategory}）`,
        `${column} ${code} disagrees with 納付番号 (${billCategory})`,
      );
    }
    if (!known.has(code)) this.fail(column, `${column}が登録されていません: ${code}`, `unknown ${column}: ${code}`);
    return code;
  }

  /**
   * A payment's 納付番号 (16 digits, kept even when its check digit fails: `referenceValid` says) and 科目コード.
   * Only a verified 納付番号 says which 科目 it belongs to.
   */
  billReference(billColumn: Column, categoryColumn: Column, known: ReadonlySet<string>) {
    const billNumber = this.identifier(billColumn, 16);
    const referenceValid = billNumber !== null && isValidBillNumber(billNumber);
    const categoryCode = this.category(categoryColumn, known, referenceValid ? billNumber : null);
    return { billNumber, referenceValid, categoryCode };
  }

  rejected<Row>(): RecordOutcome<Row> {
    return { kind: 'rejected', errors: this.errors };
  }

  accept<Row>(row: Row): RecordOutcome<Row> {
    return { kind: 'row', row, warnings: this.warnings.length ? this.warnings : undefined };
  }
}

/** A CSV format's session: the skeleton reads the header row and checks each line, the format reads its rows. */
export abstract class CsvSession<Row, Column extends string> implements FormatSession<Row> {
  /** Column → index in the file, once the header row is read. */
  private columns: Map<Column, number> | null = null;
  /** How many columns the header row has: every data line must have as many. */
  private width = 0;

  constructor(
    protected readonly layout: CsvLayout<Column>,
    protected readonly ctx: ParseContext,
  ) {}

  /** What a data line means. The skeleton has checked its column count and the fields of `layout.used`. */
  protected abstract data(line: CsvLine<Column>): RecordOutcome<Row>;

  /** A line that is no data line (credit-card's `合計` trailer), read before the column count; null for a data line. */
  protected special(_fields: string[], _line: number): RecordOutcome<Row> | null {
    return null;
  }

  record(rec: SourceRecord): RecordOutcome<Row> {
    if (!this.columns) return this.header(rec);
    if (rec.fault || !rec.fields) return { kind: 'rejected', errors: rec.fault ? [rec.fault] : [] };
    const fields = rec.fields.map(trimSpaces);
    const special = this.special(fields, rec.line);
    if (special) return special;
    if (fields.length !== this.width) return { kind: 'rejected', errors: [wrongColumnCount(rec.line, this.width, fields.length)] };
    const line = new CsvLine(rec.line, fields, this.columns);
    const errors = this.layout.used.map((column) => unreadable(rec.line, column, line.get(column))).filter((error) => error !== null);
    return errors.length ? { kind: 'rejected', errors } : this.data(line);
  }

  finish(): FileSummary {
    return { controlIssues: [], controls: [] };
  }

  private header(rec: SourceRecord): RecordOutcome<Row> {
    const names = (rec.fault ? [] : (rec.fields ?? [])).map(trimSpaces);
    const problems = this.layout.byName ? this.byName(names) : this.exact(names);
    if (problems) return { kind: 'refuse', message: this.refusal(problems) };
    this.width = names.length;
    return { kind: 'control' };
  }

  /** Exactly the layout's columns, in order. */
  private exact(names: string[]): [ja: string, en: string] | null {
    const { columns } = this.layout;
    if (names.length === columns.length && columns.every((name, i) => names[i] === name)) {
      this.columns = new Map(columns.map((name, i) => [name, i]));
      return null;
    }
    const expected = columns.join(',');
    return [
      `（${names.length}列）。必要な${columns.length}列: ${expected}`,
      ` (${names.length} columns); expected the ${columns.length} columns: ${expected}`,
    ];
  }

  /** Columns found by name: every required one once, others ignored or refused. */
  private byName(names: string[]): [ja: string, en: string] | null {
    const { columns, byName } = this.layout;
    const known = new Set<string>(columns);
    const aliases = byName?.aliases ?? {};
    const found = new Map<Column, number>();
    const unknown: string[] = [];
    const repeated: string[] = [];
    names.forEach((name, i) => {
      const column = Object.hasOwn(aliases, name) ? aliases[name] : known.has(name) ? (name as Column) : null;
      if (!column) unknown.push(name);
      else if (found.has(column)) repeated.push(name);
      else found.set(column, i);
    });
    const missing = byName!.required.filter((column) => !found.has(column));
    // A number, a date or a line break among the names: the line holds values (a file without line breaks, or with
    // CR alone), whatever columns it also names.
    const values = unknown
      .filter((name) => /^[-+\d,.:/ ]+$|[\x00-\x1f\x7f]/.test(name))
      .slice(0, 3)
      .join(',');
    const problems: [string, string][] = [];
    if (values) problems.push([`列名ではない値: ${values}`, `values, not column names: ${values}`]);
    if (missing.length) problems.push([`不足している列: ${missing.join(',')}`, `missing columns: ${missing.join(',')}`]);
    if (unknown.length && !byName!.ignoreUnknown)
      problems.push([`不明な列: ${unknown.join(',')}`, `unknown columns: ${unknown.join(',')}`]);
    if (repeated.length) problems.push([`重複した列: ${repeated.join(',')}`, `repeated columns: ${repeated.join(',')}`]);
    if (!problems.length) {
      this.columns = found;
      return null;
    }
    return [`（${problems.map(([ja]) => ja).join('、')}）`, ` (${problems.map(([, en]) => en).join('; ')})`];
  }

  private refusal([ja, en]: [string, string]): string {
    const { format, title } = this.layout;
    return bilingual(
      `1行目が ${format}${title ? `（${title[0]}）` : ' '}のヘッダー行ではありません${ja}`,
      `the first line is not the ${format}${title ? ` (${title[1]})` : ''} header${en}`,
    );
  }
}
