#!/usr/bin/env node
'use strict';
/**
 * npm run bench (issue #12): keshikomi against a bare pipeline on the same machine, in one run.
 *
 * Payments: a konbini file of BENCH_PAYMENTS payments (default 495,000; each a 速報 and its 確報, so twice
 * as many records — the most one file's 6-digit 総レコード数 allows), against as many bills.
 *   - bare: `psql \copy` of the same records (decoded, as CSV) into an unlogged table, then one SQL
 *     statement classifying each payment against the bills: matched / amount mismatch / unknown / duplicate;
 *   - keshikomi: `keshikomi import --format konbini` (import + match) into a database holding the bills.
 * Bills: a 調定 CSV of BENCH_BILLS rows (default 1,000,000).
 *   - bare: `psql \copy` of the CSV into an unlogged table, then one statement classifying each row
 *     against the bills already there (new / changed / unchanged);
 *   - keshikomi: `keshikomi import --format bills` into a fresh database.
 * Each keshikomi command runs as a child process under /usr/bin/time: its wall time and its peak RSS.
 * The payments are also imported at a tenth of the size, to show peak RSS stays flat in file size.
 *
 *   npm run bench                                      # the full sizes (about 4 minutes on 2 cores)
 *   BENCH_PAYMENTS=50000 BENCH_BILLS=100000 npm run bench   # a quick run
 *   npm run bench -- --year                            # a fiscal year of every channel (samples/)
 *
 * Needs a PostgreSQL server (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres), psql,
 * and `npm run build`. Figures are one run on a shared machine: compare ratios, not seconds.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(__dirname, 'out');
const admin = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PAYMENTS = Number(process.env.BENCH_PAYMENTS || 495_000);
const BILLS = Number(process.env.BENCH_BILLS || 1_000_000);
mkdirSync(out, { recursive: true });

function dbUrl(name) {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

function psql(url, ...args) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', ...args], { encoding: 'utf8' });
}

/** Wall seconds of psql commands run one after the other, each a client of its own like the CLI. */
function timedPsql(url, ...commands) {
  const t0 = process.hrtime.bigint();
  for (const c of commands) psql(url, '-c', c);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function make(args) {
  execFileSync(
    process.execPath,
    [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(__dirname, 'make-konbini.ts'), ...args],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
}

/** The konbini file, its records decoded as CSV, and the bills they pay (generated once, kept in bench/out). */
function paymentInputs(payments) {
  const tag = `${payments / 1000}k`;
  const file = path.join(out, `konbini-${tag}.dat`);
  const csv = path.join(out, `konbini-${tag}.csv`);
  const bills = path.join(out, `bills-${tag}.csv`);
  if (![file, csv, bills].every(existsSync)) make(['--payments', String(payments), '--out', file, '--csv', csv, '--bills', bills]);
  return { file, csv, bills };
}

function billInputs(rows) {
  const bills = path.join(out, `bills-${rows / 1000}k.csv`);
  if (!existsSync(bills)) make(['--payments', String(rows), '--bills', bills, '--bill-count', String(rows)]);
  return bills;
}

/**
 * Runs the CLI as a child under /usr/bin/time, as a user runs it (`bin/keshikomi`, its heap cap in the shebang):
 * wall seconds and peak RSS (MiB) of that process.
 */
function keshikomi(env, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', path.join(root, 'bin', 'keshikomi'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`keshikomi ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const [seconds, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, rssMiB: Math.round(kb / 1024), json: JSON.parse(r.stdout) };
}

function freshDatabase(name) {
  psql(admin, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`);
  return dbUrl(name);
}

function dropDatabase(name) {
  psql(admin, '-c', `DROP DATABASE ${name} WITH (FORCE)`);
}

const BARE_BILLS = `CREATE UNLOGGED TABLE bare_bill (municipality_code text, bill_number text PRIMARY KEY, category_code text,
  fiscal_year int, installment text, due_date text, amount bigint, payer_id text, status text, updated_on text)`;

/** The bare pipeline for payments: \copy of the decoded records, one statement classifying each payment. */
function barePayments(url, { csv, bills }) {
  psql(url, '-c', BARE_BILLS);
  psql(url, '-c', `\\copy bare_bill FROM '${bills}' WITH (FORMAT csv, HEADER true, ENCODING 'SJIS')`);
  psql(url, '-c', 'ANALYZE bare_bill');
  psql(
    url,
    '-c',
    `CREATE UNLOGGED TABLE bare_payment (
       kind text, bill_number text, amount bigint, paid_on date, paid_time text, store text, barcode text)`,
  );
  const seconds = timedPsql(
    url,
    `\\copy bare_payment FROM '${csv}' WITH (FORMAT csv)`,
    // A payment is its 速報 and 確報 (one pairing key); the 確報 wins. Duplicate: a second payment of one bill.
    `CREATE UNLOGGED TABLE bare_outcome AS
     WITH payment AS (
       SELECT DISTINCT ON (barcode, paid_on, paid_time, store) bill_number, amount, barcode, paid_on, paid_time, store
         FROM bare_payment ORDER BY barcode, paid_on, paid_time, store, kind DESC)
     SELECT p.barcode, p.paid_on, p.paid_time, p.store, p.bill_number,
            CASE WHEN b.bill_number IS NULL THEN 'unknown'
                 WHEN row_number() OVER (PARTITION BY p.bill_number ORDER BY p.paid_on, p.paid_time) > 1 THEN 'duplicate'
                 WHEN p.amount <> b.amount THEN 'amount_mismatch'
                 ELSE 'matched' END AS outcome
       FROM payment p LEFT JOIN bare_bill b ON b.bill_number = p.bill_number`,
  );
  const outcomes = Object.fromEntries(
    psql(url, '-F', '=', '-c', 'SELECT outcome, count(*) FROM bare_outcome GROUP BY 1 ORDER BY 1')
      .trim()
      .split('\n')
      .map((l) => l.split('='))
      .map(([k, v]) => [k, Number(v)]),
  );
  return { seconds, outcomes };
}

/** The bare pipeline for bills: \copy of the CSV, one statement classifying each row against the bills held. */
function bareBills(url, bills) {
  psql(url, '-c', BARE_BILLS);
  psql(url, '-c', BARE_BILLS.replace('bare_bill', 'bare_bill_stage').replace(' PRIMARY KEY', ''));
  return timedPsql(
    url,
    `\\copy bare_bill_stage FROM '${bills}' WITH (FORMAT csv, HEADER true, ENCODING 'SJIS')`,
    `CREATE UNLOGGED TABLE bare_bill_outcome AS
     SELECT s.*, CASE WHEN b.bill_number IS NULL THEN 'new'
                      WHEN (b.amount, b.status, b.due_date) IS DISTINCT FROM (s.amount, s.status, s.due_date) THEN 'changed'
                      ELSE 'unchanged' END AS outcome
       FROM bare_bill_stage s LEFT JOIN bare_bill b ON b.bill_number = s.bill_number`,
  );
}

function rate(rows, seconds) {
  return Math.round(rows / seconds);
}

function benchPayments(payments) {
  const inputs = paymentInputs(payments);
  const name = `keshikomi_bench_pay_${payments}`;
  const env = { DATABASE_URL: freshDatabase(name) };
  keshikomi(env, ['migrate', '--json']);
  keshikomi(env, ['import', '--format', 'bills', inputs.bills, '--json']);
  const run = keshikomi(env, ['import', '--format', 'konbini', inputs.file, '--json']);
  const bare = barePayments(env.DATABASE_URL, inputs);
  dropDatabase(name);
  const records = run.json.files[0].records;
  return {
    what: 'payments (import + match)',
    payments,
    records,
    fileMiB: +(statSync(inputs.file).size / 2 ** 20).toFixed(1),
    keshikomiSeconds: run.seconds,
    keshikomiRowsPerSecond: rate(records, run.seconds),
    peakRssMiB: run.rssMiB,
    bareSeconds: +bare.seconds.toFixed(2),
    bareRowsPerSecond: rate(records, bare.seconds),
    ratio: +(run.seconds / bare.seconds).toFixed(1),
    matched: run.json.match.matched,
    bareMatched: bare.outcomes.matched ?? 0,
  };
}

function benchBills(rows) {
  const bills = billInputs(rows);
  const name = `keshikomi_bench_bills_${rows}`;
  const env = { DATABASE_URL: freshDatabase(name) };
  keshikomi(env, ['migrate', '--json']);
  const run = keshikomi(env, ['import', '--format', 'bills', bills, '--json']);
  const bareSeconds = bareBills(env.DATABASE_URL, bills);
  dropDatabase(name);
  return {
    what: 'bills (import)',
    rows,
    fileMiB: +(statSync(bills).size / 2 ** 20).toFixed(1),
    keshikomiSeconds: run.seconds,
    keshikomiRowsPerSecond: rate(rows, run.seconds),
    peakRssMiB: run.rssMiB,
    bareSeconds: +bareSeconds.toFixed(2),
    bareRowsPerSecond: rate(rows, bareSeconds),
    ratio: +(run.seconds / bareSeconds).toFixed(1),
  };
}

/** A fiscal year of every channel: samples/ replayed as the nightly batch would have seen it. */
function year() {
  const name = 'keshikomi_bench_year';
  const env = { DATABASE_URL: freshDatabase(name) };
  keshikomi(env, ['migrate', '--json']);
  const run = keshikomi(env, ['batch', '--inbox', path.join(root, 'samples'), '--dates-from-names', '--json']);
  dropDatabase(name);
  return {
    files: run.json.files.length,
    records: run.json.files.reduce((n, f) => n + f.records, 0),
    evaluated: run.json.match.evaluated,
    seconds: run.seconds,
    peakRssMiB: run.rssMiB,
  };
}

if (process.argv.includes('--help')) {
  console.log('usage: [BENCH_PAYMENTS=N] [BENCH_BILLS=N] npm run bench [-- --year]  (PostgreSQL at BENCH_ADMIN_URL, after npm run build)');
  process.exit(0);
}
if (process.argv.includes('--year')) {
  console.table([year()]);
  process.exit(0);
}

const rows = [];
if (PAYMENTS > 0) {
  const tenth = Math.max(1000, Math.round(PAYMENTS / 10 / 1000) * 1000);
  const small = benchPayments(tenth);
  const large = benchPayments(PAYMENTS);
  rows.push(small, large);
  console.table([small, large]);
  console.log(
    `payments: keshikomi ${large.keshikomiSeconds} s vs bare ${large.bareSeconds} s = ${large.ratio}x (target 2.5x); ` +
      `peak RSS ${large.peakRssMiB} MiB (target 256), ${small.peakRssMiB} MiB at a tenth of the file`,
  );
}
if (BILLS > 0) {
  const bills = benchBills(BILLS);
  console.table([bills]);
  console.log(
    `bills: keshikomi ${bills.keshikomiSeconds} s vs bare ${bills.bareSeconds} s = ${bills.ratio}x; peak RSS ${bills.peakRssMiB} MiB`,
  );
}
