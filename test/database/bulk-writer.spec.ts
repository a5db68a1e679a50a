import { bulkWrite } from '../../src/database/bulk-writer';
import { createDataSource } from '../../src/database/data-source';
import { openTestDatabase, TestDatabase } from '../support/test-database';

/** What staff see of a raw line must be byte for byte what arrived: any byte (NUL too), tabs, backslashes and JSON included. */
describe('bulkWrite', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.drop());

  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const rows = [
    [1, 'plain 全角テキスト', null, true, Buffer.from('8ｶﾞ', 'latin1')],
    [2, 'tab\there, back\\slash, CR\r and LF\n', { field: '収納日', message: 'a\tb' }, false, everyByte],
    [3, '\\N is text, not null', [], null, Buffer.from([0x00, 0x5c, 0x4e, 0x82, 0xff, 0x0d, 0x0a, 0x09])],
    [4, '', null, null, Buffer.alloc(0)],
  ];

  it.each([
    ['COPY', true],
    ['multi-row INSERT', false],
  ])('writes every value as given through %s', async (_name, useCopy) => {
    // The embedded database takes no COPY FROM STDIN; its path is the INSERT case.
    if (useCopy && db.embedded) return;
    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    const runner = ds.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`CREATE TEMP TABLE bw (n int, raw text, errors jsonb, ok boolean, bytes bytea) ON COMMIT DROP`);
      await bulkWrite(runner, useCopy as boolean, 'bw', ['n', 'raw', 'errors', 'ok', 'bytes'], rows);
      const back = await runner.query(`SELECT n, raw, errors, ok, bytes FROM bw ORDER BY n`);
      type Row = { n: number; raw: string; errors: unknown; ok: boolean | null; bytes: Buffer };
      expect(back.map((r: Row) => [r.n, r.raw, r.errors, r.ok, r.bytes])).toEqual(rows);
      expect((back[1] as Row).bytes.equals(everyByte)).toBe(true);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
      await ds.destroy();
    }
  });
});
