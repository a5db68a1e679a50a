import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import { Logger as JsonLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AuthError } from './auth/auth.errors';
import { passwordProblem } from './auth/password';
import { isTerminal, promptHidden, readFirstLine } from './auth/password-input';
import { ROLES, Role } from './auth/roles';
import { UsersService } from './auth/users.service';
import { AuditService, AuditVerification, Checkpoint, parseCheckpoint } from './audit/audit.service';
import { BatchQueue, isConnectionFault } from './batch/batch-queue';
import { BatchService } from './batch/batch.service';
import { NightJobsService } from './batch/night-jobs.service';
import { parseYmd, todayInTokyo } from './common/calendar';
import { EXCEPTION_STATUSES, EXCEPTION_TYPES, FORMATS, FormatCode, PAYOUT_FEES, type PayoutFees } from './common/codes';
import { StderrLogger } from './common/stderr-logger';
import { tableCsv, tableXlsx } from './common/table-export';
import { APP_ROLE_NAME, grantAppRole } from './database/app-role';
import { Database } from './database/database';
import { DepositError } from './deposits/deposits.errors';
import { DepositsService } from './deposits/deposits.service';
import { PayoutSourcesService } from './deposits/payout-sources.service';
import { ExceptionsService } from './exceptions/exceptions.service';
import { ExportTargetsService } from './exports/export-targets.service';
import { ExportsService, RunResult, writeAtomically } from './exports/exports.service';
import { dunningHoldView, failedDebitView, targetView } from './exports/exports.view';
import { DomainError } from './common/domain-error';
import type { ImportResult } from './imports/import.service';
import { IntakeResult, IntakeService } from './imports/intake.service';
import { ServiceModule } from './service.module';
import { REPORT_GROUPINGS, ReportGrouping } from './reports/cashless-report.dto';
import { CashlessReportService } from './reports/cashless-report.service';
import { cashlessTable } from './reports/report-export';
import { AdoptionService } from './books/adoption.service';
import { adoptionTable, inspectionTable, journalTable, settlementTable } from './books/books-export';
import type { InspectionBalanceDto, InspectionPayoutDto } from './books/books.dto';
import { BooksService } from './books/books.service';
import { printedNow, renderTable, TABLE_FORMATS, type ExportTable, type PrintContext, type TableFormat } from './common/table-export';
import { AppConfig } from './config/app-config';
import { exceptionsTable } from './exceptions/exceptions-export';

/** contract.md: exit 0 on success, 2 on bad input (reason on stderr), 1 on any other failure. */
class BadInput extends Error {}

const isoDate = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !parseYmd(value.replace(/-/g, ''))) {
    throw new InvalidArgumentError(`日付は YYYY-MM-DD で指定してください / expected a date YYYY-MM-DD, got ${value}`);
  }
  return value;
};

const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** A refusal of what the command was given (an unknown system, a bad setting) is bad input: exit 2. */
async function asBadInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'not_found')) throw new BadInput(error.message);
    throw error;
  }
}

const fiscalYearArg = (v: string): number => {
  if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('fiscal year must be 4 digits');
  return Number(v);
};

const monthArg = (v: string): string => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v))
    throw new InvalidArgumentError(`月は YYYY-MM で指定してください / expected a month YYYY-MM, got ${v}`);
  return v;
};

/** `--format F --out FILE` of every report (contract.md): both or neither. */
interface FileOptions {
  format?: TableFormat;
  out?: string;
  json?: boolean;
}

const formatOption = () =>
  new Option('--format <format>', 'write a file instead: csv (UTF-8 BOM), csv-sjis (CP932) or xlsx').choices(TABLE_FORMATS);

/**
 * Writes a report's file when `--format` asks for one (a temporary name, then renamed: never half a file) and says
 * so; false when the report is to be printed instead.
 */
async function writeReportFile(opts: FileOptions, table: () => ExportTable): Promise<boolean> {
  if (!opts.format && !opts.out) return false;
  if (!opts.format || !opts.out) throw new BadInput('--format と --out は一緒に指定してください / give --format and --out together');
  const file = await renderTable(table(), opts.format);
  const out = resolve(opts.out);
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, file.body);
  renameSync(temporary, out);
  print(!!opts.json, { file: out, format: opts.format, bytes: file.body.length }, () => `wrote ${out} (${file.body.length} bytes)`);
  return true;
}

function printContext(app: INestApplicationContext): PrintContext {
  return printedNow(app.get(AppConfig).MUNICIPALITY_CODE, cliActor(undefined));
}

function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

async function withApp<T>(fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule, {
    logger: new StderrLogger('keshikomi', { logLevels: ['error', 'warn'] }),
  });
  try {
    const db = app.get(Database);
    // The embedded database belongs to keshikomi: keep it migrated. A real server is migrated only
    // by `keshikomi migrate`.
    if (db.embedded) await db.migrate();
    return await fn(app);
  } finally {
    await app.close();
  }
}

function progressBar(enabled: boolean) {
  if (!enabled || !process.stderr.isTTY) return { update: undefined, stop: () => undefined };
  const bar = new SingleBar({ stream: process.stderr, format: '{file} [{bar}] {percentage}% {value}/{total} bytes', hideCursor: true });
  let started = false;
  return {
    update: (file: string) => (done: number, total: number) => {
      if (!started) {
        bar.start(total, 0, { file });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { file });
    },
    stop: () => started && bar.stop(),
  };
}

