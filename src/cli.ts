import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import { AppModule } from './app.module';
import { AuthError } from './auth/auth.errors';
import { passwordProblem } from './auth/password';
import { isTerminal, promptHidden, readFirstLine } from './auth/password-input';
import { ROLES, Role } from './auth/roles';
import { UsersService } from './auth/users.service';
import { AuditService, AuditVerification, Checkpoint, parseCheckpoint } from './audit/audit.service';
import { BatchService } from './batch/batch.service';
import { parseYmd, todayInTokyo } from './common/calendar';
import { EXCEPTION_STATUSES, EXCEPTION_TYPES, FORMATS, FormatCode, PAYOUT_FEES, type PayoutFees } from './common/codes';
import { StderrLogger } from './common/stderr-logger';
import { APP_ROLE_NAME, grantAppRole } from './database/app-role';
import { Database } from './database/database';
import { DepositError } from './deposits/deposits.errors';
import { DepositsService } from './deposits/deposits.service';
import { PayoutSourcesService } from './deposits/payout-sources.service';
import { ExceptionsService } from './exceptions/exceptions.service';
import type { ImportResult } from './imports/import.service';
import { IntakeResult, IntakeService } from './imports/intake.service';
import { REPORT_GROUPINGS, ReportGrouping } from './reports/cashless-report.dto';
import { CashlessReportService } from './reports/cashless-report.service';

/** contract.md: exit 0 on success, 2 on bad input (reason on stderr), 1 on any other failure. */
class BadInput extends Error {}

const isoDate = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !parseYmd(value.replace(/-/g, ''))) {
    throw new InvalidArgumentError(`日付は YYYY-MM-DD で指定してください / expected a date YYYY-MM-DD, got ${value}`);
  }
  return value;
};

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

function outputIntake(json: boolean, result: IntakeResult): void {
  print(json, { files: result.files, match: result.match }, () => summarize(result));
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
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { status?: never; type?: never; date?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const rows = await app.get(ExceptionsService).all({ status: opts.status, type: opts.type, date: opts.date });
        const exceptions = rows.map(({ typeLabel: _label, assignee: _assignee, ...contract }) => contract);
        print(
          !!opts.json,
          { exceptions },
          () =>
            rows
              .map(
                (e) =>
                  `#${e.id} ${e.type} (${e.typeLabel}) ${e.status} ${e.billNumber ?? ''} ${e.paidOn ?? ''} ${e.paidAmount ?? ''} ${e.detail}`,
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
    .requiredOption('--fiscal-year <year>', 'fiscal year (FY2026 = 令和8年度)', (v) => {
      if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('fiscal year must be 4 digits');
      return Number(v);
    })
    .addOption(new Option('--by <grouping>').choices(REPORT_GROUPINGS as readonly string[]).default('channel'))
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { fiscalYear: number; by: ReportGrouping; json?: boolean }) => {
      await withApp(async (app) => {
        const r = await app.get(CashlessReportService).report(opts.fiscalYear, opts.by);
        print(!!opts.json, r, () =>
          [
            `FY${r.fiscalYear} cashless ${(r.total.shareByCount * 100).toFixed(1)}% by count, ${(r.total.shareByAmount * 100).toFixed(1)}% by amount (target ${r.target * 100}%)`,
            ...r.rows.map(
              (row) =>
                `  ${row.label}: ${row.count} 件 ${row.amount.toLocaleString('ja-JP')} 円  cashless ${(row.shareByCount * 100).toFixed(1)}%`,
            ),
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
    .option('--json', 'print JSON on stdout')
    .action(async (opts: { inbox: string; receivedOn?: string; datesFromNames?: boolean; json?: boolean }) => {
      if (!existsSync(opts.inbox)) throw new BadInput(`受信フォルダがありません / no such inbox: ${opts.inbox}`);
      await withApp(async (app) => {
        outputIntake(
          !!opts.json,
          await app
            .get(BatchService)
            .run(opts.inbox, { receivedOn: opts.receivedOn ?? todayInTokyo(), datesFromNames: opts.datesFromNames }),
        );
      });
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
