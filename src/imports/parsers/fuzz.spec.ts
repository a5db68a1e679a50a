import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { detectFormat } from './detect-format';
import { detectEncoding, MAX_RECORD_BYTES, readRecords } from './framing';
import { testContext } from './fixtures/test-helpers';
import { PARSERS, type AnyRecordParser } from './parser.registry';
import type { FileSummary, RecordOutcome, SourceRecord } from './parser.types';

/**
 * Fuzzing every parser through the real framing (fast-check): random bytes, and each format's good fixture
 * broken at random — records truncated or made over-long, fields replaced by junk, control characters and
 * broken CP932 inserted, BOMs in odd places, lines dropped, repeated or swapped, header or trailer alone, the
 * file re-encoded, its line breaks changed — fed in chunks of random sizes. Properties: nothing throws and no
 * parser fails inside (the guard would turn that into a rejected line); every record ends as exactly one row,
 * control or rejected line, or the file is refused; the records' bytes are exactly the file's; the result does
 * not depend on how the file was chunked; rows carry nothing unreadable; messages are storable.
 * Auto-detection never reports two fits for any of these files. FUZZ_RUNS (cases per parser, default 1000) and
 * FUZZ_SEED reproduce or widen a run; docs/reliability.md has the figures.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Each format's committed good files: the seeds the mutations start from. */
const SEEDS: Record<string, string[]> = {
  bills: ['bills/fixtures/bills-20261125.csv'],
  konbini: ['konbini/fixtures/konbini-20261126.dat'],
  'konbini-csv': ['konbini-csv/fixtures/konbini-csv-20261126.csv', 'konbini-csv/fixtures/real/test.csv'],
  'qr-counter': ['qr-counter/fixtures/paypay-20261126.csv'],
  eltax: ['eltax/fixtures/eltax-20261126.csv'],
  'credit-card': ['credit-card/fixtures/card-20261126.csv'],
  'zengin-furikae': ['zengin-furikae/fixtures/furikae-1125.dat', 'fixtures/zengin/zengin91-result.dat'],
  'bank-counter': ['bank-counter/fixtures/ocr-20261125.csv'],
  'city-cash': ['city-cash/fixtures/register-20261125.csv'],
  'zengin-deposit': ['zengin-deposit/fixtures/statement-1125.dat', 'fixtures/zengin/zengin03-statement.dat'],
};
const seedFiles = (format: string) => SEEDS[format].map((path) => readFileSync(join(__dirname, path)));

/** A file as its lines (without line breaks) and the line break that joins them. */
interface Lines {
  lines: Buffer[];
  lineEnd: '\r\n' | '\n' | '';
  reencode: boolean;
}

function linesOf(file: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let lf = file.indexOf(0x0a); lf >= 0; lf = file.indexOf(0x0a, start)) {
    lines.push(file.subarray(start, lf > start && file[lf - 1] === 0x0d ? lf - 1 : lf));
    start = lf + 1;
  }
  if (start < file.length) lines.push(file.subarray(start));
  return lines;
}

/** Bytes no format expects: control characters, broken CP932, BOMs, quotes, separators, digits, text. */
const junk: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from([0x00]),
    Buffer.from([0x1a]),
    Buffer.from([0x0d]),
    Buffer.from([0x7f, 0x1b]),
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from([0x81]),
    Buffer.from([0x82, 0xa0, 0xfd]),
    Buffer.from('"'),
    Buffer.from('",'),
    Buffer.from(',,'),
    Buffer.from('2.26E+15'),
    Buffer.from('999999999999999999999'),
  ),
  fc.string({ maxLength: 20 }).map((text) => Buffer.from(text, 'utf8')),
  fc.string({ unit: 'grapheme', maxLength: 10 }).map((text) => iconv.encode(text, 'cp932')),
  fc.stringMatching(/^\d{1,20}$/).map((digits) => Buffer.from(digits)),
);

