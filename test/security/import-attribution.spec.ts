import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-in-process';
import { Database } from '../../src/database/database';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

const A = billNumber('02', 2026, '03', 5201);

/**
 * issue #6, finding 1: every import batch records who brought it — the OS user (or --actor) of the CLI,
 * `batch` and the inbox path for the nightly job — and the audit rows of the import and of the matching run
 * it triggers name the same person (the API's user: test/security/upload-hold.spec.ts).
 */
describe('every import names who brought it', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    process.env.DATABASE_URL = t.db.url;
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-attribution-'));
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
  const batchOf = (fileName: string) =>
    sql<{ id: number; imported_by: string; arrived_via: string; source_path: string | null }>(
      `SELECT id, imported_by, arrived_via, source_path FROM import_batch WHERE file_name = $1`,
      [fileName],
    );
  /** The actors of the import row of a batch and of every row after it (the matching run it triggered). */
  const auditAfter = (batchId: number) =>
    sql<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_log WHERE id >= (SELECT id FROM audit_log WHERE action = 'import' AND entity_id = $1) ORDER BY id`,
      [String(batchId)],
    );

  it('records the --actor of the CLI on the batch, its import and its matching run', async () => {
    writeFileSync(join(dir, 'bills.csv'), billsCsv([{ number: A, amount: 12300, due: '2026-11-30' }]));
    const r = await cli(
      'import',
      '--format',
      'bills',
      join(dir, 'bills.csv'),
      '--received-on',
      '2026-11-25',
      '--actor',
      'tanaka',
      '--json',
    );
    expect(r.code).toBe(0);
    const [batch] = await batchOf('bills.csv');
    expect(batch).toMatchObject({ imported_by: 'tanaka', arrived_via: 'cli', source_path: join(dir, 'bills.csv') });
    expect(await auditAfter(batch.id)).toEqual([
      { actor: 'tanaka', action: 'import' },
      { actor: 'tanaka', action: 'match.run' },
    ]);
  });

  it('names the OS user when the CLI is given no --actor', async () => {
    const file = join(dir, 'SYUNO_20261125.dat');
    writeFileSync(file, konbiniFile('2026-11-25', [{ type: '01', bill: A, amount: 12300, paidOn: '2026-11-25' }]));
    expect((await cli('import', '--format', 'konbini', file, '--received-on', '2026-11-25', '--json')).code).toBe(0);
    const [batch] = await batchOf('SYUNO_20261125.dat');
    expect(batch).toMatchObject({ imported_by: userInfo().username, arrived_via: 'cli' });
    expect((await auditAfter(batch.id)).map((a) => a.actor)).toEqual([userInfo().username, userInfo().username]);
  });

  it('records batch and the inbox path for the nightly job', async () => {
    const inbox = join(dir, 'inbox');
    mkdirSync(join(inbox, 'konbini'), { recursive: true });
    const file = join(inbox, 'konbini', 'SYUNO_20261126.dat');
    writeFileSync(file, konbiniFile('2026-11-26', [{ type: '02', bill: A, amount: 12300, paidOn: '2026-11-25' }]));
    const r = await cli('batch', '--inbox', inbox, '--received-on', '2026-11-26', '--json');
    expect(r.code).toBe(0);
    const [batch] = await batchOf('SYUNO_20261126.dat');
    expect(batch).toMatchObject({ imported_by: 'batch', arrived_via: 'batch', source_path: file });
    expect(await auditAfter(batch.id)).toEqual([
      { actor: 'batch', action: 'import' },
      { actor: 'batch', action: 'match.run' },
    ]);
    const detail = await (await t.login('auditor')).get(`/api/imports/${batch.id}`).expect(200);
    expect(detail.body).toMatchObject({ importedBy: 'batch', arrivedVia: 'batch', sourcePath: file });
  });
});
