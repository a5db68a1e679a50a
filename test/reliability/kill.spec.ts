import { Client } from 'pg';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bankCounterFile, eltaxFile } from '../support/channel-files';
import { builtCli, CliRun, finished, spawnCli } from '../support/cli-process';
import { billNumber, billsCsv, konbiniFile, TestBill, TestPayment } from '../support/files';
import { adminQuery, ADMIN_URL, createDatabase, TEMPLATE_ENV, withDatabase } from '../support/test-database';

/**
 * issue #7, convergence: the CLI is SIGKILLed at points spread over an import of about 50,000 records and over
 * a `batch` run, then run again; every domain table must then be exactly what a clean run leaves (ids and
 * timestamps aside, which legitimately differ). docs/reliability.md "Kill and convergence" has the figures.
 */
const IMPORT_KILL_POINTS = 12;
const BATCH_KILL_POINTS = 8;
const RECEIVED_ON = '2026-11-26';

/**
 * A table as a digest: each row as JSON without its surrogate ids and timestamps (every `id`, `…_id` and `…_at`
 * column), references by natural key instead (a batch by its bytes' sha256, a payment by its pairing key, a bill
 * by its number), ids quoted in exception details (`#123`) blanked; the rows' md5s sorted, then hashed.
 */
const TABLES: Record<string, { alias: string; from: string; keys: string }> = {
  import_batch: { alias: 'b', from: 'import_batch b', keys: `'matched', b.matched_at IS NOT NULL` },
  import_line: { alias: 'l', from: 'import_line l JOIN import_batch b ON b.id = l.batch_id', keys: `'batch', b.sha256` },
  bill: { alias: 'x', from: 'bill x JOIN import_batch b ON b.id = x.batch_id', keys: `'batch', b.sha256` },
  bill_version: {
    alias: 'v',
    from: 'bill_version v JOIN bill x ON x.id = v.bill_id JOIN import_batch b ON b.id = v.batch_id',
    keys: `'bill', x.bill_number, 'batch', b.sha256`,
  },
  payment: {
    alias: 'p',
    from: 'payment p JOIN import_batch f ON f.id = p.first_batch_id JOIN import_batch l ON l.id = p.last_batch_id',
    keys: `'first', f.sha256, 'last', l.sha256`,
  },
  match: {
    alias: 'm',
    from: `match m JOIN payment p ON p.id = m.payment_id LEFT JOIN bill x ON x.id = m.bill_id
           LEFT JOIN match r ON r.id = m.reverses_match_id LEFT JOIN payment rp ON rp.id = r.payment_id`,
    keys: `'payment', p.pairing_key, 'bill', x.bill_number, 'reverses', rp.pairing_key || ':' || r.kind`,
  },
  recon_exception: {
    alias: 'e',
    from: `recon_exception e LEFT JOIN payment p ON p.id = e.payment_id LEFT JOIN bill x ON x.id = e.bill_id
           LEFT JOIN import_batch b ON b.id = e.batch_id LEFT JOIN counter_receipt c ON c.id = e.receipt_id`,
    keys: `'payment', p.pairing_key, 'bill', x.bill_number, 'batch', b.sha256, 'receipt', c.receipt_no`,
  },
  failed_debit: { alias: 'd', from: 'failed_debit d JOIN import_batch b ON b.id = d.batch_id', keys: `'batch', b.sha256` },
  counter_receipt: {
    alias: 'c',
    from: 'counter_receipt c JOIN import_batch b ON b.id = c.batch_id LEFT JOIN payment p ON p.id = c.payment_id',
    keys: `'payment', p.pairing_key, 'batch', b.sha256`,
  },
};

type Digest = Record<string, { rows: number; md5: string }>;

