import * as iconv from 'iconv-lite';
import { isAscii } from 'node:buffer';
import type { Framing, LineError, ParseContext, RecordParser, SourceRecord, FileSummary } from './parser.types';
import { lineError } from './parser-text';

/**
 * Cutting a file into records and decoding them, shared by every parser. Works on a stream so a
 * million-record file never sits in memory; parseBuffer() wraps it for tests and small inputs.
 *
 * Records are cut at the byte level, so each keeps its exact bytes and byte offset: concatenating the records
 * and the line breaks between them gives back the file. CSV records are cut quote-aware on bytes (0x22, 0x0A and
 * 0x0D never occur inside a CP932 or UTF-8 multibyte character), then decoded, then split into fields.
 */

export type TextEncoding = 'utf8' | 'cp932';

/**
 * The most bytes a record keeps in memory. A longer record (an unclosed quote in an 80 MiB file, 10 MB of garbage
 * with no line break) keeps its head only, is rejected, and the framing resynchronises at the next line break.
 * It is also the longest CSV record a parser accepts; fixed-length records are bound by their width.
 */
export const MAX_RECORD_BYTES = 64 * 1024;

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

  /** `complete: false` for the head of a file, which may end inside a character. */
  result(complete = true): TextEncoding {
    if (this.bom) return 'utf8';
    if (this.validUtf8 && complete) {
      try {
        this.decoder.decode();
      } catch {
        return 'cp932';
      }
    }
    return this.validUtf8 ? 'utf8' : 'cp932';
  }
}

export function detectEncoding(buf: Buffer, complete = true): TextEncoding {
  const probe = new EncodingProbe();
  probe.update(buf);
  return probe.result(complete);
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const DOS_EOF = 0x1a;

/** A record as cut from the bytes, before decoding. */
interface CutRecord {
  line: number;
  offset: number;
  bytes: Buffer;
  size: number;
  /** CSV: the file ended inside a quoted field. */
  openQuote: boolean;
}

/** Where a CSV cut stands: RFC 4180 quoting, with a quote inside an unquoted field read as a character. */
const enum Quoting {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the field's end, or the first half of `""`. */
  QuoteInQuoted,
}

/** Cuts bytes into records as they arrive: the records a chunk completes, then those the end of the file does. */
interface Cutter {
  push(chunk: Buffer): CutRecord[];
  end(): CutRecord[];
}

/**
 * Cuts a byte stream into records at its line breaks (LF; a CR before it is part of the line break). CSV
 * (`quoted`): an LF inside a quoted field belongs to the record. A record never keeps more than MAX_RECORD_BYTES;
 * once it outgrows them its quoting no longer counts and it ends at the next LF.
 */
class LineCutter implements Cutter {
  /** The current record's bytes so far (at most MAX_RECORD_BYTES + 1 of them). */
  private parts: Buffer[] = [];
  private kept = 0;
  private size = 0;
  private lastByte = -1;
  private start = 0;
  private startLine = 1;
  private line = 1;
  /** Offset in the file of the chunk being cut. */
  private base = 0;
  private quoting = Quoting.FieldStart;
  private overLong = false;

  constructor(private readonly quoted: boolean) {}

  push(chunk: Buffer): CutRecord[] {
    const records: CutRecord[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const end = this.recordEnd(chunk, pos);
      this.take(chunk, pos, end < 0 ? chunk.length : end);
      if (end < 0) break;
      const record = this.close(this.base + end + 1);
      if (record) records.push(record);
      pos = end + 1;
    }
    this.base += chunk.length;
    return records;
  }

  /** The last record, which no line break ends; trailing CRs and DOS end-of-file marks (0x1A) are no part of it. */
  end(): CutRecord[] {
    const openQuote = this.quoted && !this.overLong && this.quoting === Quoting.Quoted;
    if (this.kept === this.size) {
      const bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
      let last = bytes.length;
      while (last > 0 && (bytes[last - 1] === CR || bytes[last - 1] === DOS_EOF)) last--;
      this.parts = [bytes.subarray(0, last)];
      this.kept = this.size = last;
      this.lastByte = -1;
    }
    const record = this.close(this.base, openQuote);
    return record ? [record] : [];
  }

  /** The index in chunk of the LF that ends the current record, or -1 when the record goes on past the chunk. */
  private recordEnd(chunk: Buffer, from: number): number {
    if (!this.quoted || this.overLong) return chunk.indexOf(LF, from);
    const lf = chunk.indexOf(LF, from);
    const quote = chunk.indexOf(QUOTE, from);
    // No quote before the line break, and none open: the common case, found by indexOf alone.
    if (this.quoting !== Quoting.Quoted && this.quoting !== Quoting.QuoteInQuoted && (quote < 0 || (lf >= 0 && quote > lf))) {
      if (lf < 0 && chunk.length > from) this.quoting = chunk[chunk.length - 1] === COMMA ? Quoting.FieldStart : Quoting.Unquoted;
      return lf;
    }
    const budget = MAX_RECORD_BYTES - this.size;
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i];
      if (i - from >= budget) {
        // Past the bound: quoting no longer counts, the next line break ends the record.
        this.overLong = true;
        return chunk.indexOf(LF, i);
      }
      switch (this.quoting) {
        case Quoting.Quoted:
          if (byte === QUOTE) this.quoting = Quoting.QuoteInQuoted;
          else if (byte === LF) this.line++;
          break;
        case Quoting.QuoteInQuoted:
          if (byte === QUOTE) this.quoting = Quoting.Quoted;
          else if (byte === COMMA) this.quoting = Quoting.FieldStart;
          else if (byte === LF) return i;
          else this.quoting = Quoting.Unquoted;
          break;
        default:
          if (byte === LF) return i;
          if (byte === COMMA) this.quoting = Quoting.FieldStart;
          else if (byte === QUOTE && this.quoting === Quoting.FieldStart) this.quoting = Quoting.Quoted;
          else this.quoting = Quoting.Unquoted;
      }
    }
    return -1;
  }

  private take(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const room = MAX_RECORD_BYTES + 1 - this.kept;
    if (room > 0) {
      const part = chunk.subarray(from, Math.min(to, from + room));
      this.parts.push(part);
      this.kept += part.length;
    }
    this.size += to - from;
    this.lastByte = chunk[to - 1];
  }

  /** Ends the current record; the next starts at `next`. Empty records (blank lines) and lone 0x1A marks are none. */
  private close(next: number, openQuote = false): CutRecord | null {
    const size = this.lastByte === CR ? this.size - 1 : this.size;
    const whole = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    const keep = Math.min(size, MAX_RECORD_BYTES);
    const bytes = whole.length > keep ? whole.subarray(0, keep) : whole;
    const record: CutRecord = { line: this.startLine, offset: this.start, bytes, size, openQuote };
    this.parts = [];
    this.kept = this.size = 0;
    this.lastByte = -1;
    this.start = next;
    this.line++;
    this.startLine = this.line;
    this.quoting = Quoting.FieldStart;
    this.overLong = false;
    const dosEnd = bytes[0] === DOS_EOF && bytes.every((byte) => byte === DOS_EOF);
    return size === 0 || dosEnd ? null : record;
  }
}

