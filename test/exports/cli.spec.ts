import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { runCliProcess } from '../support/cli-process';
import { furikaeFile } from '../support/channel-files';
import { openTestDatabase, TestDatabase } from '../support/test-database';

const A = billNumber('02', 2026, '03', 9001);
const B = billNumber('01', 2026, '03', 9002);

/** contract.md's export commands as operators run them: a real process, one JSON document on stdout, exit codes. */
describe('keshikomi export-target / export (CLI)', () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const cli = async (...args: string[]) => {
    const run = await runCliProcess(args, env);
    return { code: run.code, json: run.code === 0 ? JSON.parse(run.stdout.toString('utf8')) : null, stderr: run.stderr };
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    env = { DATABASE_URL: db.url };
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-export-cli-'));
    writeFileSync(
      join(dir, 'bills.csv'),
      billsCsv([A, B].map((number) => ({ number, amount: 7000, due: '2026-11-30', payer: '0000000077' }))),
    );
    writeFileSync(
      join(dir, 'SYUNO_20261125.dat'),
      konbiniFile('2026-11-25', [{ type: '02', bill: A, amount: 7000, paidOn: '2026-11-25' }]),
    );
    writeFileSync(join(dir, 'FURIKAE_20261127.dat'), furikaeFile('1127', [{ bill: B, amount: 7000, result: '1' }]));
    expect((await cli('import', '--format', 'bills', join(dir, 'bills.csv'), '--json')).code).toBe(0);
    expect(
      (await cli('import', '--format', 'konbini', join(dir, 'SYUNO_20261125.dat'), '--received-on', '2026-11-25', '--json')).code,
    ).toBe(0);
    expect(
      (await cli('import', '--format', 'zengin-furikae', join(dir, 'FURIKAE_20261127.dat'), '--received-on', '2026-11-30', '--json')).code,
    ).toBe(0);
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('sets a target, exports since the last run (then 0 rows), and re-sends the same bytes', async () => {
    const drop = join(dir, 'drop');
    const set = await cli(
      'export-target',
      'set',
      '--system',
      'tax',
      '--categories',
      '01,02,03,04',
      '--encoding',
      'cp932',
      '--dir',
      drop,
      '--json',
    );
    expect(set.code).toBe(0);
    expect(set.json.target).toMatchObject({ system: 'tax', categories: ['01', '02', '03', '04'], encoding: 'cp932', dir: drop });

    const first = await cli('export', 'results', '--system', 'tax', '--since-last', '--json');
    expect(first.json).toEqual({
      run: 1,
      system: 'tax',
      rows: 1,
      amount: 7000,
      file: expect.stringMatching(/drop\/tax_\d{8}_000001\.csv$/),
    });
    const again = await cli('export', 'results', '--system', 'tax', '--since-last', '--json');
    expect(again.json).toMatchObject({ run: 2, rows: 0, amount: 0 });

    const out = join(dir, 'resent.csv');
    const resent = await cli('export', 'results', '--resend', '1', '--out', out, '--json');
    expect(resent.json).toMatchObject({ run: 1, rows: 1, file: out });
    expect(readFileSync(out).equals(readFileSync(first.json.file))).toBe(true);

    // The days' events again, sent or not, in UTF-8 for this run only.
    const range = join(dir, 'range.csv');
    const days = await cli(
      'export',
      'results',
      '--system',
      'tax',
      '--from',
      '2026-11-25',
      '--to',
      '2026-11-25',
      '--encoding',
      'utf8',
      '--out',
      range,
      '--json',
    );
    expect(days.json).toMatchObject({ rows: 1, amount: 7000, file: range });
    expect(readFileSync(range, 'utf8')).toMatch(
      /^\ufeff連番,.*\r\n1,0226030000090011,0000000077,02,2026,03,20261125,20261125,convenience_store,7000,7000,確報,消込済\r\n合計,1,7000\r\n$/s,
    );
  }, 120_000);

  it('prints the 督促抑止リスト (as of the day the 確報 arrived: not yet sent then) and the 口座振替不能一覧', async () => {
    const hold = await cli('export', 'dunning-hold', '--system', 'tax', '--as-of', '2026-11-25', '--json');
    expect(hold.json.rows).toEqual([expect.objectContaining({ billNumber: A, knownAs: 'final', amount: 7000 })]);
    const failed = await cli('export', 'failed-debits', '--from', '2026-11-01', '--to', '2026-11-30', '--json');
    expect(failed.json.failedDebits).toEqual([
      expect.objectContaining({
        debitOn: '2026-11-27',
        resultCode: '1',
        resultLabel: '資金不足',
        payerId: '0000000077',
        billNumber: B,
        amount: 7000,
      }),
    ]);
  }, 60_000);

  it('refuses an unknown system or category as bad input (exit 2)', async () => {
    expect((await cli('export', 'results', '--system', 'nosuch', '--json')).code).toBe(2);
    const bad = await cli('export-target', 'set', '--system', 'tax', '--categories', '99', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('不明な科目');
    expect((await cli('export-target', 'set', '--system', 'tax', '--categories', '01', '--dir', 'relative/../x', '--json')).code).toBe(2);
  }, 60_000);
});
