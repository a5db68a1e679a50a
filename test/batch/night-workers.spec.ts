import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { NightJobsService } from '../../src/batch/night-jobs.service';
import type { FormatCode } from '../../src/common/codes';
import { bankCounterFile } from '../support/channel-files';
import { CliRun, finished, spawnCli } from '../support/cli-process';
import { billNumber, billsCsv, konbiniFile, TestBill, TestPayment } from '../support/files';
import { startTestApp, TestApp } from '../support/test-app';
import { onServer } from '../support/test-database';
import { ADMIN_URL, withClient } from '../support/test-database';

/**
 * Issue #12, done when: a week of files in the service's inbox, two `keshikomi worker` processes sharing the
 * night (pg-boss on the test database), every file imported once, the same exceptions as importing the files
 * one by one, and a missing-file notice for the day removed; a worker SIGKILLed in the middle of a file and
 * started again, and the night still ends with nothing lost and nothing doubled.
 */
const NIGHT = '2026-11-21';
const REMOVED_DAY = '2026-11-18';
/** The service and its workers share one configuration, the audit key included. */
const WORKER_ENV = {
  KESHIKOMI_AUDIT_KEY: 'night-workers-audit-key-0123456789abcdef',
  KESHIKOMI_INBOX_DATES_FROM_NAMES: 'true',
  KESHIKOMI_JOB_TIMEOUT_SECONDS: '15',
  KESHIKOMI_JOB_MAINTENANCE_SECONDS: '1',
  KESHIKOMI_JOB_RETRY_DELAY_SECONDS: '1',
  KESHIKOMI_WORKER_POLL_SECONDS: '0.5',
};

const bill = (n: number) => billNumber('02', 2026, '03', 5000 + n);
const BILLS: TestBill[] = Array.from({ length: 40 }, (_, i) => ({ number: bill(i), amount: 10_000 + i * 100, due: '2026-11-30' }));
const pay = (n: number, paidOn: string, amount = 10_000 + n * 100): TestPayment => ({ type: '02', bill: bill(n), amount, paidOn });

/** The week: 調定, a konbini file a business day (Wednesday's removed), a bank file; an unreadable file among them. */
function weekFiles(): Record<string, Buffer> {
  const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
  const files: Record<string, Buffer> = { 'bills/choutei_20261113.csv': billsCsv(BILLS) };
  days.forEach((day, d) => {
    if (day === REMOVED_DAY) return;
    const payments = [0, 1, 2, 3].map((k) => pay(d * 6 + k, day));
    payments.push(pay(d * 6 + 4, day, 9_000)); // 金額相違（過少）
    payments.push({ ...pay(0, day), time: `11${d}0` }); // bill 0 paid again: 二重納付
    payments.push({ type: '02', bill: billNumber('02', 2026, '03', 9900 + d), amount: 5_000, paidOn: day }); // 該当なし
    files[`konbini/SYUNO_${day.replace(/-/g, '')}.dat`] = konbiniFile(day, payments);
  });
  files['bank-counter/OCR_20261119.csv'] = bankCounterFile([{ bill: bill(35), amount: 13_500, paidOn: '2026-11-19' }]);
  files['konbini/SYUNO_20261120_broken.dat'] = Buffer.from('this is not a konbini file\r\n');
  return files;
}

/** A konbini file big enough to be killed in the middle of, and its bills. */
function bigFiles(): Record<string, Buffer> {
  const n = 12_000;
  const big = (i: number) => billNumber('04', 2026, '05', 100_000 + i);
  return {
    'bills/choutei_20261114.csv': billsCsv(Array.from({ length: n }, (_, i) => ({ number: big(i), amount: 3_000, due: '2026-11-30' }))),
    'konbini/SYUNO_20261120_big.dat': konbiniFile(
      '2026-11-20',
      Array.from({ length: n }, (_, i) => ({
        type: '02' as const,
        bill: big(i),
        amount: i % 500 === 0 ? 2_000 : 3_000,
        paidOn: '2026-11-20',
      })),
    ),
  };
}

