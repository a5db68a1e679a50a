/**
 * Benchmark of the deposits reconciliation (入金照合): a bank statement of 100,000 入出金 rows matched set-based.
 *
 *   npx ts-node --transpile-only bench/deposits.ts [--entries 100000] [--providers 100]
 *
 * Needs a PostgreSQL server (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres). Into a fresh
 * database: `providers` payout sources (bank-counter, each with its own 振込依頼人名), and for each provider and
 * business day one expected payout of two payments (inserted directly: matching is not what is measured), so that
 * providers × days = entries. Then one `zengin-deposit` file of `entries` rows — a credit per payout, every 100th
 * 10円 short, every 200th missing, 1 in 1,000 from a payout source with nothing expected, and 出金 to fill — goes
 * through the real importer (parse, stage, COPY), and one reconciliation run pairs, judges and raises the deposit
 * exceptions. Prints the figures as
 * JSON: the rows, the seconds of each step, the statements issued by the run (a fixed number, whatever the rows:
 * no query per row) and the outcome by status.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { AppModule } from '../src/app.module';
import { addBusinessDays } from '../src/common/calendar';
import { Database } from '../src/database/database';
import { DepositsService } from '../src/deposits/deposits.service';
import { PayoutSourcesService } from '../src/deposits/payout-sources.service';
import { ImportService } from '../src/imports/import.service';
import { joinRecords, statementFile, type StatementEntryFields } from '../generator/layouts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTRIES = arg('entries', 100_000);
const PROVIDERS = arg('providers', 100);
const DAYS = Math.ceil(ENTRIES / PROVIDERS);
const FIRST_DAY = '2022-01-04';
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'keshikomi_bench_deposits';

const seconds = (from: bigint) => +(Number(process.hrtime.bigint() - from) / 1e9).toFixed(2);
const payerName = (i: number) => `ﾍﾞﾝﾁ ｼﾕｳﾉｳ ${String(i).padStart(3, '0')}`;
/** Two payments per payout: amounts from the provider and day alone. */
const amountOf = (i: number, d: number, k: number) => 1000 + ((i * 7 + d * 13 + k * 31) % 5000) * 10;