async function withClient<T>(database: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(ADMIN_URL, database) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function tableDigest(client: Client, table: string): Promise<{ rows: number; md5: string }> {
  const { alias, from, keys } = TABLES[table];
  const {
    rows: [columns],
  } = await client.query(
    `SELECT array_agg(column_name::text) AS names FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND (column_name = 'id' OR column_name LIKE '%\\_id' OR column_name LIKE '%\\_at')`,
    [table],
  );
  const {
    rows: [digested],
  } = await client.query(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS md5
       FROM (SELECT md5(regexp_replace(((to_jsonb(${alias}) - $1::text[]) || jsonb_build_object(${keys}))::text, '#[0-9]+', '#', 'g')) AS h
               FROM ${from}) s`,
    [columns.names],
  );
  return digested;
}

/** Every domain table's digest, three tables at a time (the database has two cores to use). */
async function digest(database: string): Promise<Digest> {
  // A killed run's rolled-back ANALYZE leaves the planner guessing: these joins then take a minute, not a second.
  await withClient(database, (client) => client.query(`ANALYZE ${Object.keys(TABLES).join(', ')}`));
  const queue = Object.keys(TABLES);
  const result: Digest = {};
  await Promise.all(
    [1, 2, 3].map(() =>
      withClient(database, async (client) => {
        for (let table = queue.shift(); table; table = queue.shift()) result[table] = await tableDigest(client, table);
      }),
    ),
  );
  return Object.fromEntries(Object.keys(TABLES).map((table) => [table, result[table]]));
}

/** Where a killed run stopped, read from what it left of its files: nothing, some, all but the match, everything. */
async function phaseLeft(database: string, files: string[]): Promise<string> {
  return withClient(database, async (client) => {
    const {
      rows: [b],
    } = await client.query(
      `SELECT count(*)::int AS batches, count(*) FILTER (WHERE matched_at IS NOT NULL)::int AS matched
         FROM import_batch WHERE file_name = ANY($1)`,
      [files],
    );
    if (b.batches === 0) return 'nothing committed';
    if (b.batches < files.length) return 'some files committed';
    return b.matched < b.batches ? 'all committed, match pending' : 'all committed and matched';
  });
}

let databases = 0;
async function cloneOf(template: string): Promise<string> {
  const name = `keshikomi_kill_${process.pid}_${++databases}`;
  await createDatabase(name, template);
  return name;
}
const drop = (name: string) => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

async function run(database: string, args: string[]): Promise<CliRun & { seconds: number }> {
  const started = process.hrtime.bigint();
  const done = await finished(spawnCli(args, { DATABASE_URL: withDatabase(ADMIN_URL, database) }));
  return { ...done, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Starts the command and SIGKILLs it after `afterMs`, unless it ended first (then: how long it took). */
async function killedAt(database: string, args: string[], afterMs: number): Promise<{ killed: boolean; seconds: number }> {
  const started = process.hrtime.bigint();
  const child = spawnCli(args, { DATABASE_URL: withDatabase(ADMIN_URL, database) });
  const ended = finished(child);
  const outcome = await Promise.race([ended.then(() => 'ended' as const), sleep(afterMs).then(() => 'due' as const)]);
  if (outcome === 'due') child.kill('SIGKILL');
  const result = await ended;
  return { killed: result.signal === 'SIGKILL', seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** HH:MM of the `n`th minute of a working day that starts at 8:00 and wraps after 12 hours. */
const clock = (n: number) => `${String(8 + (Math.floor(n / 60) % 12)).padStart(2, '0')}${String(n % 60).padStart(2, '0')}`;

/** 50,000 records: 25,000 payments as a 速報 and its 確報; a few paid short, a few for bills no one has. */
function yearOfOneFile(): { bills: Buffer; konbini: Buffer } {
  const bills: TestBill[] = [];
  const payments: TestPayment[] = [];
  for (let i = 0; i < 25_000; i++) {
    const number = billNumber(String((i % 9) + 1).padStart(2, '0'), 2026, '05', 100_000 + i);
    const amount = 1000 + (i % 300) * 100;
    if (i % 100 !== 99) bills.push({ number, amount, due: '2026-11-30', payer: String(i).padStart(10, '0') });
    const paid = i % 100 === 42 ? amount - 100 : amount;
    const at = { time: clock(Math.floor(i / 60)), store: String(i).padStart(7, '0') };
    payments.push({ type: '01', bill: number, amount: paid, paidOn: '2026-11-20', ...at });
    payments.push({ type: '02', bill: number, amount: paid, paidOn: '2026-11-20', ...at });
  }
  payments.sort((a, b) => a.type.localeCompare(b.type));
  return { bills: billsCsv(bills), konbini: konbiniFile('2026-11-25', payments) };
}

/** A night's inbox of several channels: the 調定, a week of convenience-store files, a bank and an eLTAX file. */
function nightlyInbox(dir: string): string[] {
  const bills: TestBill[] = Array.from({ length: 8000 }, (_, i) => ({
    number: billNumber('02', 2026, '04', 200_000 + i),
    amount: 5000 + i,
    due: '2026-11-30',
  }));
  const names: string[] = [];
  const write = (format: string, name: string, bytes: Buffer) => {
    mkdirSync(join(dir, format), { recursive: true });
    writeFileSync(join(dir, format, name), bytes);
    names.push(name);
  };
  write('bills', 'choutei_20261120.csv', billsCsv(bills));
  for (let day = 0; day < 4; day++) {
    const paidOn = `2026-11-${16 + day}`;
    const payments: TestPayment[] = bills.slice(day * 1500, day * 1500 + 1500).map((b, i) => ({
      type: '01',
      bill: b.number,
      amount: b.amount,
      paidOn,
      time: clock(i),
      store: String(i).padStart(7, '0'),
    }));
    write('konbini', `SYUNO_202611${16 + day}.dat`, konbiniFile(paidOn, payments));
  }
  const paid = (from: number, to: number) => bills.slice(from, to).map((b) => ({ bill: b.number, amount: b.amount, paidOn: '20261120' }));
  write('bank-counter', 'OCR_20261120.csv', bankCounterFile(paid(5900, 7000)));
  write('eltax', 'ELTAX_20261120.csv', eltaxFile(paid(6900, 8000).map((p, i) => ({ ...p, receipt: String(900000 + i) }))));
  return names;
}

/**
 * One scenario: `points` kill points spread evenly over a run's work (after the CLI's startup, before the end of a
 * run as long as the last full run took — the machine is shared, so that estimate follows the runs seen), each on
 * a fresh copy of the starting database, then the same command again and the digest compared with a clean run's.
 * A run that ended before its kill (the machine sped up) is tried again, once, timed by that run.
 */
class KillScenario {
  readonly left: Record<string, number> = {};
  startup = 0;
  estimate = 0;
  retried = 0;
  clean: { digest: Digest; seconds: number };

  constructor(
    private readonly start: () => string,
    private readonly args: string[],
    private readonly files: string[],
    readonly points: number,
  ) {}

  async calibrate(): Promise<void> {
    const reference = await cloneOf(this.start());
    try {
      this.startup = (await run(reference, ['migrate', '--json'])).seconds;
      const done = await run(reference, this.args);
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      this.clean = { digest: await digest(reference), seconds: done.seconds };
      this.estimate = done.seconds;
    } finally {
      await drop(reference);
    }
  }

  async killAndRerun(point: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const database = await cloneOf(this.start());
      try {
        const at = this.startup + ((this.estimate - this.startup) * (point + 1)) / (this.points + 1);
        const kill = await killedAt(database, this.args, at * 1000);
        if (!kill.killed) {
          this.estimate = kill.seconds;
          if (attempt === 0) {
            this.retried++;
            continue;
          }
        }
        const state = kill.killed ? await phaseLeft(database, this.files) : 'ended before the kill';
        this.left[state] = (this.left[state] ?? 0) + 1;
        const again = await run(database, this.args);
        expect([again.signal, again.code, again.stderr]).toEqual([null, 0, '']);
        if (state === 'nothing committed') this.estimate = again.seconds;
        expect(await digest(database)).toEqual(this.clean.digest);
        return;
      } finally {
        await drop(database);
      }
    }
  }

  figures(name: string): string {
    const d = this.clean.digest;
    return (
      `${name}: ${this.points} kill points after ${this.startup.toFixed(1)} s of startup, ` +
      `over a clean run of ${this.clean.seconds.toFixed(1)} s ` +
      `(${this.retried} tried again: the run had ended first); state each kill left: ${JSON.stringify(this.left)}; after the re-run, ` +
      `every table equal to the clean run's: ${d.import_batch.rows} batches, ${d.import_line.rows} lines (lost: 0), ` +
      `${d.payment.rows} payments, ` +
      `${d.match.rows} matches, ${d.recon_exception.rows} exceptions`
    );
  }
}