/** stderr lists this many problems of a file; the JSON lists 100 and the API pages them all. */
const PRINTED_PROBLEMS = 20;

/** Rejected lines and refused files go to stderr naming file, line and field, 20 per file at most; exit 2 if any. */
function reportProblems(files: ImportResult[]): void {
  for (const file of files) {
    for (const error of file.errors.slice(0, PRINTED_PROBLEMS)) {
      const where = error.line === null ? file.file : `${file.file}:${error.line}`;
      process.stderr.write(`${where}${error.field ? ` ${error.field}` : ''}: ${error.message}\n`);
    }
    const more = file.errorCount - Math.min(file.errors.length, PRINTED_PROBLEMS);
    if (more > 0) {
      const n = more.toLocaleString('en-US');
      process.stderr.write(`${file.file}: … 他 ${n} 件 / and ${n} more (--json, GET /api/imports/:id/lines?status=rejected)\n`);
    }
  }
  if (files.some((f) => f.status === 'failed' || f.rejected > 0 || f.errorCount > 0)) {
    throw new BadInput(`${files.filter((f) => f.errorCount).length} file(s) with problems`);
  }
}

/** Who runs the CLI, for the import batches and audit rows: `--actor`, else the OS user. */
function cliActor(named: string | undefined): string {
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

/** A whole number ≥ 0 (yen, business days). */
const wholeNumber = (value: string): number => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`0以上の整数で指定してください / expected a whole number, got ${value}`);
  return Number(value);
};

/** A percentage 0 ≤ p < 100, at most 4 decimals. */
const percent = (value: string): number => {
  if (!/^\d{1,2}(\.\d{1,4})?$/.test(value))
    throw new InvalidArgumentError(`百分率で指定してください（例 3.24） / expected a percentage such as 3.24, got ${value}`);
  return Number(value);
};

interface PayoutSourceOptions {
  format: string;
  provider: string;
  payerName: string;
  fees: PayoutFees;
  feePerItem: number;
  feeRate: number;
  toleranceDays: number;
  lagDays: number;
  actor?: string;
  json?: boolean;
}

interface ImportCommandOptions {
  format: FormatCode | 'auto';
  receivedOn?: string;
  dryRun?: boolean;
  actor?: string;
  json?: boolean;
}

const actorOption = () => new Option('--actor <name>', 'who runs this, named on import batches and audit rows (default: the OS user)');

function summarize(result: IntakeResult): string {
  const lines = result.files.map(
    (f) =>
      `${f.status.padEnd(9)} ${f.format.padEnd(12)} ${f.file}  records=${f.records} accepted=${f.accepted} rejected=${f.rejected}` +
      (f.warningCount ? ` warnings=${f.warningCount}` : '') +
      (f.duplicateOf ? ` (duplicate of import #${f.duplicateOf})` : '') +
      (f.releasedHeld ? ` (released held upload #${f.batchId})` : '') +
      (f.dryRun ? ' [dry-run]' : ''),
  );
  if (result.match) {
    lines.push(
      `matched ${result.match.matched} of ${result.match.evaluated} evaluated; open exceptions: ` +
        Object.entries(result.match.flagged)
          .map(([t, n]) => `${t}=${n}`)
          .join(' '),
    );
  }
  return lines.join('\n');
}

const UNKEYED_NOTE =
  '注意: 監査ログは鍵なしです (KESHIKOMI_AUDIT_KEY_FILE) / note: the audit chain is unkeyed: ' +
  'whoever can write the database could rewrite it unnoticed after the last checkpoint';