function writeInbox(files: Record<string, Buffer>): string {
  const inbox = mkdtempSync(join(tmpdir(), 'keshikomi-inbox-'));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(inbox, path.split('/')[0]), { recursive: true });
    writeFileSync(join(inbox, path), bytes);
  }
  return inbox;
}

/** What the matching decided, without ids: a sorted list of exceptions. */
async function exceptionsDigest(t: TestApp): Promise<string[]> {
  return withClient(t.db.url, async (client) => {
    const { rows } = await client.query<{ e: string }>(
      `SELECT concat_ws('|', e.type, e.status, x.bill_number, p.amount, p.paid_on, e.expected_amount) AS e
         FROM recon_exception e LEFT JOIN payment p ON p.id = e.payment_id LEFT JOIN bill x ON x.id = e.bill_id
        ORDER BY 1`,
    );
    return rows.map((r) => r.e);
  });
}

async function counts(t: TestApp): Promise<Record<string, number>> {
  return withClient(t.db.url, async (client) => {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM import_batch)::int AS batches, (SELECT count(DISTINCT sha256) FROM import_batch)::int AS distinct_files,
              (SELECT count(*) FROM payment)::int AS payments, (SELECT count(*) FROM bill)::int AS bills,
              (SELECT count(*) FROM match)::int AS matches`,
    );
    return rows[0];
  });
}

/** The files imported one by one through the CLI's path (bills first), as the reference of a night. */
async function oneByOne(t: TestApp, files: Record<string, Buffer>): Promise<void> {
  const paths = Object.keys(files).sort((a, b) => Number(!a.startsWith('bills/')) - Number(!b.startsWith('bills/')) || a.localeCompare(b));
  for (const path of paths) {
    const [format, name] = path.split('/');
    const day = /(\d{4})(\d{2})(\d{2})/.exec(name)!;
    await t.intake(format as FormatCode, { [name]: files[path] }, `${day[1]}-${day[2]}-${day[3]}`);
  }
}

interface Worker {
  child: ChildProcess;
  done: Promise<CliRun>;
  /** Resolves once it says it takes jobs. */
  ready: Promise<void>;
}

function worker(t: TestApp): Worker {
  const child = spawnCli(['worker'], { DATABASE_URL: t.db.url, ...WORKER_ENV });
  const ready = new Promise<void>((resolve) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes('taking jobs')) resolve();
    });
  });
  return { child, done: finished(child), ready };
}

async function runState(t: TestApp): Promise<{ status: string; queued: number } | undefined> {
  return withClient(t.db.url, async (client) => {
    const { rows } = await client.query(
      `SELECT r.status, (SELECT count(*) FROM batch_run_file f WHERE f.run_id = r.id AND f.status = 'queued')::int AS queued
         FROM batch_run r ORDER BY r.id DESC LIMIT 1`,
    );
    return rows[0];
  });
}

async function untilFinished(t: TestApp, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await runState(t))?.status === 'finished') return;
    await sleep(300);
  }
  throw new Error(`the night did not finish: ${JSON.stringify(await runState(t))}`);
}

async function stop(...workers: Worker[]): Promise<CliRun[]> {
  for (const w of workers) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.done));
}

async function bigFileId(t: TestApp): Promise<number> {
  return withClient(t.db.url, async (client) => {
    const { rows } = await client.query(`SELECT id::int AS id FROM batch_run_file WHERE path LIKE '%_big.dat'`);
    return rows[0].id as number;
  });
}

/** Waits until a worker runs the file's job. */
async function untilRunning(t: TestApp, fileId: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const active = await withClient(t.db.url, (client) =>
      client.query(`SELECT 1 FROM pgboss.job WHERE name = 'batch-file' AND state = 'active' AND (data->>'fileId')::int = $1`, [fileId]),
    );
    if (active.rowCount) return;
    await sleep(100);
  }
  throw new Error(`file ${fileId} was never taken`);
}

/** How many times each file's job was retried, by its path in the inbox. */
async function retries(t: TestApp): Promise<Record<string, number>> {
  return withClient(t.db.url, async (client) => {
    const { rows } = await client.query<{ path: string; retries: number }>(
      `SELECT f.path, j.retry_count AS retries FROM batch_run_file f
         JOIN (SELECT data, retry_count FROM pgboss.job UNION ALL SELECT data, retry_count FROM pgboss.archive) j
           ON (j.data->>'fileId')::int = f.id`,
    );
    return Object.fromEntries(rows.map((r) => [r.path, r.retries]));
  });
}

function listed(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [];
}

if (!onServer()) {
  process.stderr.write('\n[keshikomi tests] worker suite skipped: the job queue (pg-boss) needs a PostgreSQL server\n');
}

(onServer() ? describe : describe.skip)('the nightly run as a service: two workers, one database', () => {
  let t: TestApp;
  const inboxes: string[] = [];
  beforeAll(async () => {
    t = await startTestApp(WORKER_ENV);
  });
  afterAll(async () => {
    await t.close();
    for (const inbox of inboxes) rmSync(inbox, { recursive: true, force: true });
  });

  it('shares a week of files between two workers: each file once, the exceptions of a one-by-one import, Wednesday missing', async () => {
    const files = weekFiles();
    const readable = Object.fromEntries(Object.entries(files).filter(([path]) => !path.includes('broken')));
    await oneByOne(t, readable);
    const reference = { exceptions: await exceptionsDigest(t), counts: await counts(t) };
    expect(reference.exceptions.some((e) => e.startsWith('duplicate_payment'))).toBe(true);
    await t.reset();

    const inbox = writeInbox(files);
    inboxes.push(inbox);
    const workers = [worker(t), worker(t)];
    await Promise.all(workers.map((w) => w.ready));
    const enqueued = await t.app.get(NightJobsService).enqueueNight(NIGHT, inbox);
    expect(enqueued).toMatchObject({ queued: Object.keys(files).length, inProcess: false });
    // The schedule firing again (a second API process) takes nothing twice.
    expect(await t.app.get(NightJobsService).enqueueNight(NIGHT, inbox)).toMatchObject({ runId: null, queued: 0 });
    await untilFinished(t);
    const ended = await stop(...workers);
    expect(ended.map((r) => r.code)).toEqual([0, 0]);

    expect(await counts(t)).toEqual(reference.counts);
    expect(await exceptionsDigest(t)).toEqual(reference.exceptions);

    const staff = await t.login('staff');
    const { body } = await staff.get('/api/batch/runs').expect(200);
    const [run] = body.items;
    const taken = Object.keys(files).length;
    expect(run).toMatchObject({
      trigger: 'schedule',
      night: NIGHT,
      status: 'finished',
      files: taken,
      imported: taken - 1,
      failed: 1,
      queued: 0,
    });
    expect(run.missingFiles).toEqual([{ format: 'konbini', day: REMOVED_DAY }]);
    expect(run.match.matched).toBeGreaterThan(0);
    // The workers log JSON lines with the run, file and job ids, and nothing of the files' contents.
    const lines = ended.flatMap((r) => r.stdout.toString('utf8').split('\n').filter(Boolean));
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.filter((l) => l.msg === 'file settled' && l.runId === run.id && l.fileId && l.jobId)).toHaveLength(taken);
    expect(lines.some((line) => BILLS.some((b) => line.includes(b.number)))).toBe(false);
    // Both workers took files of the night.
    expect(new Set(run.fileList.map((f: { settledBy: string }) => f.settledBy)).size).toBe(2);

    // Housekeeping: the inbox's format folders are empty; imported files in archive/<night>/, the refused one in failed/.
    expect(listed(join(inbox, 'konbini'))).toEqual([]);
    expect(listed(join(inbox, 'archive', NIGHT, 'konbini'))).toHaveLength(4);
    expect(listed(join(inbox, 'failed', 'konbini'))).toEqual(['SYUNO_20261120_broken.dat', 'SYUNO_20261120_broken.dat.error.txt']);
    expect(readFileSync(join(inbox, 'failed', 'konbini', 'SYUNO_20261120_broken.dat.error.txt'), 'utf8')).not.toBe('');
  }, 300_000);

  it('finishes a night whose worker was killed in the middle of a file: nothing lost, nothing doubled', async () => {
    await t.reset();
    const files = { ...Object.fromEntries(Object.entries(weekFiles()).filter(([path]) => !path.includes('broken'))), ...bigFiles() };
    await oneByOne(t, files);
    const reference = { exceptions: await exceptionsDigest(t), counts: await counts(t) };
    await t.reset();

    const inbox = writeInbox(files);
    inboxes.push(inbox);
    await t.app.get(NightJobsService).enqueueNight(NIGHT, inbox);
    const first = worker(t);
    // Wait until the big konbini file's job is running, then SIGKILL its worker in the middle of the import.
    const bigFile = await bigFileId(t);
    await untilRunning(t, bigFile);
    await sleep(400);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    const again = [worker(t), worker(t)];
    await untilFinished(t);
    await stop(...again);

    expect(await counts(t)).toEqual(reference.counts);
    expect(await exceptionsDigest(t)).toEqual(reference.exceptions);
    const { body } = await request(t.http)
      .get('/api/batch/runs')
      .set(await t.bearer('operator'))
      .expect(200);
    expect(body.items[0]).toMatchObject({ status: 'finished', files: Object.keys(files).length, imported: Object.keys(files).length });
    expect(listed(join(inbox, 'archive', NIGHT, 'konbini'))).toHaveLength(5);
  }, 300_000);

  it('retries a file whose database connection was cut (as a restart does) with backoff, and never a refused file', async () => {
    await t.reset();
    const files = { ...bigFiles(), 'konbini/SYUNO_20261120_broken.dat': Buffer.from('not a konbini file\r\n') };
    const inbox = writeInbox(files);
    inboxes.push(inbox);
    const one = worker(t);
    await one.ready;
    await t.app.get(NightJobsService).enqueueNight(NIGHT, inbox);
    await untilRunning(t, await bigFileId(t));
    await sleep(300);
    // Every connection to the database but this test's admin one ends, the worker's import with it.
    await withClient(ADMIN_URL, (client) =>
      client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
        new URL(t.db.url).pathname.slice(1),
      ]),
    );
    // On failure, what the database and the worker were doing.
    await untilFinished(t).catch(async (error: Error) => {
      const activity = await withClient(ADMIN_URL, (client) =>
        client.query(
          `SELECT pid, application_name, state, wait_event_type, wait_event, left(query, 120) AS query
           FROM pg_stat_activity WHERE datname = $1`,
          [new URL(t.db.url).pathname.slice(1)],
        ),
      );
      const jobs = await withClient(t.db.url, (client) => client.query(`SELECT name, state, retry_count, output FROM pgboss.job`));
      console.error(JSON.stringify({ activity: activity.rows, jobs: jobs.rows }, null, 1));
      one.child.kill('SIGTERM');
      const ended = await one.done;
      throw new Error(
        `${error.message}; the worker: ${ended.code ?? ended.signal} ${ended.stderr.slice(-2000)} ${ended.stdout.toString().slice(-3000)}`,
      );
    });
    // The worker lived through it.
    expect((await stop(one)).map((r) => r.code)).toEqual([0]);
    const tried = await retries(t);
    expect(tried['konbini/SYUNO_20261120_big.dat']).toBeGreaterThanOrEqual(1);
    expect(tried['konbini/SYUNO_20261120_broken.dat']).toBe(0);
    const { body } = await request(t.http)
      .get('/api/batch/runs')
      .set(await t.bearer('staff'))
      .expect(200);
    expect(body.items[0]).toMatchObject({ status: 'finished', imported: 2, failed: 1, errors: 0 });
  }, 300_000);
});
