#!/usr/bin/env node
'use strict';
/**
 * npm run bench:interactive (issue #12): the screens staff wait on, at BENCH_INTERACTIVE_PAYMENTS payments
 * (default 1,000,000) and as many bills, a fiscal year's worth. The data is written straight in SQL (seed
 * below): bills; payments spread over fiscal 2026 across the channels, 94 % settling their bill exactly,
 * 5 % short (an open amount_short exception each), 1 % for no known bill (unknown_bill). Then, through the
 * built services in this process (no HTTP), each query timed as the median of 5 runs after one warm-up:
 *   - the exception list's first page (the queue's default: 未処理, by id; and by 納付日 descending);
 *   - the year's cashless report (by channel, by month);
 *   - the evidence card of a matched payment and of one for no known bill (it searches the nearest open bills).
 * Targets: list < 200 ms, report < 1 s, evidence card < 300 ms. Needs `npm run build` and PostgreSQL
 * (BENCH_ADMIN_URL). BENCH_KEEP=1 keeps the database (keshikomi_bench_interactive) for EXPLAIN; BENCH_REUSE=1
 * times the queries again on a kept one.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const admin = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.BENCH_INTERACTIVE_PAYMENTS || 1_000_000);
const NAME = 'keshikomi_bench_interactive';

function dbUrl(name) {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

function psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8' });
}

/** A year of payments and bills, written set-based in SQL (the seed the EXPLAIN test uses too). */
const SEED = require('./volume-seed').volumeSeedSql;

async function timed(label, target, fn) {
  await fn();
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  runs.sort((a, b) => a - b);
  const ms = Math.round(runs[2]);
  return { query: label, medianMs: ms, targetMs: target, met: ms < target };
}

async function main() {
  const url = dbUrl(NAME);
  process.env.DATABASE_URL = url;
  // BENCH_REUSE=1: the database a BENCH_KEEP run left (migrated again, not seeded again).
  if (!process.env.BENCH_REUSE) {
    psql(admin, `DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
    psql(admin, `CREATE DATABASE ${NAME}`);
  }
  execFileSync(process.execPath, [path.join(root, 'bin', 'keshikomi'), 'migrate', '--json'], { stdio: 'ignore' });
  if (!process.env.BENCH_REUSE) {
    const t0 = Date.now();
    for (const statement of SEED(N)) psql(url, statement);
    console.log(`seeded ${N} payments and bills in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  require('reflect-metadata');
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require(path.join(root, 'dist', 'src', 'app.module.js'));
  const { ExceptionsService } = require(path.join(root, 'dist', 'src', 'exceptions', 'exceptions.service.js'));
  const { CashlessReportService } = require(path.join(root, 'dist', 'src', 'reports', 'cashless-report.service.js'));
  const { EvidenceService } = require(path.join(root, 'dist', 'src', 'matching', 'evidence', 'evidence.service.js'));
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const exceptions = app.get(ExceptionsService);
    const report = app.get(CashlessReportService);
    const evidence = app.get(EvidenceService);
    const [matched] = psql(url, `SELECT payment_id FROM match ORDER BY payment_id DESC LIMIT 1`).trim().split('\n');
    const [unmatched] = psql(url, `SELECT payment_id FROM recon_exception WHERE type = 'unknown_bill' ORDER BY id DESC LIMIT 1`)
      .trim()
      .split('\n');
    const rows = [
      await timed('exceptions: first page, open, by id', 200, () => exceptions.list({ status: 'open', limit: 50, sort: 'id' })),
      await timed('exceptions: first page, open, by 納付日 desc', 200, () =>
        exceptions.list({ status: 'open', limit: 50, sort: '-paidOn' }),
      ),
      await timed('exceptions: first page, all, by amount desc', 200, () => exceptions.list({ limit: 50, sort: '-amount' })),
      await timed('cashless report: fiscal 2026 by channel', 1000, () => report.report(2026, 'channel')),
      await timed('cashless report: fiscal 2026 by month', 1000, () => report.report(2026, 'month')),
      await timed('evidence card: matched payment', 300, () => evidence.forPayment(Number(matched), 'bench')),
      await timed('evidence card: payment for no known bill (nearest open bills)', 300, () =>
        evidence.forPayment(Number(unmatched), 'bench'),
      ),
    ];
    console.table(rows);
  } finally {
    await app.close();
  }
  if (!process.env.BENCH_KEEP) psql(admin, `DROP DATABASE ${NAME} WITH (FORCE)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
