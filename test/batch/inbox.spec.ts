import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchRunsQueryService } from '../../src/batch/batch-runs-query.service';
import { BatchService } from '../../src/batch/batch.service';
import { NightJobsService } from '../../src/batch/night-jobs.service';
import { runCliProcess } from '../support/cli-process';
import { billNumber, konbiniFile } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';
import { onServer } from '../support/test-database';

/** Issue #12: inbox housekeeping for `keshikomi batch --archive`, and an inbox such as samples/ left as it is. */
const AUDIT_KEY = 'inbox-spec-audit-key-0123456789abcdef0123';
const paid = (n: number, day: string) => ({
  type: '02' as const,
  bill: billNumber('02', 2026, '03', 880_000 + n),
  amount: 1000,
  paidOn: day,
});

function inboxWith(files: Record<string, Buffer | string>): string {
  const inbox = mkdtempSync(join(tmpdir(), 'keshikomi-inbox-spec-'));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(inbox, path.split('/')[0]), { recursive: true });
    writeFileSync(join(inbox, path), bytes);
  }
  return inbox;
}

const tree = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

describe('inbox housekeeping', () => {
  let t: TestApp;
  const inboxes: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ KESHIKOMI_AUDIT_KEY: AUDIT_KEY });
  });
  afterAll(async () => {
    await t.close();
    for (const inbox of inboxes) rmSync(inbox, { recursive: true, force: true });
  });

  it('batch --archive moves imported files to archive/<day>/, refused ones to failed/ with the reason, and records the run', async () => {
    const inbox = inboxWith({
      'konbini/SYUNO_20261124.dat': konbiniFile('2026-11-24', [paid(1, '2026-11-24')]),
      'konbini/SYUNO_20261125.dat': 'this is no konbini file\r\n',
    });
    inboxes.push(inbox);
    const run = await runCliProcess(['batch', '--inbox', inbox, '--archive', '--received-on', '2026-11-26', '--json'], {
      DATABASE_URL: t.db.url,
      KESHIKOMI_AUDIT_KEY: AUDIT_KEY,
    });
    expect(run.code).toBe(2); // a refused file is bad input, as before
    const printed = JSON.parse(run.stdout.toString('utf8'));
    expect(printed.files.map((f: { status: string }) => f.status)).toEqual(['imported', 'failed']);
    expect(tree(inbox)).toEqual([
      'archive',
      'archive/2026-11-26',
      'archive/2026-11-26/konbini',
      'archive/2026-11-26/konbini/SYUNO_20261124.dat',
      'failed',
      'failed/konbini',
      'failed/konbini/SYUNO_20261125.dat',
      'failed/konbini/SYUNO_20261125.dat.error.txt',
      'konbini',
    ]);
    expect(readFileSync(join(inbox, 'failed/konbini/SYUNO_20261125.dat.error.txt'), 'utf8')).toMatch(/\S/);

    const [recorded] = (await t.app.get(BatchRunsQueryService).page(1)).items;
    expect(recorded).toMatchObject({ trigger: 'cli', night: '2026-11-26', status: 'finished', files: 2, imported: 1, failed: 1 });
    expect(recorded.fileList.map((f) => [f.path, f.status, f.movedTo])).toEqual([
      ['konbini/SYUNO_20261124.dat', 'imported', 'archive/2026-11-26/konbini/SYUNO_20261124.dat'],
      ['konbini/SYUNO_20261125.dat', 'failed', 'failed/konbini/SYUNO_20261125.dat'],
    ]);

    // The same bytes delivered again under the same name: a duplicate, archived beside the first, never overwriting it.
    writeFileSync(join(inbox, 'konbini/SYUNO_20261124.dat'), konbiniFile('2026-11-24', [paid(1, '2026-11-24')]));
    const again = await t.app.get(BatchService).run(inbox, { receivedOn: '2026-11-26', archive: true });
    expect(again.files.map((f) => f.status)).toEqual(['duplicate']);
    expect(existsSync(join(inbox, 'archive/2026-11-26/konbini/SYUNO_20261124.dat.1'))).toBe(true);
  });

  // The queued night: pg-boss, so a PostgreSQL server (the embedded database runs its night in-process).
  (onServer() ? it : it.skip)(
    'finishes a night with nothing in the inbox, naming every konbini day of the week before as not arrived',
    async () => {
      const inbox = inboxWith({});
      inboxes.push(inbox);
      const nights = t.app.get(NightJobsService);
      const { runId, queued } = await nights.enqueueNight('2026-11-24', inbox);
      expect(queued).toBe(0);
      // The finish job a worker would take, run here.
      await nights.finishNight({ id: 'in-test', data: { runId: runId! }, lastAttempt: false });
      const [recorded] = (await t.app.get(BatchRunsQueryService).page(1)).items;
      expect(recorded).toMatchObject({ id: runId, trigger: 'schedule', status: 'finished', files: 0, match: null });
      // 2026-11-17 … 2026-11-23: Saturday, Sunday and 勤労感謝の日 (Monday the 23rd) expect nothing.
      expect(recorded.missingFiles).toEqual(
        ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].map((day) => ({ format: 'konbini', day })),
      );
    },
  );

  it('without --archive leaves every file where it is (batch --inbox samples)', async () => {
    const inbox = inboxWith({ 'konbini/SYUNO_20261127.dat': konbiniFile('2026-11-27', [paid(2, '2026-11-27')]) });
    inboxes.push(inbox);
    const result = await t.app.get(BatchService).run(inbox, { receivedOn: '2026-11-27', datesFromNames: true });
    expect(result.files.map((f) => f.status)).toEqual(['imported']);
    expect(tree(inbox)).toEqual(['konbini', 'konbini/SYUNO_20261127.dat']);
    const [recorded] = (await t.app.get(BatchRunsQueryService).page(1)).items;
    expect(recorded.fileList[0]).toMatchObject({ status: 'imported', movedTo: null });
  });
});
