import { createDataSource } from '../../src/database/data-source';
import { openTestDatabase, TestDatabase } from '../support/test-database';

describe('schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.drop());

  // Entities declare tables and columns; keys, checks and indexes live in the reviewed migration SQL,
  // so TypeORM's wish to drop those is expected. Any other difference is drift.
  it('matches the entities: a migration generated from them changes no table or column', async () => {
    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    try {
      const diff = await ds.driver.createSchemaBuilder().log();
      const drift = diff.upQueries.map((q) => q.query).filter((q) => !/ DROP CONSTRAINT "|^DROP INDEX /.test(q));
      expect(drift).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('migrates down and up again (every migration is reversible)', async () => {
    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    try {
      const count = ds.migrations.length;
      for (let i = 0; i < count; i++) await ds.undoLastMigration({ transaction: 'each' });
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(n).toBe(0);
      expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(count);
    } finally {
      await ds.destroy();
    }
  });

  it('keeps import batches append-only: the provenance of every line, bill and payment cannot be deleted or renumbered', async () => {
    const ds = createDataSource(db.url, { poolSize: 1 });
    await ds.initialize();
    try {
      const [{ id }] = await ds.query(
        `INSERT INTO import_batch (file_name, format, size_bytes, sha256, status, received_on, started_at,
                                   imported_by, arrived_via, line_encoding)
         VALUES ('SYUNO_20261125.dat', 'konbini', 10, repeat('a', 64), 'imported', '2026-11-25', now(),
                 'batch', 'batch', 'cp932') RETURNING id`,
      );
      await expect(ds.query(`DELETE FROM import_batch WHERE id = $1`, [id])).rejects.toMatchObject({ code: '23001' });
      await expect(ds.query(`UPDATE import_batch SET id = id + 1000 WHERE id = $1`, [id])).rejects.toMatchObject({ code: '23001' });
      await expect(ds.query(`TRUNCATE import_batch CASCADE`)).rejects.toMatchObject({ code: '23001' });
      await ds.query(`UPDATE import_batch SET records = 1 WHERE id = $1`, [id]);
    } finally {
      await ds.destroy();
    }
  });
});
