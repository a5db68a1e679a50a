import { bulkWrite } from '../../src/database/bulk-writer';
import { createDataSource } from '../../src/database/data-source';
import { openTestDatabase, TestDatabase } from '../support/test-database';

/** What staff see of a raw line must be byte for byte what arrived: tabs, backslashes and JSON included. */
describe('bulkWrite', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.drop());

  const rows = [
    [1, 'plain 全角テキスト', null, true],
    [2, 'tab\there, back\\slash, CR\r and LF\n', { field: '収納日', message: 'a\tb' }, false],
    [3, '\\N is text, not null', [], null],
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
      await runner.query(`CREATE TEMP TABLE bw (n int, raw text, errors jsonb, ok boolean) ON COMMIT DROP`);
      await bulkWrite(runner, useCopy as boolean, 'bw', ['n', 'raw', 'errors', 'ok'], rows);
      const back = await runner.query(`SELECT n, raw, errors, ok FROM bw ORDER BY n`);
      expect(back.map((r: { n: number; raw: string; errors: unknown; ok: boolean | null }) => [r.n, r.raw, r.errors, r.ok])).toEqual(rows);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
      await ds.destroy();
    }
  });
});
