import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { detectFormat } from './detect-format';
import { detectEncoding, parseBuffer } from './framing';
import { testContext } from './fixtures/test-helpers';
import {
  endRecord as konbiniEnd,
  fixedFile,
  headerRecord as konbiniHeader,
  trailerRecord as konbiniTrailer,
} from './konbini/fixtures/konbini.records';
import { joinRecords, statementFile } from '../../../generator/layouts';
import { PARSERS, type AnyRecordParser } from './parser.registry';
import { STATEMENT_HEADER } from './zengin-deposit/fixtures/make-fixtures';
import { endRecord as furikaeEnd, headerRecord as furikaeHeader, trailerFor } from './zengin-furikae/fixtures/furikae.records';

/**
 * formats.md "General rules", for every parser at once: a file of another format is refused whole, an empty
 * delivery is a delivery, and any byte sequence is rejected line by line, never a crash.
 */

const parsers = [...PARSERS.values()].map((parser) => [parser.format, parser] as const);
const csvParsers = parsers.filter(([, parser]) => parser.framing.kind === 'csv');
const zengin = (name: string) => readFileSync(join(__dirname, 'fixtures', 'zengin', name));
const parse = (parser: AnyRecordParser, buf: Buffer) => parseBuffer(parser, buf, testContext());

/** Each format's committed real-shaped fixture: a good file of several data lines. */
const GOOD_FILES: Record<string, string> = {
  bills: 'bills/fixtures/bills-20261125.csv',
  konbini: 'konbini/fixtures/konbini-20261126.dat',
  'konbini-csv': 'konbini-csv/fixtures/konbini-csv-20261126.csv',
  'qr-counter': 'qr-counter/fixtures/paypay-20261126.csv',
  eltax: 'eltax/fixtures/eltax-20261126.csv',
  'credit-card': 'credit-card/fixtures/card-20261126.csv',
  'zengin-furikae': 'zengin-furikae/fixtures/furikae-1125.dat',
  'bank-counter': 'bank-counter/fixtures/ocr-20261125.csv',
  'city-cash': 'city-cash/fixtures/register-20261125.csv',
  'zengin-deposit': 'zengin-deposit/fixtures/statement-1125.dat',
};
const goodFile = (format: string) => readFileSync(join(__dirname, GOOD_FILES[format]));

/** The byte offset of the start of line `n` (1-based) of a CRLF file. */
function lineStart(file: Buffer, n: number): number {
  let offset = 0;
  for (let line = 1; line < n; line++) offset = file.indexOf(0x0a, offset) + 1;
  return offset;
}

/** A seeded stream of bytes, the same every run. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('a file of another format is refused whole, by every parser', () => {
  const foreign = ['zengin91-result.dat', 'zengin91-request.dat', 'zengin91-short.dat', 'zengin03-statement.dat'];
  const cases = parsers.flatMap(([format, parser]) =>
    foreign
      .filter((file) =>
        format === 'zengin-furikae' ? file.startsWith('zengin03') : format !== 'zengin-deposit' || !file.startsWith('zengin03'),
      )
      .map((file) => [format, file, parser] as const),
  );

  it.each(cases)('%s refuses the 全銀 file %s', async (_format, file, parser) => {
    const result = await parse(parser, zengin(file));
    expect(result.refused).toEqual(expect.any(String));
    expect(result.rows).toEqual([]);
  });

  it('auto-detection names zengin-furikae alone for a 種別91 file, however short, and zengin-deposit for a 種別03 file', async () => {
    const ctx = testContext();
    expect(await detectFormat(zengin('zengin91-result.dat'), ctx)).toEqual({ kind: 'found', format: 'zengin-furikae' });
    expect(await detectFormat(zengin('zengin91-short.dat'), ctx)).toEqual({ kind: 'found', format: 'zengin-furikae' });
    expect(await detectFormat(zengin('zengin03-statement.dat'), ctx)).toEqual({ kind: 'found', format: 'zengin-deposit' });
  });
});

describe('an empty delivery is a delivery', () => {
  const EMPTY: Record<string, Buffer> = {
    konbini: fixedFile(
      [konbiniHeader({ createdOn: '20261126' }), konbiniTrailer({ preliminary: [0, 0], final: [0, 0], cancel: [0, 0] }), konbiniEnd(3)],
      '\r\n',
    ),
    'zengin-furikae': fixedFile([furikaeHeader({ debitDate: '1125' }), trailerFor([]), furikaeEnd()], '\r\n'),
    'zengin-deposit': joinRecords(statementFile(STATEMENT_HEADER, []), '\r\n'),
  };
  /** Rows that are payments, bills or register rows: a statement's header is kept as its account row, no money. */
  const dataRows = (rows: { row: unknown }[]) => rows.filter(({ row }) => (row as { kind?: string }).kind !== 'account');
  /** A CSV delivery of no data: its header row (and the credit-card trailer of zero totals). */
  const emptyDelivery = (format: string) => {
    if (EMPTY[format]) return EMPTY[format];
    const file = goodFile(format);
    const header = file.subarray(0, lineStart(file, 2));
    return format === 'credit-card' ? Buffer.concat([header, iconv.encode('合計,0,0,0,0\r\n', detectEncoding(file))]) : header;
  };

  it.each(parsers)('%s reads a well-formed file with no data records as a file of no rows and no issue', async (format, parser) => {
    const result = await parse(parser, emptyDelivery(format));
    expect(result.refused).toBeNull();
    expect(dataRows(result.rows)).toEqual([]);
    expect(result.rejected).toEqual([]);
    expect(result.summary?.controlIssues).toEqual([]);
  });

  it.each(parsers)('%s refuses a file with no record at all', async (_format, parser) => {
    for (const empty of [Buffer.alloc(0), Buffer.from('\r\n\r\n'), Buffer.from([0x1a])]) {
      expect((await parse(parser, empty)).refused).toMatch(/レコードがありません.* \/ .*no record/);
    }
  });
});

