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

/**
 * Fixed-length records come with CRLF, LF or no line breaks at all. The first bytes decide: a line
 * break within the first record's reach means line mode (a record of the wrong length is still one
 * record, and its parser rejects it); none means records back to back.
 */
async function* fixedRecords(source: AsyncIterable<Buffer> | Iterable<Buffer>, width: number): AsyncGenerator<SourceRecord> {
  let pending: Buffer = Buffer.alloc(0);
  let mode: 'lines' | 'blocks' | null = null;
  let line = 0;
  const emit = (bytes: Buffer): SourceRecord => ({ line: ++line, bytes, raw: iconv.decode(bytes, 'cp932') });

  for await (const chunk of source) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (mode === null) {
      if (pending.length < width + 2 && pending.indexOf(LF) < 0) continue;
      const lf = pending.indexOf(LF);
      mode = lf >= 0 && lf <= width + 1 ? 'lines' : 'blocks';
    }
    let start = 0;
    if (mode === 'lines') {
      for (let lf = pending.indexOf(LF, start); lf >= 0; lf = pending.indexOf(LF, start)) {
        const end = lf > start && pending[lf - 1] === CR ? lf - 1 : lf;
        yield emit(pending.subarray(start, end));
        start = lf + 1;
      }
    } else {
      while (pending.length - start >= width) {
        yield emit(pending.subarray(start, start + width));
        start += width;
      }
    }
    pending = pending.subarray(start);
  }
  let rest = pending;
  while (rest.length && (rest[rest.length - 1] === DOS_EOF || rest[rest.length - 1] === CR || rest[rest.length - 1] === LF)) {
    rest = rest.subarray(0, rest.length - 1);
  }
  if (rest.length) yield emit(rest);
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
    }),
  );
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
    yield { line: item.info.lines, raw: item.raw.replace(/\r?\n$/, ''), fields: item.record };
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
        result.rejected.push({ line: rec.line, raw: rec.raw, errors: outcome.errors });
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
