import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Database } from '../../src/database/database';
import { ImportService } from '../../src/imports/import.service';
import { konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * formats.md "General rules" through the importer and the real database: the end-of-file verdict the importer
 * shares with parseBuffer (an empty delivery is imported, another format's file is refused and leaves nothing).
 */

const ZENGIN = resolve(__dirname, '../../src/imports/parsers/fixtures/zengin');

describe('the general rules of formats.md, through the importer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
  const counts = () =>
    sql(`SELECT (SELECT count(*) FROM import_batch)::int AS batches, (SELECT count(*) FROM import_line)::int AS lines,
                (SELECT count(*) FROM payment)::int AS payments`);

  it('imports an empty delivery (header, trailer of 0, end) as a batch of no payments', async () => {
    const result = await t.intake('konbini', { 'SYUNO_quiet_week.dat': konbiniFile('2026-11-24', []) });
    expect(result.files[0]).toMatchObject({ status: 'imported', records: 0, accepted: 0, rejected: 0, errors: [] });
    const batchId = result.files[0].batchId;
    const [batch] = await sql<{ records: number; control_issues: unknown[] }>(
      `SELECT records, control_issues FROM import_batch WHERE id = $1`,
      [batchId],
    );
    expect(batch).toEqual({ records: 0, control_issues: [] });
    expect(await sql(`SELECT status FROM import_line WHERE batch_id = $1 ORDER BY line_no`, [batchId])).toEqual([
      { status: 'control' },
      { status: 'control' },
      { status: 'control' },
    ]);
  });

  it('refuses a 全銀 種別91 file given as konbini, writing nothing; the same bytes then import as zengin-furikae', async () => {
    const bytes = readFileSync(`${ZENGIN}/zengin91-result.dat`);
    const before = await counts();
    const refused = await t.intake('konbini', { 'furikae.dat': bytes });
    expect(refused.files[0]).toMatchObject({ status: 'failed', records: 0 });
    expect(refused.files[0].errors[0].message).toMatch(/konbini.*のファイルではありません/);
    expect(await counts()).toEqual(before);
    const right = await t.intake('zengin-furikae', { 'furikae.dat': bytes }, '2026-06-30');
    expect(right.files[0]).toMatchObject({ status: 'imported', records: 8, accepted: 8, rejected: 0 });
  });

  it('refuses a 種別03 statement given as konbini: not one of its records is a konbini record', async () => {
    const result = await t.intake('konbini', { 'statement.dat': readFileSync(`${ZENGIN}/zengin03-statement.dat`) });
    expect(result.files[0]).toMatchObject({ status: 'failed' });
    expect(result.files[0].errors[0].message).toMatch(/^konbini として読めるレコードが1件もありません（6件すべて不正）/);
  });

  it('refuses a 口座振替 request file, naming it, and imports no payment from it', async () => {
    const before = await counts();
    const result = await t.intake('zengin-furikae', { 'request.dat': readFileSync(`${ZENGIN}/zengin91-request.dat`) }, '2026-06-30');
    expect(result.files[0]).toMatchObject({ status: 'failed' });
    expect(result.files[0].errors[0].message).toMatch(/^依頼データです。結果データを取り込んでください/);
    expect(await counts()).toEqual(before);
  });

  it('tells a short 種別91 file by auto-detection as zengin-furikae alone', async () => {
    const result = await t.app
      .get(ImportService)
      .importFile(
        { fileName: 'short.dat', bytes: readFileSync(`${ZENGIN}/zengin91-short.dat`) },
        { format: 'auto', receivedOn: '2026-06-30', dryRun: true, actor: 'test', arrivedVia: 'cli' },
      );
    expect(result).toMatchObject({ format: 'zengin-furikae', status: 'imported', accepted: 1 });
  });
});
