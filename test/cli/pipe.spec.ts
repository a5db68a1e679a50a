import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { billNumber, konbiniFile, TestPayment } from '../support/files';
import { builtCli, runCliProcess } from '../support/cli-process';
import { openTestDatabase, TestDatabase } from '../support/test-database';

/**
 * issue #7: a script reads `keshikomi … --json | …`. When stdout is a pipe, a process that exits before
 * stdout drains loses everything past the pipe's 64 KiB: the JSON document must arrive whole.
 */
describe('keshikomi --json through a pipe', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-pipe-'));
    builtCli();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('prints a document of several MB whole, and exits with its code after it', async () => {
    // 12,000 payments of bills no one knows: as many unknown_bill exceptions to list.
    const payments: TestPayment[] = Array.from({ length: 12_000 }, (_, i) => ({
      type: '02',
      bill: billNumber('07', 2026, '11', 50_000 + i),
      amount: 1000 + i,
      paidOn: '2026-11-20',
      time: `${String(Math.floor(i / 60) % 24).padStart(2, '0')}${String(i % 60).padStart(2, '0')}`,
      store: String(i).padStart(7, '0'),
    }));
    writeFileSync(join(dir, 'SYUNO_20261120.dat'), konbiniFile('2026-11-20', payments));
    const env = { DATABASE_URL: db.url };
    const file = join(dir, 'SYUNO_20261120.dat');
    const imported = await runCliProcess(['import', '--format', 'konbini', file, '--received-on', '2026-11-20', '--json'], env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout.toString('utf8')).files[0]).toMatchObject({ status: 'imported', accepted: 12_000 });

    const listed = await runCliProcess(['exceptions', '--type', 'unknown_bill', '--json'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout.length).toBeGreaterThan(3 * 1024 * 1024);
    const { exceptions } = JSON.parse(listed.stdout.toString('utf8'));
    expect(exceptions).toHaveLength(12_000);
    expect(listed.stdout.toString('utf8').endsWith('}\n')).toBe(true);
  });
});