function checkpointArgument(value: string): Checkpoint {
  try {
    return parseCheckpoint(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function describeVerification(result: AuditVerification): string {
  if (!result.ok) return `監査ログの改ざんを検知 / audit chain broken at row ${result.broken!.id}: ${result.broken!.reason}`;
  const lines = [
    `監査ログは正常です / audit chain intact: ${result.checked} rows` + (result.keyed ? ` (keyed from row ${result.keyedFrom})` : ''),
  ];
  if (result.checkpoint) lines.push(`チェックポイント ${result.checkpoint.id} 一致 / checkpoint ${result.checkpoint.id} matches`);
  if (!result.keyed && result.keyConfigured) {
    lines.push('鍵が設定されています: 次の行から鍵付き / an audit key is configured: rows are keyed from the next one on');
  }
  if (!result.keyConfigured) lines.push(`鍵なし / unkeyed: ${UNKEYED_NOTE}`);
  return lines.join('\n');
}

/** What the CLI reads besides argv: the password comes from here (tests pass their own). */
export interface CliIo {
  stdin?: Readable;
}

/** `--password-stdin`: the first line of stdin; otherwise asked twice on the terminal without echo. */
async function readNewPassword(fromStdin: boolean, io: CliIo): Promise<string> {
  const input = io.stdin ?? process.stdin;
  let password: string;
  if (fromStdin) {
    password = await readFirstLine(input);
  } else {
    if (!isTerminal(input))
      throw new BadInput(
        '端末がありません: --password-stdin でパスワードを渡してください / no terminal: pass the password with --password-stdin',
      );
    password = await promptHidden('パスワード / password: ', input);
    if ((await promptHidden('もう一度 / again: ', input)) !== password)
      throw new BadInput('パスワードが一致しません / the passwords differ');
  }
  const problem = passwordProblem(password);
  if (problem) throw new BadInput(problem);
  return password;
}

const yenText = (n: number) => `${n.toLocaleString('ja-JP')} 円`;

/** 例月出納検査: one payout not (fully) in the account, as the text report prints it. */
function inspectionPayoutLine(p: InspectionPayoutDto): string {
  const arrived = p.arrivedOn ? `着金 ${p.arrivedOn} ${yenText(p.arrivedAmount!)}` : '着金なし';
  return (
    `${p.format}:${p.provider} 収入日 ${p.dueOn} ${p.expectedCount} 件 予定 ${yenText(p.expectedAmount)} ` +
    `${arrived} 差額 ${yenText(p.difference)} ${p.statusLabel}`
  );
}

/** 例月出納検査: the closing balance beside the net collections, and the steps between. */
function inspectionBalanceLines(b: InspectionBalanceDto): string[] {
  const head = `収入純額 ${yenText(b.netCollections)} (収入 ${yenText(b.receipts)} − 還付の支出 ${yenText(b.refundsPaid)})`;
  if (!b.account) return [head, '月末残高: 当月の入出金取引明細がありません'];
  return [
    head,
    `月末残高 ${yenText(b.account.closingBalance)} (${b.account.asOf}, ${b.account.fileName}) 差 ${yenText(b.difference!)}`,
    ...b.steps.map((s) => `  ${s.label}: ${yenText(s.amount)}`),
    `  説明できない差: ${yenText(b.unexplained!)}`,
  ];
}

function outputIntake(json: boolean, result: IntakeResult & { exports?: RunResult[] }): void {
  // The nightly batch also says which 収納結果 it wrote (KESHIKOMI_BATCH_EXPORTS).
  const exported = result.exports?.map(({ run, system, rows, amount, file }) => ({ run, system, rows, amount, file }));
  print(json, { files: result.files, match: result.match, ...(exported ? { exports: exported } : {}) }, () =>
    [
      summarize(result),
      ...(exported ?? []).map((r) => `exported #${r.run} ${r.system}: ${r.rows} rows ${r.amount} yen ${r.file ?? ''}`),
    ].join('\n'),
  );
  reportProblems(result.files);
}

export function buildProgram(io: CliIo = {}): Command {
  const program = new Command('keshikomi')
    .description('消込: reconcile 垂水市 public payments (調定 × 収納) and report the cashless share')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('migrate')
    .description('apply pending migrations')
    .option('--app-role <role>', 'then grant the role the service runs as what it needs (it owns nothing)', (role: string) => {
      if (!APP_ROLE_NAME.test(role)) throw new InvalidArgumentError(`ロール名は a-z 0-9 _ です / a role name is a-z 0-9 _, got ${role}`);
      return role;
    })
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { appRole?: string; json?: boolean }) => {
      const app = await NestFactory.createApplicationContext(AppModule, {
        logger: new StderrLogger('keshikomi', { logLevels: ['error', 'warn'] }),
      });
      try {
        const db = app.get(Database);
        const applied = await db.migrate();
        if (opts.appRole) await grantAppRole(db.dataSource, opts.appRole);
        print(
          !!opts.json,
          { applied, ...(opts.appRole ? { grantedTo: opts.appRole } : {}) },
          () =>
            (applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations') +
            (opts.appRole ? `; granted to ${opts.appRole}` : ''),
        );
      } finally {
        await app.close();
      }
    });

  program
    .command('import')
    .description('import files of one format, then match')
    .addOption(new Option('--format <format>', 'file format (auto: detected per file)').choices(['auto', ...FORMATS]).makeOptionMandatory())
    .argument('<files...>', 'files to import')
    .option('--received-on <date>', 'the day the files arrived (YYYY-MM-DD, default today in Tokyo)', isoDate)
    .option('--dry-run', 'parse and validate, write nothing')
    .addOption(actorOption())
    .option('--json', 'print JSON on stdout')
    .action(async (files: string[], opts: ImportCommandOptions) => {
      const missing = files.filter((f) => !existsSync(f));
      if (missing.length) throw new BadInput(`ファイルがありません / no such file: ${missing.join(', ')}`);
      await withApp(async (app) => {
        const bar = progressBar(true);
        const result = await app.get(IntakeService).intake(
          files.map((path) => ({ source: { fileName: basename(path), path: resolve(path) }, format: opts.format })),
          {
            receivedOn: opts.receivedOn ?? todayInTokyo(),
            dryRun: opts.dryRun,
            actor: cliActor(opts.actor),
            arrivedVia: 'cli',
            onProgress: bar.update?.(opts.format),
          },
        );
        bar.stop();
        outputIntake(!!opts.json, result);
      });
    });

  program
    .command('match')
    .description('re-run matching over everything undecided')
    .addOption(actorOption())
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { actor?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const match = await app.get(IntakeService).match(cliActor(opts.actor));
        print(!!opts.json, { match }, () => `matched ${match.matched} of ${match.evaluated} evaluated, reversed ${match.reversed}`);
      });
    });

  program
    .command('exceptions')
    .description('list exceptions')
    .addOption(new Option('--status <status>').choices(EXCEPTION_STATUSES as readonly string[]))
    .addOption(new Option('--type <type>').choices(Object.keys(EXCEPTION_TYPES)))
    .option('--date <date>', '納付日 (YYYY-MM-DD)', isoDate)
    .addOption(formatOption())
    .option('--out <file>', 'the file --format writes')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { status?: never; type?: never; date?: string } & FileOptions) => {
      await withApp(async (app) => {
        const filter = { status: opts.status, type: opts.type, date: opts.date };
        const rows = await app.get(ExceptionsService).all(filter);
        if (await writeReportFile(opts, () => exceptionsTable(rows, filter, printContext(app)))) return;
        const exceptions = rows.map(({ typeLabel: _label, assignee: _assignee, ...contract }) => contract);
        print(
          !!opts.json,
          { exceptions },
          () =>
            rows
              .map(
                (e) =>
                  `#${e.id} ${e.type} (${e.typeLabel}) ${e.status} ` +
                  `${e.billNumber ?? ''} ${e.paidOn ?? ''} ${e.paidAmount ?? ''} ${e.detail}`,
              )
              .join('\n') || 'no exceptions',
        );
      });
    });

  const payoutSource = program
    .command('payout-source')
    .description('入金元: who pays out a provider’s collections into the city’s account');
  payoutSource
    .command('set')
    .description('set a payout source: the 振込依頼人名 the bank statement shows, fees, tolerance and lag')
    .addOption(
      new Option('--format <format>', 'the format of the provider’s files').choices(FORMATS as readonly string[]).makeOptionMandatory(),
    )
    .requiredOption('--provider <key>', 'provider key (formats.md "収入日 and payout keys"; counter cash: counter)')
    .requiredOption('--payer-name <kana>', '振込依頼人名 as the bank shows it (matched after folding)')
    .addOption(
      new Option('--fees <fees>', 'the payout is gross, or net of fees').choices(PAYOUT_FEES as readonly string[]).default('gross'),
    )
    .option('--fee-per-item <yen>', 'fee per payment (yen)', wholeNumber, 0)
    .option('--fee-rate <percent>', 'fee rate (percent of the amount)', percent, 0)
    .option('--tolerance-days <n>', 'business days a payout may come after its 収入日 and be on time', wholeNumber, 0)
    .option('--lag-days <n>', 'qr-counter: business days from the transaction to the credit', wholeNumber, 1)
    .addOption(actorOption())
    .option('--json', 'print JSON on stdout')
    .action(async (opts: PayoutSourceOptions) => {
      await withApp(async (app) => {
        const source = await app
          .get(PayoutSourcesService)
          .set(
            {
              format: opts.format,
              provider: opts.provider,
              payerName: opts.payerName,
              fees: opts.fees,
              feePerItem: opts.feePerItem,
              feeRate: opts.feeRate,
              toleranceDays: opts.toleranceDays,
              lagDays: opts.lagDays,
            },
            cliActor(opts.actor),
          )
          .catch((error: unknown) => {
            // A payout source the terms refuse is bad input (exit 2), as a bad flag is.
            throw error instanceof DepositError ? new BadInput(error.message) : error;
          });
        print(
          !!opts.json,
          { payoutSource: source },
          () => `payout source ${source.format} ${source.providerCode}: ${source.payerName} (${source.fees})`,
        );
      });
    });
  payoutSource
    .command('list')
    .description('list the payout sources')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      await withApp(async (app) => {
        const payoutSources = await app.get(PayoutSourcesService).list();
        print(
          !!opts.json,
          { payoutSources },
          () =>
            payoutSources
              .map((s) => `${s.format} ${s.providerCode}: ${s.payerName} ${s.fees} ${s.feePerItem}円/件 ${s.feeRate}% ±${s.toleranceDays}`)
              .join('\n') || 'no payout sources',
        );
      });
    });

  program
    .command('deposits')
    .description('expected payouts (provider × 収入日) against the deposits of the imported zengin-deposit statements')
    .option('--from <date>', 'first 収入日 (YYYY-MM-DD)', isoDate)
    .option('--to <date>', 'last 収入日 (YYYY-MM-DD)', isoDate)
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const rows = await app.get(DepositsService).list(opts.from, opts.to);
        const deposits = rows.map((r) => ({
          format: r.format,
          provider: r.provider,
          dueOn: r.dueOn,
          expectedCount: r.expectedCount,
          expectedAmount: r.expectedAmount,
          arrivedOn: r.arrivedOn,
          arrivedAmount: r.arrivedAmount,
          status: r.status,
        }));
        print(
          !!opts.json,
          { deposits },
          () =>
            deposits
              .map(
                (d) =>
                  `${d.dueOn ?? '—'.padEnd(10)} ${d.format.padEnd(14)} ${d.provider.padEnd(12)} ${d.status.padEnd(10)} ` +
                  `expected ${d.expectedAmount ?? '—'} arrived ${d.arrivedAmount ?? '—'} ${d.arrivedOn ?? ''}`,
              )
              .join('\n') || 'no deposits',
        );
      });
    });

  const report = program.command('report').description('reports');
  report
    .command('cashless')
    .description('the cashless-share report for a fiscal year')
    .requiredOption('--fiscal-year <year>', 'fiscal year (FY2026 = 令和8年度)', fiscalYearArg)
    .addOption(new Option('--by <grouping>').choices(REPORT_GROUPINGS as readonly string[]).default('channel'))
    .addOption(formatOption())
    .option('--out <file>', 'the file --format writes')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { fiscalYear: number; by: ReportGrouping } & FileOptions) => {
      await withApp(async (app) => {
        const r = await app.get(CashlessReportService).report(opts.fiscalYear, opts.by);
        if (await writeReportFile(opts, () => cashlessTable(r, printContext(app)))) return;
        print(!!opts.json, r, () =>
          [
            `FY${r.fiscalYear} cashless ${(r.total.shareByCount * 100).toFixed(1)}% by count, ` +
              `${(r.total.shareByAmount * 100).toFixed(1)}% by amount (target ${r.target * 100}%)`,
            ...r.rows.map(
              (row) =>
                `  ${row.label}: ${row.count} 件 ${row.amount.toLocaleString('ja-JP')} 円  cashless ${(row.shareByCount * 100).toFixed(1)}%`,
            ),
          ].join('\n'),
        );
      });
    });

  report
    .command('journal')
    .description('収入日計表 (--date) or 月計表 (--month): by 収入日 × 科目 × 年度区分 × channel')
    .option('--date <date>', '収入日 (YYYY-MM-DD)', isoDate)
    .option('--month <month>', 'month (YYYY-MM)', monthArg)
    .addOption(formatOption())
    .option('--out <file>', 'the file --format writes')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { date?: string; month?: string } & FileOptions) => {
      if (!opts.date === !opts.month)
        throw new BadInput('--date か --month のどちらか一方を指定してください / give either --date or --month');
      await withApp(async (app) => {
        const j = await app.get(BooksService).journal({ date: opts.date, month: opts.month });
        if (await writeReportFile(opts, () => journalTable(j, printContext(app)))) return;
        const { rows, total, pending, cumulative } = j;
        const contract = {
          rows: rows.map((r) => ({
            date: r.date,
            category: r.category,
            account: r.account,
            yearClass: r.yearClass,
            channel: r.channel,
            count: r.count,
            amount: r.amount,
            fiscalYear: r.fiscalYear,
          })),
          total,
          pending,
          ...(cumulative ? { cumulative, cumulativeFiscalYear: j.cumulativeFiscalYear } : {}),
          files: j.files,
          tiedToFiles: j.tiedToFiles,
        };
        print(!!opts.json, contract, () =>
          [
            `${j.kind === 'day' ? '収入日計表' : '月計表'} ${j.period}: ` +
              `${total.count} 件 ${total.amount.toLocaleString('ja-JP')} 円 (収入日未確定 ${pending} 件)`,
            ...rows.map(
              (r) => `  ${r.date} ${r.category ?? '--'} ${r.yearClass} ${r.channel}: ${r.count} 件 ${r.amount.toLocaleString('ja-JP')} 円`,
            ),
            ...(cumulative
              ? [`  年度累計 FY${j.cumulativeFiscalYear}: ${cumulative.count} 件 ${cumulative.amount.toLocaleString('ja-JP')} 円`]
              : []),
          ].join('\n'),
        );
      });
    });

  report
    .command('settlement')
    .description('決算: 調定額, 収入済額, 不納欠損額, 還付未済額, 収入未済額 by 科目 × 年度区分')
    .requiredOption('--fiscal-year <year>', 'fiscal year (FY2025 = 令和7年度)', fiscalYearArg)
    .addOption(formatOption())
    .option('--out <file>', 'the file --format writes')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { fiscalYear: number } & FileOptions) => {
      await withApp(async (app) => {
        const s = await app.get(BooksService).settlement(opts.fiscalYear);
        if (await writeReportFile(opts, () => settlementTable(s, printContext(app)))) return;
        const rows = s.rows.map((r) => ({
          category: r.category,
          yearClass: r.yearClass,
          assessed: r.assessed,
          collected: r.collected,
          writtenOff: r.writtenOff,
          refundUnpaid: r.refundUnpaid,
          uncollected: r.uncollected,
          account: r.account,
          identityHolds: r.identityHolds,
        }));
        print(!!opts.json, { fiscalYear: s.fiscalYear, closedOn: s.closedOn, final: s.final, rows, total: s.total }, () =>
          [
            `決算 FY${s.fiscalYear}${s.final ? '' : ' (出納閉鎖前・暫定)'}: ${s.identity}`,
            ...s.rows.map(
              (r) =>
                `  ${r.category ?? '--'} ${r.yearClass}: 調定 ${r.assessed} 収入済 ${r.collected} 欠損 ${r.writtenOff} ` +
                `還付未済 ${r.refundUnpaid} 収入未済 ${r.uncollected} ${r.identityHolds ? '✓' : '✗'}`,
            ),
          ].join('\n'),
        );
      });
    });

  report
    .command('inspection')
    .description(
      '例月出納検査資料 of a month: receipts by 科目 and channel, open exceptions, missing payouts, counter cash not paid in, closing balance',
    )
    .requiredOption('--month <month>', 'month (YYYY-MM)', monthArg)
    .addOption(formatOption())
    .option('--out <file>', 'the file --format writes')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { month: string } & FileOptions) => {
      await withApp(async (app) => {
        const i = await app.get(BooksService).inspection(opts.month);
        if (await writeReportFile(opts, () => inspectionTable(i, printContext(app)))) return;
        print(!!opts.json, i, () =>
          [
            `例月出納検査資料 ${i.month}: 収入 ${i.receiptsTotal.count} 件 ${i.receiptsTotal.amount.toLocaleString('ja-JP')} 円`,
            ...i.openExceptions.map((e) => `  未処理 ${e.typeLabel}: ${e.count} 件 ${e.paidAmount.toLocaleString('ja-JP')} 円`),
            `未着・不足の払込: ${i.missingPayouts.length} 件`,
            ...i.missingPayouts.map((p) => `  ${inspectionPayoutLine(p)}`),
            `窓口現金の未払込: ${i.counterCashNotDeposited.length} 件`,
            ...i.counterCashNotDeposited.map((p) => `  ${inspectionPayoutLine(p)}`),
            ...inspectionBalanceLines(i.balance),
          ].join('\n'),
        );
      });
    });

  report
    .command('adoption')
    .description('導入率 (手続台帳) and 利用率, monthly trend and the projection to 令和12年度末')
    .requiredOption('--fiscal-year <year>', 'fiscal year', fiscalYearArg)
    .addOption(formatOption())
    .option('--out <file>', 'the file --format writes')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { fiscalYear: number } & FileOptions) => {
      await withApp(async (app) => {
        const a = await app.get(AdoptionService).adoption(opts.fiscalYear);
        if (await writeReportFile(opts, () => adoptionTable(a, printContext(app)))) return;
        print(!!opts.json, a, () =>
          [
            `導入率 ${(a.adoptionShare * 100).toFixed(1)}% (${a.proceduresAccepting}/${a.proceduresTotal}), ` +
              `目標まで ${(a.gap * 100).toFixed(1)} pt; 利用率 ${(a.usageByCount * 100).toFixed(1)}% (件数)`,
            `令和12年度末の見込み: 導入率 ${(a.projection.adoptionShare * 100).toFixed(1)}%, ` +
              `利用率 ${a.projection.usageByCount === null ? '—' : `${(a.projection.usageByCount * 100).toFixed(1)}%`}`,
            a.projection.method,
          ].join('\n'),
        );
      });
    });

  program
    .command('batch')
    .description('import every new file in an inbox (format from its subfolder), then match')
    .requiredOption('--inbox <dir>', 'inbox folder')
    .option('--received-on <date>', 'the day the files arrived (default today in Tokyo)', isoDate)
    .option('--dates-from-names', 'take each file as received on the YYYYMMDD in its name (replaying an archive)')
    .option('--archive', 'move imported files to archive/YYYY-MM-DD/ and refused ones to failed/ (with a .error.txt)')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { inbox: string; receivedOn?: string; datesFromNames?: boolean; archive?: boolean; json?: boolean }) => {
      if (!existsSync(opts.inbox)) throw new BadInput(`受信フォルダがありません / no such inbox: ${opts.inbox}`);
      await withApp(async (app) => {
        outputIntake(
          !!opts.json,
          await app.get(BatchService).run(opts.inbox, {
            receivedOn: opts.receivedOn ?? todayInTokyo(),
            datesFromNames: opts.datesFromNames,
            archive: opts.archive,
          }),
        );
      });
    });

  const exportTarget = program.command('export-target').description('business systems that receive 収納結果 (連携先)');
  exportTarget
    .command('set')
    .description('create or change a business system: its categories, encoding, drop folder and columns')
    .requiredOption('--system <system>', 'the system (tax, kokuho, …)')
    .requiredOption('--categories <codes>', '科目コード, comma-separated (01,02,03,04)', commaList)
    .addOption(new Option('--encoding <encoding>').choices(['cp932', 'utf8']))
    .option('--dir <dir>', 'absolute folder the files go to (empty: none)')
    .option('--name <name>', '名称 (税務システム)')
    .option('--columns <keys>', 'columns in file order (contract columns left out are added at the end)', commaList)
    .addOption(actorOption())
    .option('--json', 'print JSON on stdout')
    .action(
      async (opts: {
        system: string;
        categories: string[];
        encoding?: 'cp932' | 'utf8';
        dir?: string;
        name?: string;
        columns?: string[];
        actor?: string;
        json?: boolean;
      }) => {
        await withApp(async (app) => {
          const { actor, json, ...request } = opts;
          const target = targetView(await asBadInput(() => app.get(ExportTargetsService).set(request, cliActor(actor))));
          print(
            !!json,
            { target },
            () =>
              `${target.system} (${target.name}): 科目 ${target.categories.join(',')} ${target.encoding} → ` +
              (target.dir ?? '(フォルダなし / no folder)'),
          );
        });
      },
    );

  const exportCommand = program.command('export').description('連携出力: 収納結果, 督促抑止リスト, 口座振替不能一覧');
  exportCommand
    .command('results')
    .description('収納結果: one CSV per system with every event it has not been sent (or of the days --from/--to, or a re-send)')
    .option('--system <system>', 'one system (default: every system)')
    .option('--since-last', 'the events not yet sent to the system (the default)')
    .option('--from <date>', 'events recorded from this Tokyo day (with --to; sends them again, marks nothing)', isoDate)
    .option('--to <date>', 'events recorded up to this Tokyo day', isoDate)
    .option('--resend <run>', 'write the bytes of that run again', (v) => {
      if (!/^\d{1,15}$/.test(v)) throw new InvalidArgumentError('run must be a run number');
      return Number(v);
    })
    .option('--out <file>', 'also write the file here')
    .addOption(new Option('--encoding <encoding>', "this run's encoding instead of the system's").choices(['cp932', 'utf8']))
    .addOption(actorOption())
    .option('--json', 'print JSON on stdout')
    .action(
      async (opts: {
        encoding?: 'cp932' | 'utf8';
        system?: string;
        sinceLast?: boolean;
        from?: string;
        to?: string;
        resend?: number;
        out?: string;
        actor?: string;
        json?: boolean;
      }) => {
        if (!!opts.from !== !!opts.to) throw new BadInput('--from と --to は一緒に指定します / --from and --to go together');
        if ([opts.sinceLast, opts.from, opts.resend !== undefined].filter(Boolean).length > 1) {
          throw new BadInput('--since-last, --from/--to, --resend はどれか一つです / choose one of --since-last, --from/--to, --resend');
        }
        if ((opts.from || opts.out) && !opts.system && opts.resend === undefined) {
          throw new BadInput('--from/--to と --out には --system が要ります / --from/--to and --out need --system');
        }
        await withApp(async (app) => {
          const exporter = app.get(ExportsService);
          const actor = cliActor(opts.actor);
          let results: RunResult[];
          if (opts.resend !== undefined) {
            const { content, ...result } = await asBadInput(() => exporter.resend(opts.resend!, actor));
            if (opts.out) await writeAtomically(resolve(opts.out), content);
            results = [result];
          } else if (opts.system) {
            const range = opts.from && opts.to ? { from: opts.from, to: opts.to } : undefined;
            const result = await asBadInput(() => exporter.results(opts.system!, { actor, range, encoding: opts.encoding }));
            if (opts.out) await writeAtomically(resolve(opts.out), (await exporter.runFile(result.run, 'csv', actor)).body);
            results = [result];
          } else {
            results = await exporter.resultsForAll(actor);
          }
          const contract = results.map(({ run, system, rows, amount, file }) => ({ run, system, rows, amount, file: opts.out ?? file }));
          print(
            !!opts.json,
            opts.system || opts.resend !== undefined ? contract[0] : { runs: contract },
            () =>
              results.map((r) => `#${r.run} ${r.system}: ${r.rows} 件 ${r.amount.toLocaleString('ja-JP')} 円 ${r.file ?? ''}`).join('\n') ||
              'no export targets (export-target set)',
          );
        });
      },
    );
  exportCommand
    .command('dunning-hold')
    .description("督促抑止リスト: the system's bills with money received (速報 included) whose 確報 it has not been sent")
    .requiredOption('--system <system>', 'the system')
    .requiredOption('--as-of <date>', 'the day (YYYY-MM-DD)', isoDate)
    .option('--out <file>', "write it here: .xlsx, or a CSV in the system's encoding")
    .addOption(actorOption())
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { system: string; asOf: string; out?: string; actor?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const exporter = app.get(ExportsService);
        const { target, rows } = await asBadInput(() => exporter.dunningHold(opts.system, opts.asOf));
        if (opts.out) {
          const table = exporter.dunningHoldTable(target, opts.asOf, rows, cliActor(opts.actor));
          const body = /\.xlsx$/i.test(opts.out) ? await tableXlsx(table) : tableCsv(table, target.encoding, true);
          await writeAtomically(resolve(opts.out), body);
        }
        print(
          !!opts.json,
          { system: target.system, asOf: opts.asOf, rows: rows.map(dunningHoldView), file: opts.out ?? null },
          () => rows.map((r) => `${r.bill_number} ${r.payer_id} ${r.paid_on} ${r.amount} ${r.known_as}`).join('\n') || 'none',
        );
      });
    });
  exportCommand
    .command('failed-debits')
    .description('口座振替不能一覧 with 振替結果コード and 宛名番号')
    .requiredOption('--from <date>', '引落日 from (YYYY-MM-DD)', isoDate)
    .requiredOption('--to <date>', '引落日 to (YYYY-MM-DD)', isoDate)
    .option('--out <file>', 'write it here: .xlsx, or a CSV (UTF-8 with BOM)')
    .addOption(actorOption())
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { from: string; to: string; out?: string; actor?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const exporter = app.get(ExportsService);
        const rows = await asBadInput(() => exporter.failedDebits(opts.from, opts.to));
        if (opts.out) {
          const table = exporter.failedDebitsTable(opts.from, opts.to, rows, cliActor(opts.actor));
          await writeAtomically(resolve(opts.out), (await exporter.render(table, /\.xlsx$/i.test(opts.out) ? 'xlsx' : 'csv')).body);
        }
        print(
          !!opts.json,
          { failedDebits: rows.map(failedDebitView), file: opts.out ?? null },
          () =>
            rows.map((r) => `${r.debit_on} ${r.result_code} ${r.payer_id ?? '-'} ${r.bill_number ?? '-'} ${r.amount}`).join('\n') || 'none',
        );
      });
    });

  program
    .command('worker')
    .description("take the nightly run's jobs (one file at a time) until SIGTERM or SIGINT; needs DATABASE_URL")
    .action(async () => {
      const app = await NestFactory.createApplicationContext(ServiceModule, { bufferLogs: true });
      app.useLogger(app.get(JsonLogger));
      try {
        const queue = app.get(BatchQueue);
        if (!queue.available)
          throw new BadInput(
            '組み込みデータベースにはジョブキューがありません（夜間取込はサービス内で実行） / ' +
              'the embedded database has no job queue: the service runs its night in-process',
          );
        const nights = app.get(NightJobsService);
        // pg-boss records a job's end without awaiting it: when the database restarts, that write fails
        // unobserved. The job stays running on record until its timeout, then it is retried; the worker lives on.
        process.on('unhandledRejection', (reason) => {
          if (!isConnectionFault(reason)) throw reason;
          new Logger('Worker').warn({
            msg: 'the database connection was lost: the job is retried after its timeout',
            error: String(reason),
          });
        });
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        await queue.work({ file: (job) => nights.importFile(job), finish: (job) => nights.finishNight(job) });
        process.stderr.write(`worker ${process.pid}: taking jobs\n`);
        await stopped;
        process.stderr.write(`worker ${process.pid}: stopping\n`);
      } finally {
        await app.close();
      }
    });

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('recompute the hash chain of the audit log; exit 1 if a row was changed or, with --checkpoint, removed')
    .option(
      '--checkpoint <id:hash>',
      'a checkpoint kept outside the system (audit checkpoint): that row must still be there, unchanged',
      checkpointArgument,
    )
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { checkpoint?: Checkpoint; json?: boolean }) => {
      await withApp(async (app) => {
        const result = await app.get(AuditService).verify({ checkpoint: opts.checkpoint });
        print(!!opts.json, result, () => describeVerification(result));
        if (!result.ok) process.exitCode = 1;
      });
    });
  audit
    .command('checkpoint')
    .description('verify the chain, record a checkpoint row and print its ID:HASH for the 監査委員 to keep outside the system')
    .option('--actor <name>', 'who takes it (default: the OS user)')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { actor?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const { verification, checkpoint } = await app.get(AuditService).checkpoint(opts.actor ?? `cli:${userInfo().username}`);
        if (!checkpoint) {
          process.stderr.write(`${describeVerification(verification)}\n`);
          process.exitCode = 1;
          return;
        }
        if (!verification.keyConfigured) process.stderr.write(`${UNKEYED_NOTE}\n`);
        const text = `${checkpoint.id}:${checkpoint.hash}`;
        print(!!opts.json, { checkpoint: text, id: checkpoint.id, hash: checkpoint.hash, keyed: verification.keyConfigured }, () => text);
      });
    });

  const user = program.command('user').description('users (local accounts)');
  user
    .command('add')
    .description('add a user; the password is read from stdin (--password-stdin) or asked for')
    .argument('<loginName>', 'login name (a-z 0-9 . _ -)')
    .addOption(new Option('--role <role>', 'role').choices(ROLES as readonly string[]).makeOptionMandatory())
    .option('--name <displayName>', '表示名 / display name (default: the login name)')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--json', 'print JSON on stdout')
    .action(async (loginName: string, opts: { role: Role; name?: string; passwordStdin?: boolean; json?: boolean }) => {
      const password = await readNewPassword(!!opts.passwordStdin, io);
      await withApp(async (app) => {
        try {
          const {
            id,
            loginName: name,
            displayName,
            role,
          } = await app.get(UsersService).create({ loginName, displayName: opts.name, role: opts.role, password }, 'cli');
          print(!!opts.json, { user: { id, loginName: name, displayName, role } }, () => `created user ${name} (${role}) #${id}`);
        } catch (error) {
          // A taken or malformed login name is bad input (exit 2), like a refused file.
          if (error instanceof AuthError && (error.kind === 'invalid' || error.kind === 'conflict')) throw new BadInput(error.message);
          throw error;
        }
      });
    });
  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      await withApp(async (app) => {
        const users = await app.get(UsersService).list();
        print(
          !!opts.json,
          { users },
          () =>
            users.map((u) => `#${u.id} ${u.loginName} (${u.role}) ${u.displayName}${u.disabled ? ' [disabled]' : ''}`).join('\n') ||
            'no users',
        );
      });
    });

  return program;
}

export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  try {
    process.exitCode = undefined;
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const commanderError = error as { code?: string; exitCode?: number };
    if (commanderError.code === 'commander.helpDisplayed' || commanderError.code === 'commander.version') return 0;
    if (commanderError.code?.startsWith('commander.')) return 2;
    if (error instanceof BadInput) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`エラー / error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Resolves once everything written to the stream so far has been handed to the OS (a pipe's reader may be slow). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  // Writes complete in order: the callback of an empty write comes after every earlier write's.
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * The process entry (bin/keshikomi): runs one command, then exits with its code only after stdout and
 * stderr drained. `process.exit()` right away would cut a JSON document at the pipe's 64 KiB.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<never> {
  const code = await runCli(argv);
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

if (require.main === module) void main();
