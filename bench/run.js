#!/usr/bin/env node
'use strict';
/**
 * npm run bench — import + match of a konbini file of 200,000 payments (400,000 records: each
 * 速報 and its 確報) into a fresh PostgreSQL database, next to a plain `psql \copy` of the same
 * file's lines, and the same import at 20,000 payments to show memory does not grow with file size.
 * Needs a PostgreSQL server (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * and `npm run build`. Then a fiscal year of every channel (samples/, replayed by `batch`); `--year`
 * runs only that, `--small` only the 20,000-payment import (a quick check that the bench works).
 * Figures are one run on a shared machine: compare ratios, not seconds.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(__dirname, 'out');
const admin = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
mkdirSync(out, { recursive: true });

function dbUrl(name) {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

function psql(url, ...args) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', ...args], { encoding: 'utf8' });
}

function inputs(payments) {
  const file = path.join(out, `konbini-${payments / 1000}k.dat`);
  const bills = path.join(out, `bills-${payments / 1000}k.csv`);
  if (!existsSync(file) || !existsSync(bills)) {
    execFileSync(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--transpile-only',
        path.join(__dirname, 'make-konbini.ts'),
        '--payments',
        String(payments),
        '--out',
        file,
        '--bills',
        bills,
      ],
      { stdio: 'inherit', cwd: root },
    );
  }
  return { file, bills };
}

/** Runs the CLI under /usr/bin/time: wall seconds and peak RSS (MiB) of the whole process. */
function timed(env, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, path.join(root, 'bin', 'keshikomi'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const [seconds, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  if (r.status !== 0) throw new Error(`keshikomi ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { seconds, rssMiB: Math.round(kb / 1024), json: JSON.parse(r.stdout) };
}

function freshDatabase(name) {
  psql(admin, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`);
  return dbUrl(name);
}

function run(payments) {
  const { file, bills } = inputs(payments);
  const name = `keshikomi_bench_${payments}`;
  const url = freshDatabase(name);
  const env = { DATABASE_URL: url };
  timed(env, ['migrate', '--json']);
  const billImport = timed(env, ['import', '--format', 'bills', bills, '--json']);
  const konbini = timed(env, ['import', '--format', 'konbini', file, '--json']);
  const matched = konbini.json.match.matched;

  // The floor: the same file's lines into a one-column table with psql's \copy.
  psql(url, '-c', 'CREATE TABLE bench_raw (line text)');
  const t0 = process.hrtime.bigint();
  psql(url, '-c', `\\copy bench_raw FROM '${file}' WITH (FORMAT text, ENCODING 'SJIS')`);
  const copySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  psql(admin, '-c', `DROP DATABASE ${name} WITH (FORCE)`);
  return {
    payments,
    records: konbini.json.files[0].records,
    fileMiB: +(statSync(file).size / 2 ** 20).toFixed(1),
    billsSeconds: billImport.seconds,
    importAndMatchSeconds: konbini.seconds,
    peakRssMiB: konbini.rssMiB,
    matched,
    psqlCopySeconds: +copySeconds.toFixed(2),
    ratioToCopy: +(konbini.seconds / copySeconds).toFixed(1),
  };
}

/** A fiscal year of every channel: samples/ replayed as the nightly batch would have seen it. */
function year() {
  const name = 'keshikomi_bench_year';
  const env = { DATABASE_URL: freshDatabase(name) };
  timed(env, ['migrate', '--json']);
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %M',
      process.execPath,
      path.join(root, 'bin', 'keshikomi'),
      'batch',
      '--inbox',
      path.join(root, 'samples'),
      '--dates-from-names',
      '--json',
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 << 20 },
  );
  const [seconds, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const doc = JSON.parse(r.stdout);
  const copySeconds = copyFloor(env.DATABASE_URL);
  psql(admin, '-c', `DROP DATABASE ${name} WITH (FORCE)`);
  return {
    files: doc.files.length,
    records: doc.files.reduce((n, f) => n + f.records, 0),
    evaluated: doc.match.evaluated,
    seconds,
    peakRssMiB: Math.round(kb / 1024),
    psqlCopySeconds: +copySeconds.toFixed(2),
    ratioToCopy: +(seconds / copySeconds).toFixed(1),
  };
}

/** The floor for the year: every sample file's lines, decoded to UTF-8 beforehand, into a one-column table by psql's \copy. */
function copyFloor(url) {
  const iconv = require('iconv-lite');
  const { readFileSync, writeFileSync } = require('node:fs');
  const samples = path.join(root, 'samples');
  // The data files the manifest lists: samples/ also holds the generator's own code folders.
  const { files } = JSON.parse(readFileSync(path.join(samples, 'manifest.json'), 'utf8'));
  const text = files
    .map((f) => readFileSync(path.join(samples, f.file)))
    .map((buf) => {
      const utf8 = buf.toString('utf8');
      return utf8.includes('\ufffd') ? iconv.decode(buf, 'cp932') : utf8;
    })
    .join('\n')
    .replace(/\r\n?/g, '\n');
  const file = path.join(out, 'year-lines.txt');
  writeFileSync(file, text);
  psql(url, '-c', 'CREATE TABLE bench_raw (line text)');
  const t0 = process.hrtime.bigint();
  psql(url, '-c', `\\copy bench_raw FROM '${file}' WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

if (process.argv.includes('--help')) {
  console.log('usage: npm run bench [-- --small | --year]  (PostgreSQL at BENCH_ADMIN_URL, after npm run build)');
  process.exit(0);
}
if (process.argv.includes('--year')) {
  console.table([year()]);
  process.exit(0);
}
if (process.argv.includes('--small')) {
  console.table([run(20000)]);
  process.exit(0);
}

const small = run(20000);
const large = run(200000);
console.table([small, large]);
console.log(`peak RSS 200k / 20k: ${(large.peakRssMiB / small.peakRssMiB).toFixed(2)} (file size ratio 10)`);
console.log(`import+match 200k vs psql \\copy of the same lines: ${large.ratioToCopy}x`);
console.table([year()]);
