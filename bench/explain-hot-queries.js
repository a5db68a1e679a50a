#!/usr/bin/env node
'use strict';
/**
 * Writes docs/query-plans.md: the statements the hot screens run (captured as the built services run them),
 * each with EXPLAIN (ANALYZE, COSTS OFF) on the database `npm run bench:interactive` keeps with BENCH_KEEP=1
 * (keshikomi_bench_interactive: 1,000,000 payments and bills). Needs `npm run build`.
 *
 *   BENCH_KEEP=1 npm run bench:interactive && node bench/explain-hot-queries.js
 */
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const admin = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const url = new URL(admin);
url.pathname = '/keshikomi_bench_interactive';
process.env.DATABASE_URL = url.toString();

async function main() {
  require('reflect-metadata');
  const { NestFactory } = require('@nestjs/core');
  const dist = (...p) => require(path.join(root, 'dist', 'src', ...p));
  const { AppModule } = dist('app.module.js');
  const { Database } = dist('database', 'database.js');
  const { ExceptionsService } = dist('exceptions', 'exceptions.service.js');
  const { CashlessReportService } = dist('reports', 'cashless-report.service.js');
  const { EvidenceService } = dist('matching', 'evidence', 'evidence.service.js');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const db = app.get(Database);
  const one = async (sql) => (await db.dataSource.query(sql))[0];
  const matched = (await one(`SELECT max(payment_id)::int AS id FROM match`)).id;
  const unknown = (await one(`SELECT max(payment_id)::int AS id FROM recon_exception WHERE type = 'unknown_bill'`)).id;
  const screens = [
    ['Exception list, first page (未処理, by id)', () => app.get(ExceptionsService).list({ status: 'open', limit: 50, sort: 'id' })],
    [
      'Exception list, first page (未処理, by 納付日 descending)',
      () => app.get(ExceptionsService).list({ status: 'open', limit: 50, sort: '-paidOn' }),
    ],
    ['Cashless report, fiscal 2026 by channel', () => app.get(CashlessReportService).report(2026, 'channel')],
    ['Evidence card of a matched payment', () => app.get(EvidenceService).forPayment(matched, 'plans')],
    ['Evidence card of a payment for no known bill (nearest open bills)', () => app.get(EvidenceService).forPayment(unknown, 'plans')],
  ];
  const { payments } = await one(`SELECT count(*)::int AS payments FROM payment`);
  const out = [
    '# Query plans of the hot screens',
    '',
    `Written by \`node bench/explain-hot-queries.js\` on the database of \`npm run bench:interactive\` (${payments.toLocaleString('en')}`,
    'payments and as many bills, a fiscal year; bench/volume-seed.js): each statement the screen runs, captured as the',
    'built service runs it, with `EXPLAIN (ANALYZE, COSTS OFF)` (times are one run on a shared 2-core machine).',
    '`test/database/hot-query-plans.spec.ts` keeps the index-driven ones so (no sequential scan of a table that grows).',
    '',
  ];
  try {
    for (const [title, screen] of screens) {
      const captured = [];
      const query = db.dataSource.query.bind(db.dataSource);
      db.dataSource.query = (sql, params) => {
        if (/^\s*(SELECT|WITH)\b/i.test(sql)) captured.push({ sql, params: params ?? [] });
        return query(sql, params);
      };
      try {
        await screen();
      } finally {
        db.dataSource.query = query;
      }
      out.push(`## ${title}`, '');
      for (const { sql, params } of captured) {
        const plan = await db.dataSource.query(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
        out.push('```sql', sql.replace(/^\s*\n/, '').replace(/\s+$/, ''), '```', '', '```');
        out.push(...plan.map((r) => r['QUERY PLAN']), '```', '');
      }
    }
  } finally {
    await app.close();
  }
  writeFileSync(path.join(root, 'docs', 'query-plans.md'), out.join('\n'));
  console.log('wrote docs/query-plans.md');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