type FixedMode = 'lines' | 'blocks';

/**
 * Fixed-length records come with CRLF, LF or no line breaks at all. Records back to back hold no 0x0A
 * byte (digits and CP932 text never use it) except perhaps one final line break, so an LF in the file's first
 * MAX_RECORD_BYTES that more data follows means line mode: a record of the wrong length is still one record,
 * and its parser rejects it. Decided on those first bytes alone, however the file arrives in chunks; null:
 * not enough bytes yet.
 */
function fixedMode(buf: Buffer, ended: true): FixedMode;
function fixedMode(buf: Buffer, ended: boolean): FixedMode | null;
function fixedMode(buf: Buffer, ended: boolean): FixedMode | null {
  if (!ended && buf.length <= MAX_RECORD_BYTES) return null;
  const head = buf.subarray(0, MAX_RECORD_BYTES);
  const lf = head.indexOf(LF);
  if (lf < 0) return 'blocks';
  return buf.length <= MAX_RECORD_BYTES && isFileEnd(head.subarray(lf + 1)) ? 'blocks' : 'lines';
}

/** Only line breaks and DOS end-of-file marks (0x1A). */
function isFileEnd(buf: Buffer): boolean {
  return buf.every((b) => b === CR || b === LF || b === DOS_EOF);
}

/** Records back to back: every `width` bytes one record; what is left at the end, without its line breaks, one more. */
class BlockCutter implements Cutter {
  private pending: Buffer = Buffer.alloc(0);
  private offset = 0;
  private line = 0;

  constructor(private readonly width: number) {}

  push(chunk: Buffer): CutRecord[] {
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const records: CutRecord[] = [];
    let start = 0;
    for (; buf.length - start >= this.width; start += this.width) records.push(this.record(buf.subarray(start, start + this.width)));
    this.pending = buf.subarray(start);
    return records;
  }

  end(): CutRecord[] {
    let last = this.pending.length;
    while (last > 0 && isFileEnd(this.pending.subarray(last - 1, last))) last--;
    return last > 0 ? [this.record(this.pending.subarray(0, last))] : [];
  }

  private record(bytes: Buffer): CutRecord {
    const record = { line: ++this.line, offset: this.offset, bytes, size: bytes.length, openQuote: false };
    this.offset += bytes.length;
    return record;
  }
}

/** Fixed-length records: lines or blocks, as the first bytes tell (fixedMode); held back until they can. */
class FixedCutter implements Cutter {
  private pending: Buffer = Buffer.alloc(0);
  private cutter: Cutter | null = null;

  constructor(private readonly width: number) {}