const points = (n: number) => Array.from({ length: n }, (_, i) => i);

const onServer = !!process.env[TEMPLATE_ENV];
if (!onServer) {
  process.stderr.write('\n[keshikomi tests] kill suite skipped: it needs a PostgreSQL server (the embedded one is in the test process)\n');
}

(onServer ? describe : describe.skip)('SIGKILL at any point, then run again: the same state as a clean run', () => {
  let dir: string;
  const figures: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-kill-'));
    builtCli();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`\n[kill] ${figures.join('\n[kill] ')}\n`);
  });

  describe('an import of 50,003 records (konbini 速報 and 確報) and its match', () => {
    let base: string;
    let scenario: KillScenario;
    beforeAll(async () => {
      const files = yearOfOneFile();
      writeFileSync(join(dir, 'bills.csv'), files.bills);
      writeFileSync(join(dir, 'SYUNO_20261125.dat'), files.konbini);
      base = await cloneOf(process.env[TEMPLATE_ENV]!);
      const importing = (format: string, file: string) => [
        'import',
        '--format',
        format,
        join(dir, file),
        '--received-on',
        RECEIVED_ON,
        '--actor',
        'kill-test',
        '--json',
      ];
      expect((await run(base, importing('bills', 'bills.csv'))).code).toBe(0);
      const args = importing('konbini', 'SYUNO_20261125.dat');
      scenario = new KillScenario(() => base, args, ['SYUNO_20261125.dat'], IMPORT_KILL_POINTS);
      await scenario.calibrate();
    }, 120_000);
    afterAll(async () => {
      if (scenario?.clean) figures.push(scenario.figures('import'));
      await drop(base);
    });

    it.each(points(IMPORT_KILL_POINTS))('killed at point %i, then run again', (point) => scenario.killAndRerun(point), 90_000);
  });

  describe(`a batch run of a night's inbox`, () => {
    let scenario: KillScenario;
    beforeAll(async () => {
      const inbox = join(dir, 'inbox');
      const files = nightlyInbox(inbox);
      const args = ['batch', '--inbox', inbox, '--received-on', RECEIVED_ON, '--json'];
      scenario = new KillScenario(() => process.env[TEMPLATE_ENV]!, args, files, BATCH_KILL_POINTS);
      await scenario.calibrate();
    }, 60_000);
    afterAll(() => {
      if (scenario?.clean) figures.push(scenario.figures('batch'));
    });

    it.each(points(BATCH_KILL_POINTS))('killed at point %i, then run again', (point) => scenario.killAndRerun(point), 90_000);
  });
});