describe('any byte sequence is rejected line by line, never a crash', () => {
  it.each(parsers)('%s refuses 5,000 random bytes, since not one record of them is accepted', async (_format, parser) => {
    for (const seed of [1, 2, 3]) {
      const result = await parse(parser, pseudoRandomBytes(5000, seed));
      expect(result.refused).toEqual(expect.any(String));
      expect(result.rows).toEqual([]);
    }
  });

  it.each(parsers)('%s refuses 10 MB of garbage with no line breaks, in bounded time', async (_format, parser) => {
    const started = Date.now();
    const result = await parse(parser, Buffer.alloc(10 * 1024 * 1024, 'garbage '));
    expect(result.refused).toEqual(expect.any(String));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  /** Where a NUL lands in a data line: a field that reaches a row. */
  const NUL_AT: Record<string, number> = { konbini: 64, 'zengin-furikae': 50, 'zengin-deposit': 90 };

  it.each(parsers)('%s rejects a data line holding a NUL byte, naming the control character; reads the rest', async (format, parser) => {
    const good = await parse(parser, goodFile(format));
    const file = Buffer.from(goodFile(format));
    file[lineStart(file, 2) + (NUL_AT[format] ?? 0)] = 0x00;
    const result = await parse(parser, file);
    expect(result.refused).toBeNull();
    expect(result.rejected.map(({ line }) => line)).toEqual([2, ...good.rejected.map(({ line }) => line)]);
    expect(result.rejected[0].errors.map(({ message }) => message).join('\n')).toMatch(/制御文字.* \/ .*control character/);
    expect(result.rows).toHaveLength(good.rows.length - 1);
  });

  it.each(csvParsers)('%s rejects a last record whose quote never closes, and reads the lines before it', async (format, parser) => {
    const good = await parse(parser, goodFile(format));
    const result = await parse(parser, Buffer.concat([goodFile(format), Buffer.from('"never closed,1,2\r\nmore\r\n')]));
    expect(result.refused).toBeNull();
    expect(result.rows).toHaveLength(good.rows.length);
    expect(result.rejected.slice(0, -1)).toEqual(good.rejected);
    const unclosed = expect.objectContaining({ message: expect.stringMatching(/引用符.* \/ .*quote/) });
    expect(result.rejected.at(-1)).toMatchObject({ errors: [unclosed] });
  });

  it.each(csvParsers)('%s reads the lines after an unclosed quote once the record outgrows its bound', async (format, parser) => {
    const file = goodFile(format);
    const header = file.subarray(0, lineStart(file, 2));
    const data = file.subarray(lineStart(file, 2));
    // One quote that never closes, then 200 KB of lines: the record is cut at the first line break past its bound.
    const filler = Buffer.from(`"${`${'x,'.repeat(50)}\r\n`.repeat(2000)}`);
    const good = await parse(parser, file);
    const result = await parse(parser, Buffer.concat([header, filler, data]));
    expect(result.refused).toBeNull();
    expect(result.rows).toHaveLength(good.rows.length);
    const tooLong = expect.objectContaining({ message: expect.stringMatching(/長すぎ.* \/ .*too long/) });
    expect(result.rejected[0]).toMatchObject({ line: 2, errors: [tooLong] });
  });
});