type Mutation = (file: Lines) => void;
const at = (lines: Buffer[], index: number) => (lines.length ? index % lines.length : -1);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A record cut short.
  fc.tuple(fc.nat(), fc.nat()).map(([i, k]): Mutation => ({ lines }) => {
    const n = at(lines, i);
    if (n >= 0) lines[n] = lines[n].subarray(0, k % (lines[n].length + 1));
  }),
  // A record made longer, now and then past the bound of any record.
  fc.tuple(fc.nat(), junk, fc.boolean(), fc.nat({ max: 19 })).map(([i, bytes, huge, roll]): Mutation => ({ lines }) => {
    const n = at(lines, i);
    if (n >= 0) lines[n] = Buffer.concat([lines[n], huge && roll === 0 ? Buffer.alloc(MAX_RECORD_BYTES + 10, bytes[0]) : bytes]);
  }),
  // A field replaced by junk: a CSV field, or the same number of bytes of a fixed-length record.
  fc.tuple(fc.nat(), fc.nat(), fc.nat(), junk).map(([i, j, k, bytes]): Mutation => ({ lines }) => {
    const n = at(lines, i);
    if (n < 0) return;
    const line = lines[n];
    const fields = linesOfCommas(line);
    if (fields.length > 1) {
      fields[j % fields.length] = bytes;
      lines[n] = Buffer.concat(fields.flatMap((field, f) => (f ? [Buffer.from(','), field] : [field])));
    } else {
      const start = line.length ? j % line.length : 0;
      const patch = Buffer.concat([bytes, Buffer.alloc(Math.max(0, k % 30), 0x20)]).subarray(0, Math.max(0, line.length - start));
      lines[n] = Buffer.concat([line.subarray(0, start), patch, line.subarray(start + patch.length)]);
    }
  }),
  // Bytes inserted anywhere: control characters, broken CP932, a BOM in an odd place.
  fc.tuple(fc.nat(), fc.nat(), junk).map(([i, k, bytes]): Mutation => ({ lines }) => {
    const n = at(lines, i);
    if (n < 0) return;
    const cut = k % (lines[n].length + 1);
    lines[n] = Buffer.concat([lines[n].subarray(0, cut), bytes, lines[n].subarray(cut)]);
  }),
  // Lines dropped, repeated, swapped; the header alone, or the trailer alone.
  fc.nat().map(
    (i): Mutation =>
      ({ lines }) =>
        void lines.splice(at(lines, i), 1),
  ),
  fc.nat().map(
    (i): Mutation =>
      ({ lines }) =>
        void (lines.length && lines.splice(at(lines, i), 0, lines[at(lines, i)])),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => ({ lines }) => {
    if (lines.length) [lines[at(lines, i)], lines[at(lines, j)]] = [lines[at(lines, j)], lines[at(lines, i)]];
  }),
  fc.constantFrom<Mutation>(
    (file) => void file.lines.splice(1),
    (file) => void file.lines.splice(0, Math.max(0, file.lines.length - 2)),
    (file) => void file.lines.splice(0, Math.max(0, file.lines.length - 1)),
  ),
  // Line breaks changed; the whole file in the other encoding.
  fc.constantFrom<'\r\n' | '\n' | ''>('\r\n', '\n', '').map(
    (lineEnd): Mutation =>
      (file) =>
        void (file.lineEnd = lineEnd),
  ),
  fc.constant<Mutation>((file) => void (file.reencode = true)),
);

/** A CSV line's fields as bytes (no quoting: a mutation only needs somewhere to put junk). */
function linesOfCommas(line: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  for (let comma = line.indexOf(0x2c); comma >= 0; comma = line.indexOf(0x2c, start)) {
    fields.push(line.subarray(start, comma));
    start = comma + 1;
  }
  fields.push(line.subarray(start));
  return fields;
}

function build(seed: Buffer, mutations: Mutation[]): Buffer {
  const file: Lines = { lines: linesOf(seed), lineEnd: '\r\n', reencode: false };
  for (const mutate of mutations) mutate(file);
  const bytes = Buffer.concat(file.lines.flatMap((line) => [line, Buffer.from(file.lineEnd, 'latin1')]));
  if (!file.reencode) return bytes;
  const utf8 = detectEncoding(bytes) === 'utf8';
  return utf8 ? iconv.encode(bytes.toString('utf8'), 'cp932') : Buffer.from(iconv.decode(bytes, 'cp932'), 'utf8');
}

/** An input: random bytes, or a good file of the format broken by one to four mutations; and how to chunk it. */
const input = (format: string) =>
  fc.record({
    bytes: fc.oneof(
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)) },
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.constantFrom(...seedFiles(format)), fc.array(mutation, { minLength: 1, maxLength: 4 }))
          .map(([seed, mutations]) => build(seed, mutations)),
      },
    ),
    chunk: fc.integer({ min: 1, max: 4096 }),
  });

interface Trace {
  records: Pick<SourceRecord, 'line' | 'offset' | 'size' | 'bytes'>[];
  outcomes: RecordOutcome<unknown>[];
  refused: string | null;
  summary: FileSummary | null;
}

function chunked(bytes: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
}