  push(chunk: Buffer): CutRecord[] {
    if (this.cutter) return this.cutter.push(chunk);
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const mode = fixedMode(this.pending, false);
    return mode ? this.begin(mode) : [];
  }

  end(): CutRecord[] {
    const first = this.cutter ? [] : this.begin(fixedMode(this.pending, true));
    return [...first, ...this.cutter!.end()];
  }

  private begin(mode: FixedMode): CutRecord[] {
    this.cutter = mode === 'lines' ? new LineCutter(false) : new BlockCutter(this.width);
    return this.cutter.push(this.pending);
  }
}

/** A record's bytes as text; a UTF-8 BOM is kept (only the file's first record loses it, in csvRecord). */
export function decodeText(bytes: Buffer, encoding: TextEncoding): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  return encoding === 'utf8' ? bytes.toString('utf8') : iconv.decode(bytes, 'cp932');
}

/** The fields of one decoded CSV record, by the same quoting rules as the cut; null when a quote never closes. */
export function splitFields(text: string): string[] | null {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let field = '';
  let quoting = Quoting.FieldStart;
  for (const char of text) {
    switch (quoting) {
      case Quoting.Quoted:
        if (char === '"') quoting = Quoting.QuoteInQuoted;
        else field += char;
        break;
      case Quoting.QuoteInQuoted:
        if (char === '"') {
          field += char;
          quoting = Quoting.Quoted;
        } else if (char === ',') {
          fields.push(field);
          field = '';
          quoting = Quoting.FieldStart;
        } else {
          field += char;
          quoting = Quoting.Unquoted;
        }
        break;
      default:
        if (char === ',') {
          fields.push(field);
          field = '';
          quoting = Quoting.FieldStart;
        } else if (char === '"' && quoting === Quoting.FieldStart) {
          quoting = Quoting.Quoted;
        } else {
          field += char;
          quoting = Quoting.Unquoted;
        }
    }
  }
  if (quoting === Quoting.Quoted) return null;
  fields.push(field);
  return fields;
}

function tooLong(line: number, size: number, limit: number): LineError {
  return lineError(
    line,
    'レコード長',
    `レコードが長すぎます: ${size}バイト（上限 ${limit}バイト。先頭だけを保存します）`,
    `record too long: ${size} bytes (limit ${limit}; only its head is kept)`,
  );
}

function unclosedQuote(line: number): LineError {
  return lineError(line, null, '引用符（"）が閉じていません', 'a quote (") never closes');
}

function fixedRecord({ line, offset, bytes, size }: CutRecord): SourceRecord {
  return { line, offset, bytes, size, raw: decodeText(bytes, 'cp932') };
}

function csvRecord(cut: CutRecord, encoding: TextEncoding): SourceRecord {
  const { line, offset, bytes, size } = cut;
  let raw = decodeText(bytes, encoding);
  if (offset === 0) raw = raw.replace(/^\uFEFF/, '');
  const record: SourceRecord = { line, offset, bytes, size, raw };
  if (size > MAX_RECORD_BYTES) return { ...record, fault: tooLong(line, size, MAX_RECORD_BYTES) };
  const fields = cut.openQuote ? null : splitFields(raw);
  return fields ? { ...record, fields } : { ...record, fault: unclosedQuote(line) };
}

export async function* readRecords(
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  framing: Framing,
  encoding: TextEncoding,
): AsyncGenerator<SourceRecord> {
  const cutter: Cutter = framing.kind === 'csv' ? new LineCutter(true) : new FixedCutter(framing.width);
  const record = framing.kind === 'csv' ? (cut: CutRecord) => csvRecord(cut, encoding) : fixedRecord;
  for await (const chunk of source) {
    for (const cut of cutter.push(chunk)) yield record(cut);
  }
  for (const cut of cutter.end()) yield record(cut);
}

export interface ParsedFile<Row> {
  rows: { line: number; row: Row }[];
  rejected: { line: number; raw: string; errors: LineError[] }[];
  warnings: LineError[];
  summary: FileSummary | null;
  /** Set when the parser refused the whole file: then nothing else is (nothing of it would be written). */
  refused: string | null;
}

function refusedFile<Row>(message: string): ParsedFile<Row> {
  return { rows: [], rejected: [], warnings: [], summary: null, refused: message };
}

/** What is shown of a record: its text, with personal data masked where the format says so. */
function shown(parser: RecordParser<unknown>, rec: SourceRecord, encoding: TextEncoding): string {
  return parser.redactRaw ? decodeText(parser.redactRaw(rec), encoding) : rec.raw;
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
        result.rejected.push({ line: rec.line, raw: shown(parser, rec, encoding), errors: outcome.errors });
        break;
      case 'refuse':
        return refusedFile(outcome.message);
    }
  }
  const refusal = session.refusalAtEnd();
  if (refusal) return refusedFile(refusal);
  result.summary = session.finish();
  result.warnings.push(...(result.summary.warnings ?? []));
  return result;
}
