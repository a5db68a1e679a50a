import * as iconv from 'iconv-lite';
import { detectEncoding, EncodingProbe, MAX_RECORD_BYTES, parseBuffer, readRecords, type TextEncoding } from './framing';
import type { RecordParser, SourceRecord } from './parser.types';
import { testContext } from './fixtures/test-helpers';
import { defineParser } from './record-parser';

const WIDTH = 10;
const fixed = { kind: 'fixed', width: WIDTH } as const;

/** Records of `width` bytes: 'A…', 'B…', … */
const recordsOf = (count: number, width = WIDTH) => Array.from({ length: count }, (_, i) => Buffer.alloc(width, 0x41 + i));
const join = (records: Buffer[], lineEnd: string) => Buffer.concat(records.flatMap((rec) => [rec, Buffer.from(lineEnd, 'latin1')]));

async function collect(
  source: Buffer | Buffer[],
  framing: { kind: 'fixed'; width: number } | { kind: 'csv' } = fixed,
  encoding: TextEncoding = 'cp932',
) {
  const out: SourceRecord[] = [];
  for await (const rec of readRecords(Array.isArray(source) ? source : [source], framing, encoding)) out.push(rec);
  return out;
}
const shape = (records: SourceRecord[]) => records.map(({ line, bytes }) => ({ line, text: bytes?.toString('latin1') }));

/** Splits a buffer into chunks of `size` bytes, as a stream would deliver it. */
const chunks = (buf: Buffer, size: number) =>
  Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size));

describe('fixed-length framing', () => {
  const three = recordsOf(3);
  const expected = [
    { line: 1, text: 'AAAAAAAAAA' },
    { line: 2, text: 'BBBBBBBBBB' },
    { line: 3, text: 'CCCCCCCCCC' },
  ];

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['no line breaks', ''],
  ])('cuts records separated by %s', async (_name, lineEnd) => {
    expect(shape(await collect(join(three, lineEnd)))).toEqual(expected);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['no line breaks', ''],
  ])('gives the same records when the file arrives in small chunks (%s)', async (_name, lineEnd) => {
    expect(shape(await collect(chunks(join(three, lineEnd), 3)))).toEqual(expected);
  });

  it('reads the last line when it has no line break', async () => {
    expect(shape(await collect(Buffer.concat([join(three.slice(0, 2), '\r\n'), three[2]])))).toEqual(expected);
  });

  it.each([
    ['after a final CRLF', join(three, '\r\n')],
    ['after the last record of a file without line breaks', join(three, '')],
    ['right after the last line', Buffer.concat([join(three.slice(0, 2), '\r\n'), three[2]])],
  ])('drops a DOS end-of-file mark (0x1A) %s', async (_name, file) => {
    expect(shape(await collect(Buffer.concat([file, Buffer.from([0x1a])])))).toEqual(expected);
  });

  it('keeps a short last record of a file without line breaks as a record of its own', async () => {
    const file = Buffer.concat([join(three, ''), Buffer.from('DDDD')]);
    expect(shape(await collect(file))).toEqual([...expected, { line: 4, text: 'DDDD' }]);
  });

  it('keeps short and long lines as records, for the parser to reject', async () => {
    const file = join([three[0], Buffer.from('BBBB'), Buffer.alloc(WIDTH + 5, 0x43), three[2]], '\r\n');
    expect(shape(await collect(file)).map(({ text }) => text?.length)).toEqual([WIDTH, 4, WIDTH + 5, WIDTH]);
  });

  it('reads a file whose first line is too long in line mode', async () => {
    const file = join([Buffer.alloc(WIDTH + 5, 0x41), three[1], three[2]], '\r\n');
    expect(shape(await collect(file)).map(({ line, text }) => [line, text?.length])).toEqual([
      [1, WIDTH + 5],
      [2, WIDTH],
      [3, WIDTH],
    ]);
  });

  it('reads records back to back with a single final line break as records, not one long line', async () => {
    expect(shape(await collect(Buffer.concat([join(three, ''), Buffer.from('\r\n')])))).toEqual(expected);
  });

  it('skips blank lines but keeps the line numbers of the file', async () => {
    const file = Buffer.concat([three[0], Buffer.from('\r\n\r\n'), join(three.slice(1), '\r\n'), Buffer.from('\r\n')]);
    expect(shape(await collect(file))).toEqual([
      { line: 1, text: 'AAAAAAAAAA' },
      { line: 3, text: 'BBBBBBBBBB' },
      { line: 4, text: 'CCCCCCCCCC' },
    ]);
  });

  it('reads a single record without a line break, and nothing from an empty file', async () => {
    expect(shape(await collect(three[0]))).toEqual([expected[0]]);
    expect(await collect(Buffer.alloc(0))).toEqual([]);
  });

  it('decodes each record from CP932 for display, half-width kana included', async () => {
    const record = iconv.encode('ﾀﾙﾐｽﾞｼ垂水', 'cp932');
    const [rec] = await collect(join([record, record], '\r\n'), { kind: 'fixed', width: record.length });
    expect(rec.raw).toBe('ﾀﾙﾐｽﾞｼ垂水');
    expect(rec.bytes).toEqual(record);
  });
});