/** The file through the framing and the parser, as the importer reads it. */
async function run(parser: AnyRecordParser, bytes: Buffer, chunk: number): Promise<Trace> {
  const trace: Trace = { records: [], outcomes: [], refused: null, summary: null };
  const session = parser.start(testContext());
  const encoding = parser.framing.kind === 'fixed' ? 'cp932' : detectEncoding(bytes);
  for await (const rec of readRecords(chunked(bytes, chunk), parser.framing, encoding)) {
    const outcome = session.record(rec);
    trace.records.push({ line: rec.line, offset: rec.offset, size: rec.size, bytes: rec.bytes });
    trace.outcomes.push(outcome);
    if (parser.redactRaw) expect(parser.redactRaw(rec)).toHaveLength(rec.bytes.length);
    if (outcome.kind === 'refuse') {
      trace.refused = outcome.message;
      return trace;
    }
  }
  trace.refused = session.refusalAtEnd();
  if (!trace.refused) trace.summary = session.finish();
  return trace;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
/** Any string in a value that holds a control character or an undecoded one. */
function unreadableStrings(value: unknown): string[] {
  if (typeof value === 'string') return CONTROL.test(value) || value.includes('\uFFFD') ? [value] : [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(unreadableStrings);
  return [];
}

function checkTrace(parser: AnyRecordParser, bytes: Buffer, trace: Trace): void {
  // One outcome per record, and only a refusal ends the file early.
  expect(trace.outcomes).toHaveLength(trace.records.length);
  expect(trace.outcomes.slice(0, -1).every((outcome) => outcome.kind !== 'refuse')).toBe(true);
  // No parser failed inside: the guard turns an exception into a rejected line, and that would hide a bug.
  const errors = [...trace.outcomes.flatMap((o) => (o.kind === 'rejected' ? o.errors : [])), ...(trace.summary?.controlIssues ?? [])];
  const messages = errors.map((error) => error.message);
  expect(
    messages.filter(
      (message) => message.startsWith('この行を読めませんでした') || message.startsWith('ファイルの検査を終えられませんでした'),
    ),
  ).toEqual([]);
  // Messages are storable: no raw control character.
  expect(messages.filter((message) => CONTROL.test(message))).toEqual([]);
  // Rows carry nothing unreadable, and money as positive whole yen.
  const rows = trace.refused ? [] : trace.outcomes.flatMap((o) => (o.kind === 'row' ? [o.row as { amount: number; kind?: string }] : []));
  expect(unreadableStrings(rows)).toEqual([]);
  // A statement's account row (its header) carries balances, not money moved: its balance is a safe integer.
  const accounts = rows.filter((row) => row.kind === 'account') as unknown as { openingBalance: number }[];
  expect(accounts.filter((row) => !Number.isSafeInteger(row.openingBalance))).toEqual([]);
  const money = rows.filter((row) => row.kind !== 'account');
  const minimum = parser.target === 'bills' ? 0 : 1;
  expect(money.filter((row) => !Number.isSafeInteger(row.amount) || row.amount < minimum)).toEqual([]);
  // The records are the file: each one's bytes at its offset, only line breaks (and 0x1A) between them.
  let end = 0;
  for (const rec of trace.records) {
    expect(bytes.subarray(end, rec.offset).every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x1a)).toBe(true);
    expect(rec.bytes.equals(bytes.subarray(rec.offset, rec.offset + Math.min(rec.size, MAX_RECORD_BYTES)))).toBe(true);
    end = rec.offset + rec.size;
  }
  if (!trace.outcomes.some((outcome) => outcome.kind === 'refuse')) {
    expect(bytes.subarray(end).every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x1a)).toBe(true);
  }
}

/** What a parse came to, for comparing two runs: the records' places and every outcome. */
const digest = (trace: Trace) => JSON.stringify({ ...trace, records: trace.records.map(({ line, offset, size }) => [line, offset, size]) });

describe('fuzzing every parser through the real framing', () => {
  const properties = 'no crash, every line accounted for, exact bytes, deterministic';
  it.each([...PARSERS.keys()])(`%s: ${RUNS} broken and random files — ${properties}`, async (format) => {
    const parser = PARSERS.get(format)!;
    await fc.assert(
      fc.asyncProperty(input(format), async ({ bytes, chunk }) => {
        const whole = await run(parser, bytes, bytes.length || 1);
        checkTrace(parser, bytes, whole);
        expect(digest(await run(parser, bytes, chunk))).toBe(digest(whole));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`auto-detection: ${RUNS} files of every format, broken at random — never two fits`, async () => {
    const anyFormat = fc.constantFrom(...PARSERS.keys()).chain((format) => input(format));
    await fc.assert(
      fc.asyncProperty(anyFormat, async ({ bytes }) => {
        expect((await detectFormat(bytes.subarray(0, 64 * 1024), testContext())).kind).not.toBe('ambiguous');
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
