import { parse as csvParse } from 'csv-parse';
import * as iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import type { Framing, LineError, ParseContext, RecordParser, SourceRecord, FileSummary } from './parser.types';

/**
 * Cutting a file into records and decoding them, shared by every parser. Works on a stream so a
 * million-record file never sits in memory; parseBuffer() wraps it for tests and small inputs.
 */

export type TextEncoding = 'utf8' | 'cp932';

/**
 * formats.md: a UTF-8 BOM means UTF-8; otherwise try UTF-8 strictly, else CP932.
 * Fed chunk by chunk (the importer's first pass also hashes the file) so no second copy is held.
 */
export class EncodingProbe {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private first = true;
  private bom = false;
  private validUtf8 = true;

  update(chunk: Buffer): void {
    if (this.first) {
      this.bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      this.first = false;
    }
    if (!this.validUtf8) return;
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.validUtf8 = false;
    }
  }

  result(): TextEncoding {
    if (this.bom) return 'utf8';
    if (this.validUtf8) {
      try {
        this.decoder.decode();
      } catch {
        return 'cp932';
      }
      return 'utf8';
    }
    return 'cp932';
  }
}

export function detectEncoding(buf: Buffer): TextEncoding {
  const probe = new EncodingProbe();
  probe.update(buf);
  return probe.result();
}

const LF = 0x0a;
const CR = 0x0d;
const DOS_EOF = 0x1a;

type FixedMode = 'lines' | 'blocks';

/**
 * Fixed-length records come with CRLF, LF or no line breaks at all. Records back to back hold no 0x0A
 * byte (digits and CP932 text never use it) except perhaps one final line break, so an LF that ends the
 * first record, or that more data follows, means line mode: a record of the wrong length is still one
 * record, and its parser rejects it. null: cannot tell from the bytes seen so far.
 */
function fixedMode(buf: Buffer, width: number, ended: true): FixedMode;
function fixedMode(buf: Buffer, width: number, ended: boolean): FixedMode | null;
function fixedMode(buf: Buffer, width: number, ended: boolean): FixedMode | null {
  const lf = buf.indexOf(LF);
  if (lf < 0) return ended || buf.length >= width + 2 ? 'blocks' : null;
  if (lf <= width + 1 || !isFileEnd(buf.subarray(lf + 1))) return 'lines';
  return ended ? 'blocks' : null;
}

/** Only line breaks and DOS end-of-file marks (0x1A). */
function isFileEnd(buf: Buffer): boolean {
  return buf.every((b) => b === CR || b === LF || b === DOS_EOF);
}

/** The complete records at the front of buf, and the incomplete rest. */
function splitFixed(buf: Buffer, mode: FixedMode, width: number): { records: Buffer[]; rest: Buffer } {
  const records: Buffer[] = [];
  let start = 0;
  if (mode === 'lines') {
    for (let lf = buf.indexOf(LF); lf >= 0; lf = buf.indexOf(LF, start)) {
      records.push(buf.subarray(start, lf > start && buf[lf - 1] === CR ? lf - 1 : lf));
      start = lf + 1;
    }
  } else {
    for (; buf.length - start >= width; start += width) records.push(buf.subarray(start, start + width));
  }
  return { records, rest: buf.subarray(start) };
}

async function* fixedRecords(source: AsyncIterable<Buffer> | Iterable<Buffer>, width: number): AsyncGenerator<SourceRecord> {
  let pending: Buffer = Buffer.alloc(0);
  let mode: FixedMode | null = null;
  let line = 0;
  // An empty line (a blank line at the end, say) is no record, but it keeps the line numbers true.
  function* emit(records: Buffer[]): Generator<SourceRecord> {
    for (const bytes of records) {
      line++;
      if (bytes.length) yield { line, bytes, raw: iconv.decode(bytes, 'cp932') };
    }
  }

  for await (const chunk of source) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    mode ??= fixedMode(pending, width, false);
    if (mode === null) continue;
    const { records, rest } = splitFixed(pending, mode, width);
    yield* emit(records);
    pending = rest;
  }
  const { records, rest } = splitFixed(pending, mode ?? fixedMode(pending, width, true), width);
  yield* emit(records);
  let last = rest;
  while (last.length && isFileEnd(last.subarray(last.length - 1))) last = last.subarray(0, last.length - 1);
  yield* emit(last.length ? [last] : []);
}

async function* csvRecords(source: AsyncIterable<Buffer> | Iterable<Buffer>, encoding: TextEncoding): AsyncGenerator<SourceRecord> {
  const decoded = Readable.from(source).pipe(iconv.decodeStream(encoding === 'utf8' ? 'utf8' : 'cp932'));
  const parser = decoded.pipe(
    csvParse({
      bom: true,
      raw: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // CRLF or LF, even mixed in one file: a stray LF must not end up inside the last field.
      record_delimiter: ['\r\n', '\n'],
    }),
  );
  // csv-parse's info.lines is the line a record ends on, and it counts every CR inside a field as a
  // line of its own; a line here is what an LF ends, and a record is named by its first line.
  let fieldCrs = 0;
  const count = (fields: string[], char: string) => fields.reduce((n, field) => (field.includes(char) ? n + field.split(char).length - 1 : n), 0);
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    fieldCrs += count(item.record, '\r');
    // A DOS end-of-file mark (0x1A) on its own last line is no record.
    if (item.record.length === 1 && item.record[0] === '\x1a') continue;
    const line = item.info.lines - fieldCrs - count(item.record, '\n');
    // csv-parse's raw keeps part of the line break (and of a skipped empty line before it).
    yield { line, raw: item.raw.replace(/^[\r\n]+|[\r\n]+$/g, ''), fields: item.record };
  }
}

export function readRecords(source: AsyncIterable<Buffer> | Iterable<Buffer>, framing: Framing, encoding: TextEncoding): AsyncGenerator<SourceRecord> {
  return framing.kind === 'fixed' ? fixedRecords(source, framing.width) : csvRecords(source, encoding);
}

export interface ParsedFile<Row> {
  rows: { line: number; row: Row }[];
  rejected: { line: number; raw: string; errors: LineError[] }[];
  warnings: LineError[];
  summary: FileSummary | null;
  /** Set when the parser refused the whole file. */
  refused: string | null;
}

/** Parse a whole file held in memory: the pure "bytes in, rows and errors out" form of a parser. */
export async function parseBuffer<Row>(parser: RecordParser<Row>, buf: Buffer, ctx: ParseContext): Promise<ParsedFile<Row>> {
  const result: ParsedFile<Row> = { rows: [], rejected: [], warnings: [], summary: null, refused: null };
  const session = parser.start(ctx);
  const encoding = parser.framing.kind === 'fixed' ? 'cp932' : detectEncoding(buf);
  for await (const rec of readRecords([buf], parser.framing, encoding)) {
    const outcome = session.record(rec);
    switch (outcome.kind) {
      case 'row':
        result.rows.push({ line: rec.line, row: outcome.row });
        result.warnings.push(...(outcome.warnings ?? []));
        break;
      case 'control':
        result.warnings.push(...(outcome.warnings ?? []));
        break;
      case 'rejected':
        result.rejected.push({ line: rec.line, raw: parser.redactRaw?.(rec) ?? rec.raw, errors: outcome.errors });
        break;
      case 'refuse':
        result.refused = outcome.message;
        return result;
    }
  }
  result.summary = session.finish();
  result.warnings.push(...(result.summary.warnings ?? []));
  return result;
}
