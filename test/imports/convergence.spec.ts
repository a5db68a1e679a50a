import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli';
import { Database } from '../../src/database/database';
import { ImportService } from '../../src/imports/import.service';
import { IntakeService } from '../../src/imports/intake.service';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await runCli(argv), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const bills = [1, 2, 3, 4].map((n) => ({ number: billNumber('02', 2026, '03', 5400 + n), amount: 1000 * n, due: '2026-11-30' }));

/**
 * issue #7: a process killed right after its import committed left the file's payments unmatched, and importing
 * the file again answered `duplicate` and did nothing. Every entry point now finishes what such a run left.
 * (test/reliability/kill.spec.ts kills real processes; here the half-done state is made directly.)
 */
describe('imports, batch and match finish what an interrupted run left', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    process.env.DATABASE_URL = t.db.url;
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-converge-'));
    await t.intake('bills', { 'bills.csv': billsCsv(bills) });
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });
  const sql = <T>(text: string, params: unknown[] = []) => t.app.get(Database).dataSource.query(text, params) as Promise<T[]>;
  const matchedPayments = async (bill: string) =>
    (
      await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM match m JOIN bill b ON b.id = m.bill_id WHERE b.bill_number = $1 AND m.kind = 'apply'`,
        [bill],
      )
    )[0].n;
  const paying = (i: number) =>
    konbiniFile('2026-11-25', [{ type: '01', bill: bills[i].number, amount: bills[i].amount, paidOn: '2026-11-25' }]);
  /** An import that committed, then died before its match: what a kill at that moment leaves. */
  const importedButNotMatched = async (fileName: string, bytes: Buffer) => {
    const result = await t.app
      .get(ImportService)
      .importFile({ fileName, bytes }, { format: 'konbini', receivedOn: '2026-11-25', actor: 'test', arrivedVia: 'cli' });
    expect(result.status).toBe('imported');
    const [batch] = await sql<{ matched_at: Date | null }>(`SELECT matched_at FROM import_batch WHERE id = $1`, [result.batchId]);
    expect(batch.matched_at).toBeNull();
    return result.batchId!;
  };

  it('matches a committed batch when the same bytes are imported again (duplicate)', async () => {
    const bytes = konbiniFile('2026-11-25', [{ type: '01', bill: bills[0].number, amount: 1000, paidOn: '2026-11-25' }]);
    const batchId = await importedButNotMatched('SYUNO_a.dat', bytes);
    expect(await matchedPayments(bills[0].number)).toBe(0);
    const again = await t.intake('konbini', { 'SYUNO_a.dat': bytes });
    expect(again.files[0]).toMatchObject({ status: 'duplicate', duplicateOf: batchId });
    expect(again.match).not.toBeNull();
    expect(await matchedPayments(bills[0].number)).toBe(1);
    const [batch] = await sql<{ matched_at: Date | null }>(`SELECT matched_at FROM import_batch WHERE id = $1`, [batchId]);
    expect(batch.matched_at).not.toBeNull();
    // Nothing is waiting now: the next duplicate does not match again.
    expect((await t.intake('konbini', { 'SYUNO_a.dat': bytes })).match).toBeNull();
  });

  it('matches a committed batch on the next batch run, even of an empty inbox', async () => {
    await importedButNotMatched('SYUNO_b.dat', paying(1));
    mkdirSync(join(dir, 'inbox', 'konbini'), { recursive: true });
    const r = await cli('batch', '--inbox', join(dir, 'inbox'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: [], match: { matched: 1 } });
    expect(await matchedPayments(bills[1].number)).toBe(1);
  });

  it('matches a committed batch on keshikomi match, and on an import of another file', async () => {
    await importedButNotMatched('SYUNO_c.dat', paying(2));
    expect((await cli('match', '--json')).code).toBe(0);
    expect(await matchedPayments(bills[2].number)).toBe(1);
    expect(await sql(`SELECT id FROM import_batch WHERE status = 'imported' AND matched_at IS NULL`)).toEqual([]);

    await importedButNotMatched('SYUNO_d.dat', paying(3));
    writeFileSync(join(dir, 'bills2.csv'), billsCsv([{ number: billNumber('02', 2026, '03', 5499), amount: 1, due: '2026-11-30' }]));
    expect((await cli('import', '--format', 'bills', join(dir, 'bills2.csv'), '--json')).code).toBe(0);
    expect(await matchedPayments(bills[3].number)).toBe(1);
  });

  it('gives one batch and one duplicate for two concurrent imports of the same bytes', async () => {
    const bytes = konbiniFile('2026-11-26', [{ type: '02', bill: bills[0].number, amount: 1000, paidOn: '2026-11-25' }]);
    const intake = t.app.get(IntakeService);
    const both = await Promise.all(
      ['first', 'second'].map((who) =>
        intake.intake([{ source: { fileName: `SYUNO_${who}.dat`, bytes }, format: 'konbini' }], {
          receivedOn: '2026-11-26',
          actor: who,
          arrivedVia: 'cli',
        }),
      ),
    );
    const statuses = both.map((r) => r.files[0].status).sort();
    expect(statuses).toEqual(['duplicate', 'imported']);
    const imported = both.find((r) => r.files[0].status === 'imported')!.files[0];
    expect(both.find((r) => r.files[0].status === 'duplicate')!.files[0].duplicateOf).toBe(imported.batchId);
    expect(await sql(`SELECT id FROM import_batch WHERE file_name IN ('SYUNO_first.dat', 'SYUNO_second.dat')`)).toHaveLength(1);
    expect(await sql(`SELECT id FROM import_batch WHERE status = 'imported' AND matched_at IS NULL`)).toEqual([]);
  });
});