describe('CSV encoding detection', () => {
  const text = '収納日,金額\r\n20261125,12300\r\n';

  it('reads a UTF-8 BOM as UTF-8', () => {
    expect(detectEncoding(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe('utf8');
  });

  it('reads valid UTF-8 without a BOM as UTF-8', () => {
    expect(detectEncoding(Buffer.from(text, 'utf8'))).toBe('utf8');
  });

  it('reads bytes that are not UTF-8 as CP932', () => {
    expect(detectEncoding(iconv.encode(text, 'cp932'))).toBe('cp932');
    expect(detectEncoding(iconv.encode('ﾃﾞﾝｻﾝ', 'cp932'))).toBe('cp932');
  });

  it('reads plain ASCII as UTF-8 (the same text either way)', () => {
    expect(detectEncoding(Buffer.from('a,b\r\n1,2\r\n'))).toBe('utf8');
  });

  it('decides alike when a UTF-8 character is split across chunks', () => {
    const probe = new EncodingProbe();
    for (const chunk of chunks(Buffer.from(`\uFEFF${text}`, 'utf8'), 2)) probe.update(chunk);
    expect(probe.result()).toBe('utf8');
  });

  it('calls a file CP932 when only a later chunk is not UTF-8', () => {
    const probe = new EncodingProbe();
    probe.update(Buffer.from('a,b\r\n'));
    probe.update(iconv.encode('収納日\r\n', 'cp932'));
    expect(probe.result()).toBe('cp932');
  });

  it('calls a file CP932 when it ends in the middle of a UTF-8 character', () => {
    expect(detectEncoding(Buffer.from([0x61, 0xe5, 0x8f]))).toBe('cp932');
  });

  it('reads the head of a UTF-8 file as UTF-8 even when the head ends inside a character', () => {
    expect(detectEncoding(Buffer.from([0x61, 0xe5, 0x8f]), false)).toBe('utf8');
    expect(detectEncoding(iconv.encode('収納日', 'cp932'), false)).toBe('cp932');
  });
});

describe('CSV framing', () => {
  const csv = { kind: 'csv' } as const;
  const csvShape = (records: SourceRecord[]) => records.map(({ line, raw, fields }) => ({ line, raw, fields }));

  it('cuts CRLF lines into fields and keeps each raw line without its line break', async () => {
    const records = await collect(iconv.encode('種別,金額\r\n01,"12300"\r\n', 'cp932'), csv, 'cp932');
    expect(csvShape(records)).toEqual([
      { line: 1, raw: '種別,金額', fields: ['種別', '金額'] },
      { line: 2, raw: '01,"12300"', fields: ['01', '12300'] },
    ]);
  });

  it('reads LF and mixed line ends without leaving a line break in the last field', async () => {
    const records = await collect(Buffer.from('a,b\r\nc,d\ne,f\r\ng,h\n'), csv, 'utf8');
    expect(records.map(({ fields }) => fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('strips a UTF-8 BOM from the first field', async () => {
    const [first] = await collect(Buffer.from('\uFEFF種別,金額\r\n', 'utf8'), csv, 'utf8');
    expect(first.fields).toEqual(['種別', '金額']);
  });

  it('keeps quoted commas and line breaks inside a field, and names a record by its first line', async () => {
    const records = await collect(Buffer.from('a,b\r\n"x,1","y\r\nz\r\nw"\r\n\r\nc,d\r\n"q\rr",1\r\ne,f\r\n'), csv, 'utf8');
    expect(records.map(({ line, fields }) => [line, fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['x,1', 'y\r\nz\r\nw']],
      [6, ['c', 'd']],
      [7, ['q\rr', '1']],
      [8, ['e', 'f']],
    ]);
  });

  it('names records by their first line in an LF file with a quoted line break too', async () => {
    const records = await collect(Buffer.from('a,b\n"x\n\ny",2\n\nc,d\n'), csv, 'utf8');
    expect(records.map(({ line }) => line)).toEqual([1, 2, 6]);
  });

  it('skips empty lines, keeping the line numbers of the file', async () => {
    const records = await collect(Buffer.from('a,b\r\n\r\nc,d\r\n'), csv, 'utf8');
    expect(csvShape(records)).toEqual([
      { line: 1, raw: 'a,b', fields: ['a', 'b'] },
      { line: 3, raw: 'c,d', fields: ['c', 'd'] },
    ]);
  });

  it('drops a DOS end-of-file mark on the last line', async () => {
    const records = await collect(Buffer.from('a,b\r\nc,d\r\n\x1a'), csv, 'utf8');
    expect(records.map(({ fields }) => fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps a row with too few columns as it is, for the parser to reject', async () => {
    const records = await collect(Buffer.from('a,b,c\r\n1,2\r\n'), csv, 'utf8');
    expect(records[1].fields).toEqual(['1', '2']);
  });
});

describe('exact bytes', () => {
  const csv = { kind: 'csv' } as const;
  /** Every record's bytes at its offset, and only line breaks (and a final 0x1A) between records. */
  function expectExact(file: Buffer, records: SourceRecord[]) {
    let at = 0;
    for (const rec of records) {
      expect(file.subarray(at, rec.offset).every((byte) => byte === 0x0d || byte === 0x0a || byte === 0x1a)).toBe(true);
      expect(rec.bytes).toEqual(file.subarray(rec.offset, rec.offset + rec.size));
      at = rec.offset + rec.size;
    }
    expect(file.subarray(at).every((byte) => byte === 0x0d || byte === 0x0a || byte === 0x1a)).toBe(true);
  }

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['no line breaks', ''],
  ])('gives each fixed-length record its bytes, size and byte offset (%s)', async (_name, lineEnd) => {
    const file = join(recordsOf(3), lineEnd);
    const records = await collect(chunks(file, 7));
    expect(records.map(({ offset, size }) => [offset, size])).toEqual([0, 1, 2].map((i) => [i * (WIDTH + lineEnd.length), WIDTH]));
    expectExact(file, records);
  });

  it('gives each CSV record its exact bytes and offset: the BOM, CP932 text, a quoted line break, no line break', async () => {
    const file = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('種別,名前\r\n01,"ﾀﾙﾐｽﾞ\r\n垂水"\r\n\r\n02,x\n03,"a""b"', 'utf8'),
    ]);
    const records = await collect(chunks(file, 5), csv, 'utf8');
    expect(records.map(({ line, offset, raw, fields }) => ({ line, offset, raw, fields }))).toEqual([
      { line: 1, offset: 0, raw: '種別,名前', fields: ['種別', '名前'] },
      { line: 2, offset: 18, raw: '01,"ﾀﾙﾐｽﾞ\r\n垂水"', fields: ['01', 'ﾀﾙﾐｽﾞ\r\n垂水'] },
      { line: 5, offset: 50, raw: '02,x', fields: ['02', 'x'] },
      { line: 6, offset: 55, raw: '03,"a""b"', fields: ['03', 'a"b'] },
    ]);
    expect(records[0].bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expectExact(file, records);
  });

  it('reads CP932 bytes whose second byte looks like ASCII without cutting a character', async () => {
    // 「ソ」 is 0x83 0x5C in CP932: its second byte is a backslash, never a quote, comma or line break.
    const file = iconv.encode('ソ表,"能",ポ\r\n', 'cp932');
    const [rec] = await collect(file, csv, 'cp932');
    expect(rec.fields).toEqual(['ソ表', '能', 'ポ']);
    expectExact(file, [rec]);
  });

  it('keeps a BOM that is not at the start of the file in the field it arrived in', async () => {
    const [, second] = await collect(Buffer.from('a,b\r\n\uFEFFc,d\r\n', 'utf8'), csv, 'utf8');
    expect(second.fields).toEqual(['\uFEFFc', 'd']);
  });

  it('marks a record whose quote never closes, and keeps its bytes', async () => {
    const file = Buffer.from('a,b\r\n1,"open\r\n2,3\r\n');
    const records = await collect(file, csv, 'utf8');
    expect(records.map(({ line, fields, fault }) => ({ line, fields, fault: fault?.message }))).toEqual([
      { line: 1, fields: ['a', 'b'], fault: undefined },
      { line: 2, fields: undefined, fault: '引用符（"）が閉じていません / a quote (") never closes' },
    ]);
    expectExact(file, records);
  });

  it('keeps only the head of an over-long CSV record, marks it, and reads the next line on its own', async () => {
    const long = `"${'x'.repeat(MAX_RECORD_BYTES)}\r\nstill inside the quote\r\n`;
    const file = Buffer.from(`a,b\r\n${long}c,d\r\n`);
    const records = await collect(chunks(file, 4096), csv, 'utf8');
    expect(records.map(({ line, size, bytes, fields, fault }) => [line, size, bytes.length, fields, fault?.field])).toEqual([
      [1, 3, 3, ['a', 'b'], undefined],
      [2, MAX_RECORD_BYTES + 1, MAX_RECORD_BYTES, undefined, 'レコード長'],
      [3, 22, 22, ['still inside the quote'], undefined],
      [4, 3, 3, ['c', 'd'], undefined],
    ]);
    const [size, limit] = [MAX_RECORD_BYTES + 1, MAX_RECORD_BYTES];
    expect(records[1].fault?.message).toBe(
      `レコードが長すぎます: ${size}バイト（上限 ${limit}バイト。先頭だけを保存します） / record too long: ${size} bytes (limit ${limit}; only its head is kept)`,
    );
  });

  it('keeps only the head of a fixed-length line longer than the bound, with its size', async () => {
    const file = join([recordsOf(1)[0], Buffer.alloc(MAX_RECORD_BYTES * 3, 0x42), recordsOf(1)[0]], '\r\n');
    const records = await collect(chunks(file, 10_000));
    expect(records.map(({ line, size, bytes }) => [line, size, bytes.length])).toEqual([
      [1, WIDTH, WIDTH],
      [2, MAX_RECORD_BYTES * 3, MAX_RECORD_BYTES],
      [3, WIDTH, WIDTH],
    ]);
  });
});

describe('parseBuffer', () => {
  /** A CSV parser of its own: "row", "bad", "warn" and "refuse" lines say what to return. */
  const toy: RecordParser<string> = defineParser<string>({
    format: 'bills',
    framing: { kind: 'csv' },
    target: 'bills',
    start: () => {
      let seen = 0;
      return {
        record: (rec) => {
          seen++;
          const [what] = rec.fields ?? [];
          const note = { line: rec.line, field: null, message: what };
          switch (what) {
            case 'row':
              return { kind: 'row', row: rec.raw };
            case 'warn':
              return { kind: 'row', row: rec.raw, warnings: [note] };
            case 'bad':
              return { kind: 'rejected', errors: [note] };
            case 'refuse':
              return { kind: 'refuse', message: 'refused' };
            case 'throw':
              throw new Error('parser bug');
            default:
              return { kind: 'control' };
          }
        },
        finish: () => ({
          controlIssues: [],
          controls: [{ name: 'records', expected: null, actual: seen }],
          warnings: [{ line: null, field: null, message: 'file note' }],
        }),
      };
    },
  });
  const ctx = testContext();

  it('sorts outcomes into rows, rejected lines and warnings, then adds the summary', async () => {
    const result = await parseBuffer(toy, Buffer.from('header\r\nrow,1\r\nbad,2\r\nwarn,3\r\n'), ctx);
    expect(result).toEqual({
      rows: [
        { line: 2, row: 'row,1' },
        { line: 4, row: 'warn,3' },
      ],
      rejected: [{ line: 3, raw: 'bad,2', errors: [{ line: 3, field: null, message: 'bad' }] }],
      warnings: [
        { line: 4, field: null, message: 'warn' },
        { line: null, field: null, message: 'file note' },
      ],
      summary: expect.objectContaining({ controls: [{ name: 'records', expected: null, actual: 4 }] }),
      refused: null,
    });
  });

  it('stops at a refusal and returns nothing but the refusal: nothing of a refused file is kept', async () => {
    const result = await parseBuffer(toy, Buffer.from('row\r\nrefuse\r\nrow\r\n'), ctx);
    expect(result).toEqual({ rows: [], rejected: [], warnings: [], summary: null, refused: 'refused' });
  });

  it('rejects the line a parser throws on, naming the failure, and reads on (the guard of defineParser)', async () => {
    const result = await parseBuffer(toy, Buffer.from('row,1\r\nthrow,2\r\nrow,3\r\n'), ctx);
    expect(result.rows.map(({ line }) => line)).toEqual([1, 3]);
    expect(result.rejected).toEqual([
      {
        line: 2,
        raw: 'throw,2',
        errors: [{ line: 2, field: null, message: 'この行を読めませんでした（parser bug） / this line could not be read (parser bug)' }],
      },
    ]);
  });

  it('keeps refusing once refused, and refuses at the end a file of which not one record was accepted', async () => {
    const session = toy.start(ctx);
    const record = (raw: string, line: number) =>
      session.record({ line, offset: 0, bytes: Buffer.from(raw), size: raw.length, raw, fields: [raw] });
    expect(record('bad', 1)).toMatchObject({ kind: 'rejected' });
    expect(session.refusalAtEnd()).toBe(
      'bills として読めるレコードが1件もありません（1件すべて不正）。bills のファイルではありません' +
        " / not one of the file's 1 record(s) is a bills record: this is not a bills file — 1行目 / line 1: bad",
    );
    expect(record('refuse', 2)).toEqual({ kind: 'refuse', message: 'refused' });
    expect(record('row', 3)).toEqual({ kind: 'refuse', message: 'refused' });
    expect(session.refusalAtEnd()).toBe('refused');
  });
});