async function main(): Promise<void> {
  execFileSync('psql', [admin, '-qAt', '-c', `DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`, '-c', `CREATE DATABASE ${NAME}`]);
  const url = new URL(admin);
  url.pathname = `/${NAME}`;
  process.env.DATABASE_URL = url.toString();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const db = app.get(Database);
  await db.migrate();

  const days: string[] = [FIRST_DAY];
  while (days.length < DAYS) days.push(addBusinessDays(days[days.length - 1], 1));
  const sources = app.get(PayoutSourcesService);
  for (let i = 0; i < PROVIDERS; i++) {
    await sources.set({ format: 'bank-counter', provider: `P${String(i).padStart(3, '0')}`, payerName: payerName(i) }, 'bench');
  }

  // The expected side: providers × days payouts of two payments each, in one statement.
  let t = process.hrtime.bigint();
  const [{ id: batchId }] = await db.dataSource.query(
    `INSERT INTO import_batch (file_name, format, size_bytes, sha256, status, received_on, started_at,
                               imported_by, arrived_via, line_encoding)
     VALUES ('bench-payments', 'bank-counter', 0, repeat('b', 64), 'imported', $1, now(), 'bench', 'cli', 'cp932') RETURNING id`,
    [days[days.length - 1]],
  );
  await db.dataSource.query(
    `INSERT INTO payment (pairing_key, source_format, channel, provider_code, reference_valid, paid_on, amount, income_on, deposit_due_on,
                          state, has_preliminary, has_final, expects_preliminary, first_batch_id, first_line_no, last_batch_id)
     SELECT 'bench:' || i || ':' || d.n || ':' || k, 'bank-counter', 'bank_counter', 'P' || lpad(i::text, 3, '0'), false, d.day,
            1000 + ((i * 7 + d.n * 13 + k * 31) % 5000) * 10, d.day, d.day, 'final', false, true, false, $2, 1, $2
       FROM generate_series(0, $3 - 1) AS i, unnest($1::date[]) WITH ORDINALITY AS d(day, n), generate_series(0, 1) AS k
      WHERE (d.n - 1) * $3 + i < $4`,
    [days, batchId, PROVIDERS, ENTRIES],
  );
  const paymentsSeconds = seconds(t);

  // The statement: one credit per payout but the planted ones, by 勘定日.
  const entries: StatementEntryFields[] = [];
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    for (let i = 0; i < PROVIDERS && d * PROVIDERS + i < ENTRIES; i++, n++) {
      const expected = amountOf(i, d + 1, 0) + amountOf(i, d + 1, 1);
      if (n % 200 === 199) continue;
      const amount = n % 100 === 99 ? expected - 10 : expected;
      entries.push({ referenceNo: '', bookedOn: days[d], direction: 'credit', transactionCode: '11', amount, payerName: payerName(i) });
      if (n % 1000 === 500) {
        entries.push({
          referenceNo: '',
          bookedOn: days[d],
          direction: 'credit',
          transactionCode: '11',
          amount: 777,
          payerName: payerName(i),
        });
      }
    }
  }
  // 出金 (payroll, suppliers) make the statement exactly `entries` rows long.
  for (let d = 0; entries.length < ENTRIES; d = (d + 7) % DAYS) {
    entries.push({ referenceNo: '', bookedOn: days[d], direction: 'debit', transactionCode: '11', amount: 123_456, description: 'ｼﾊﾗｲ' });
  }
  entries.sort((x, y) => (x.bookedOn < y.bookedOn ? -1 : x.bookedOn > y.bookedOn ? 1 : 0));
  entries.forEach((e, i) => (e.referenceNo = String(i + 1).padStart(8, '0')));
  const out = path.join(__dirname, 'out');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `statement-${ENTRIES / 1000}k.dat`);
  const header = {
    bankCode: '0182',
    bankName: 'ｶｺﾞｼﾏ',
    branchCode: '141',
    branchName: 'ﾀﾙﾐｽﾞ',
    accountType: '1',
    accountNo: '0123456',
    accountName: 'ﾀﾙﾐｽﾞｼ',
    createdOn: days[days.length - 1],
    coveredFrom: days[0],
    coveredTo: days[days.length - 1],
    openingBalance: 1_000_000_000,
  };
  writeFileSync(file, joinRecords(statementFile(header, entries), '\r\n'));

  t = process.hrtime.bigint();
  const imported = await app
    .get(ImportService)
    .importFile(
      { fileName: path.basename(file), path: file },
      { format: 'zengin-deposit', receivedOn: header.createdOn, actor: 'bench', arrivedVia: 'cli' },
    );
  const importSeconds = seconds(t);

  // Every statement the run sends, counted at the query runner: a fixed number, however many rows.
  let statements = 0;
  const originalQuery = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof originalQuery>) {
    statements++;
    return originalQuery.apply(this, args);
  } as typeof originalQuery;
  t = process.hrtime.bigint();
  const run = await app.get(DepositsService).reconcile('bench');
  const reconcileSeconds = seconds(t);
  PostgresQueryRunner.prototype.query = originalQuery;
  // A second run (nothing changed): the same statements, and the slowest of them named.
  const slowest: { seconds: number; statement: string }[] = [];
  PostgresQueryRunner.prototype.query = async function (this: PostgresQueryRunner, ...args: Parameters<typeof originalQuery>) {
    const started = process.hrtime.bigint();
    try {
      return await originalQuery.apply(this, args);
    } finally {
      slowest.push({ seconds: seconds(started), statement: String(args[0]).replace(/\s+/g, ' ').slice(0, 90) });
    }
  } as typeof originalQuery;
  t = process.hrtime.bigint();
  const again = await app.get(DepositsService).reconcile('bench');
  const secondRunSeconds = seconds(t);
  PostgresQueryRunner.prototype.query = originalQuery;
  slowest.sort((x, y) => y.seconds - x.seconds).splice(3);
  const [{ exceptions }] = await db.dataSource.query(`SELECT count(*)::int AS exceptions FROM recon_exception`);

  process.stdout.write(
    JSON.stringify(
      {
        statementRows: entries.length,
        statementMiB: +(statSync(file).size / 2 ** 20).toFixed(1),
        expectedPayouts: ENTRIES,
        payments: ENTRIES * 2,
        providers: PROVIDERS,
        businessDays: DAYS,
        insertPaymentsSeconds: paymentsSeconds,
        importStatement: { seconds: importSeconds, status: imported.status, accepted: imported.accepted },
        reconcile: { seconds: reconcileSeconds, statements, outcome: run.statuses },
        secondRun: { seconds: secondRunSeconds, closed: again.closed, slowest },
        depositExceptions: exceptions,
      },
      null,
      2,
    ) + '\n',
  );
  await app.close();
  execFileSync('psql', [admin, '-qAt', '-c', `DROP DATABASE ${NAME} WITH (FORCE)`]);
}

void main();
