/**
 * Checks the committed samples against the real parsers and re-derives what manifest.json promises:
 *
 *   npx ts-node --transpile-only samples/check.ts
 *
 * 1. Every file of manifest.files parses with its format's parser (parseBuffer + parserFor), each taken as
 *    received on the date in its name: no file refused, rejected lines exactly the planted ones, control-total
 *    problems exactly in the planted files, as many rows as the manifest says.
 * 2. From the parsed rows alone (bills in file-name order, payments folded by pairing key as the loader folds
 *    them, the counter register), it recounts the received payments per fiscal year and channel and compares
 *    them with manifest.totals.byFiscalYear (and totals.payments for FY2026).
 * 3. It applies domain.md's matching rules once over everything (the nightly batch) and compares the
 *    exceptions it finds, keyed by (type, 納付番号 | paymentRef | file), with the manifest's cases.
 *
 * Exits 1 on any difference. It reads samples/ only and writes nothing.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  attributedFiscalYear,
  billFiscalYear,
  effectiveDueDate,
  lastDayWithMoreBusinessDaysThan,
  type IsoDate,
} from '../src/common/calendar';
import { DEFAULT_CASHLESS_CHANNELS, DEFAULT_ELTAX_CASHLESS_MEANS, FORMATS } from '../src/common/codes';
import { parseBuffer } from '../src/imports/parsers/framing';
import { parserFor } from '../src/imports/parsers/parser.registry';
import { testContext } from '../src/imports/parsers/fixtures/test-helpers';
import type { BillRow, CounterReceiptRow, PaymentRow, StatementRow } from '../src/imports/parsers/parser.types';
import type { SampleCase } from '../generator/output';

const ROOT = __dirname;

interface ManifestFile {
  file: string;
  format: string;
  records: number;
  dataRecords: Record<string, number>;
  receivedOn: IsoDate | null;
  rejectedLines: { line: number; reason: string }[];
  controlIssues: { line: number | null; issue: string }[];
}
type ManifestCase = Pick<SampleCase, 'case' | 'file' | 'billNumber' | 'paymentRef' | 'expectedExceptionTypes'>;
interface Sum {
  count: number;
  amount: number;
}
interface FyTotals {
  received: number;
  receivedAmount: number;
  byChannel: Record<string, Sum>;
  byContractChannel: Record<string, Sum>;
  eltaxByMeans: Record<string, Sum>;
  cashless: Sum;
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as {
  files: ManifestFile[];
  cases: ManifestCase[];
  totals: {
    payments: { received: number; receivedAmount: number; byChannel: Record<string, Sum> };
    byFiscalYear: Record<string, FyTotals>;
    fiscalYear2025: { directDebit: { failed: { count: number } } };
  };
};

const problems: string[] = [];
const fail = (message: string) => problems.push(message);

// ---------------------------------------------------------------- 1. parse every file

interface Parsed {
  file: ManifestFile;
  batch: number;
  rows: { line: number; row: BillRow | PaymentRow | CounterReceiptRow | StatementRow }[];
  providerCode: string | null;
  dataCreatedOn: IsoDate | null;
}
const rank = (f: ManifestFile) => (FORMATS as readonly string[]).indexOf(f.format);
const ordered = [...manifest.files].sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
const parsed: Parsed[] = [];
const perFormat: Record<string, { files: number; rows: number; rejected: number; bytes: number }> = {};

async function parseAll(): Promise<void> {
  for (const [batch, f] of ordered.entries()) {
    const buf = readFileSync(path.join(ROOT, f.file));
    const named = /(20\d{2})(\d{2})(\d{2})/.exec(path.basename(f.file));
    const receivedOn = named ? `${named[1]}-${named[2]}-${named[3]}` : '2026-11-26';
    if (f.receivedOn && f.receivedOn !== receivedOn) fail(`${f.file}: manifest receivedOn ${f.receivedOn}, name says ${receivedOn}`);
    const result = await parseBuffer(parserFor(f.format), buf, testContext({ fileName: path.basename(f.file), receivedOn }));
    if (result.refused) {
      fail(`${f.file}: refused: ${result.refused}`);
      continue;
    }
    const rejected = result.rejected.map((r) => r.line).sort((a, b) => a - b);
    const planted = f.rejectedLines.map((r) => r.line).sort((a, b) => a - b);
    if (JSON.stringify(rejected) !== JSON.stringify(planted)) {
      fail(
        `${f.file}: rejected lines ${JSON.stringify(rejected)} ` +
          `(${result.rejected.map((r) => r.errors.map((e) => e.message).join('; ')).join(' | ')}), planted ${JSON.stringify(planted)}`,
      );
    }
    const issues = result.summary?.controlIssues ?? [];
    if (issues.length > 0 !== f.controlIssues.length > 0)
      fail(`${f.file}: control issues ${JSON.stringify(issues.map((i) => i.message))}, planted ${JSON.stringify(f.controlIssues)}`);
    const fixed = f.format === 'konbini' || f.format === 'zengin-furikae' || f.format === 'zengin-deposit';
    const expectedRows = fixed
      ? Object.values(f.dataRecords).reduce((s, n) => s + n, 0)
      : f.records - f.rejectedLines.length - (f.format === 'qr-counter' ? (f.dataRecords['取引失敗'] ?? 0) : 0);
    if (result.rows.length !== expectedRows) fail(`${f.file}: ${result.rows.length} rows, manifest implies ${expectedRows}`);
    const unknownCvs = result.warnings.filter((w) => /CVS/.test(w.message));
    if (unknownCvs.length) fail(`${f.file}: ${unknownCvs.length} CVSコード warnings, first: ${unknownCvs[0].message}`);
    const s = (perFormat[f.format] ??= { files: 0, rows: 0, rejected: 0, bytes: 0 });
    s.files++;
    s.rows += result.rows.length;
    s.rejected += result.rejected.length;
    s.bytes += buf.length;
    parsed.push({
      file: f,
      batch,
      rows: result.rows,
      providerCode: result.summary?.providerCode ?? null,
      dataCreatedOn: result.summary?.dataCreatedOn ?? null,
    });
  }
}

// ---------------------------------------------------------------- 2. fold into bills, payments, register

interface Bill {
  fy: number;
  amount: number;
  status: 'active' | 'cancelled';
  effectiveDue: IsoDate;
}
/** A payment folded from its rows (速報, 確報, 取消…) by pairing key. */
type PaymentFields = 'channel' | 'providerCode' | 'billNumber' | 'referenceValid' | 'paymentRef' | 'paidOn' | 'paidTime' | 'amount';
interface Payment extends Pick<PaymentRow, PaymentFields> {
  key: string;
  meansCode: string | null;
  hasPreliminary: boolean;
  hasFinal: boolean;
  cancelled: boolean;
  expectsPreliminary: boolean;
  /** Arrival: batch, then first line. */
  arrival: [number, number];
}
interface Receipt {
  row: CounterReceiptRow;
  voided: boolean;
}

const KIND_RANK: Record<string, number> = { correction: 0, final: 1, preliminary: 2, cancel: 3 };

function simulate() {
  const bills = new Map<string, Bill>();
  const payments = new Map<string, Payment>();
  const receipts = new Map<string, Receipt>();
  let failedDebits = 0;
  const latestByProvider = new Map<string, IsoDate>();
  let latestQr: IsoDate | null = null;

  for (const p of parsed) {
    if (p.providerCode && p.dataCreatedOn) {
      const prev = latestByProvider.get(p.providerCode);
      if (!prev || p.dataCreatedOn > prev) latestByProvider.set(p.providerCode, p.dataCreatedOn);
      if (p.file.format === 'qr-counter' && (!latestQr || p.dataCreatedOn > latestQr)) latestQr = p.dataCreatedOn;
    }
    // 入出金取引明細 are the bank's record of the account: no payment (the deposits reconciliation reads them).
    if (p.file.format === 'zengin-deposit') continue;
    if (p.file.format === 'bills') {
      for (const { row } of p.rows as { row: BillRow }[]) {
        const effectiveDue = effectiveDueDate(row.dueDate);
        // The bill's fiscal year by law: its 会計年度 when the file states one, else that of its printed 納期限.
        bills.set(row.billNumber, {
          fy: billFiscalYear(row.dueDate, row.accountingYear),
          amount: row.amount,
          status: row.status,
          effectiveDue,
        });
      }
      continue;
    }
    if (p.file.format === 'city-cash') {
      const inFile = new Map<string, { row: CounterReceiptRow; voids: boolean }[]>();
      for (const { row } of p.rows as { row: CounterReceiptRow }[])
        (inFile.get(row.receiptNo) ?? (inFile.set(row.receiptNo, []), inFile.get(row.receiptNo)!)).push({ row, voids: row.voids });
      for (const [no, rows] of inFile) {
        const known = receipts.get(no);
        const voids = rows.some((r) => r.voids);
        if (known) known.voided ||= voids;
        else receipts.set(no, { row: (rows.find((r) => !r.voids) ?? rows[0]).row, voided: voids });
      }
      for (const [no, r] of receipts) {
        if (r.row.method !== 'cash') continue;
        const key = `register:${no}`;
        const existing = payments.get(key);
        if (existing) existing.cancelled ||= r.voided;
        else
          payments.set(key, {
            key,
            channel: 'city_cash',
            providerCode: null,
            billNumber: null,
            referenceValid: false,
            paymentRef: no,
            paidOn: r.row.receivedOn,
            paidTime: r.row.receivedTime,
            amount: r.row.amount,
            meansCode: null,
            hasPreliminary: false,
            hasFinal: true,
            cancelled: r.voided,
            expectsPreliminary: false,
            arrival: [p.batch, 0],
          });
      }
      continue;
    }
    // Payment rows: fold by pairing key within the file, then merge with what earlier files brought.
    const folded = new Map<string, { rows: { line: number; row: PaymentRow }[] }>();
    for (const x of p.rows as { line: number; row: PaymentRow }[]) {
      if (x.row.kind === 'failed_debit') {
        failedDebits++;
        continue;
      }
      (folded.get(x.row.pairingKey) ?? (folded.set(x.row.pairingKey, { rows: [] }), folded.get(x.row.pairingKey)!)).rows.push(x);
    }
    for (const [key, { rows }] of folded) {
      const has = (kind: string) => rows.some((r) => r.row.kind === kind);
      const best = [...rows].sort((a, b) => KIND_RANK[a.row.kind] - KIND_RANK[b.row.kind] || b.line - a.line)[0].row;
      const existing = payments.get(key);
      if (existing) {
        existing.hasPreliminary ||= has('preliminary');
        existing.hasFinal ||= has('final') || has('correction');
        existing.cancelled ||= has('cancel');
        if (has('correction')) existing.amount = best.amount;
        continue;
      }
      payments.set(key, {
        key,
        channel: best.channel,
        providerCode: best.providerCode,
        billNumber: best.billNumber,
        referenceValid: best.referenceValid,
        paymentRef: best.paymentRef,
        paidOn: best.paidOn,
        paidTime: best.paidTime,
        amount: best.amount,
        meansCode: best.meansCode ?? null,
        hasPreliminary: has('preliminary'),
        hasFinal: has('final') || has('correction'),
        cancelled: has('cancel'),
        expectsPreliminary: best.expectsPreliminary,
        arrival: [p.batch, Math.min(...rows.map((r) => r.line))],
      });
    }
  }
  return { bills, payments, receipts, failedDebits, latestByProvider, latestQr };
}

// ---------------------------------------------------------------- 3. totals and exceptions

function compareTotals(sim: ReturnType<typeof simulate>): Record<string, FyTotals> {
  const byFy: Record<string, FyTotals> = {};
  for (const p of sim.payments.values()) {
    if (p.cancelled) continue;
    const bill = p.billNumber ? sim.bills.get(p.billNumber) : undefined;
    // A payment with no bill counts by its 納付日 (domain.md "Which fiscal year").
    const billFy = bill ? bill.fy : null;
    const fy = String(attributedFiscalYear(p.paidOn, billFy));
    const t = (byFy[fy] ??= {
      received: 0,
      receivedAmount: 0,
      byChannel: {},
      byContractChannel: {},
      eltaxByMeans: {},
      cashless: { count: 0, amount: 0 },
    });
    t.received++;
    t.receivedAmount += p.amount;
    // As the report keys its channel rows: eLTAX split by 納付手段.
    const c = (t.byChannel[p.channel === 'eltax' ? `eltax:${p.meansCode ?? '99'}` : p.channel] ??= { count: 0, amount: 0 });
    c.count++;
    c.amount += p.amount;
    const whole = (t.byContractChannel[p.channel] ??= { count: 0, amount: 0 });
    whole.count++;
    whole.amount += p.amount;
    if (p.channel === 'eltax') {
      const m = (t.eltaxByMeans[p.meansCode ?? '99'] ??= { count: 0, amount: 0 });
      m.count++;
      m.amount += p.amount;
    }
    if (
      DEFAULT_CASHLESS_CHANNELS.includes(p.channel) &&
      (p.channel !== 'eltax' || DEFAULT_ELTAX_CASHLESS_MEANS.includes(p.meansCode ?? ''))
    ) {
      t.cashless.count++;
      t.cashless.amount += p.amount;
    }
  }
  const years = new Set([...Object.keys(byFy), ...Object.keys(manifest.totals.byFiscalYear)]);
  for (const fy of [...years].sort()) {
    const got = byFy[fy];
    const want = manifest.totals.byFiscalYear[fy];
    if (!got || !want) {
      fail(`FY${fy}: parsed ${JSON.stringify(got?.received)}, manifest ${JSON.stringify(want?.received)}`);
      continue;
    }
    const pick = (t: FyTotals) =>
      JSON.stringify({
        received: t.received,
        receivedAmount: t.receivedAmount,
        cashless: { count: t.cashless.count, amount: t.cashless.amount },
      });
    if (pick(got) !== pick(want)) fail(`FY${fy}: parsed ${pick(got)}, manifest ${pick(want)}`);
    for (const part of ['byChannel', 'byContractChannel', 'eltaxByMeans'] as const) {
      const norm = (o: Record<string, Sum>) =>
        JSON.stringify(
          Object.entries(o)
            .sort()
            .map(([k, v]) => [k, v.count, v.amount]),
        );
      if (norm(got[part]) !== norm(want[part])) fail(`FY${fy} ${part}: parsed ${norm(got[part])}, manifest ${norm(want[part])}`);
    }
  }
  const p2026 = manifest.totals.payments;
  const norm = (o: Record<string, Sum>) =>
    JSON.stringify(
      Object.entries(o)
        .sort()
        .map(([k, v]) => [k, v.count, v.amount]),
    );
  if (
    !byFy['2026'] ||
    byFy['2026'].received !== p2026.received ||
    byFy['2026'].receivedAmount !== p2026.receivedAmount ||
    norm(byFy['2026'].byChannel) !== norm(p2026.byChannel)
  ) {
    fail(`totals.payments (FY2026) disagrees with the parsed files`);
  }
  if (sim.failedDebits !== manifest.totals.fiscalYear2025.directDebit.failed.count)
    fail(`failed debits: parsed ${sim.failedDebits}, manifest ${manifest.totals.fiscalYear2025.directDebit.failed.count}`);
  return byFy;
}

function exceptions(sim: ReturnType<typeof simulate>): string[] {
  const out: string[] = [];
  const add = (type: string, key: string) => out.push(`${type} ${key}`);
  const billPayments = new Map<string, Payment[]>();
  for (const p of sim.payments.values()) {
    if (p.cancelled) {
      add('cancelled_payment', p.billNumber ?? p.paymentRef ?? p.key);
      continue;
    }
    if (p.billNumber === null) continue;
    if (!p.referenceValid) add('invalid_reference', p.billNumber);
    else if (!sim.bills.has(p.billNumber)) add('unknown_bill', p.billNumber);
    else if (sim.bills.get(p.billNumber)!.status === 'cancelled') add('bill_cancelled', p.billNumber);
    else (billPayments.get(p.billNumber) ?? (billPayments.set(p.billNumber, []), billPayments.get(p.billNumber)!)).push(p);
  }
  for (const [number, list] of billPayments) {
    const bill = sim.bills.get(number)!;
    list.sort(
      (a, b) =>
        (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0) ||
        (a.paidTime ?? '').localeCompare(b.paidTime ?? '') ||
        a.arrival[0] - b.arrival[0] ||
        a.arrival[1] - b.arrival[1],
    );
    let open = bill.amount;
    for (const p of list) {
      if (open === 0) add('duplicate_payment', number);
      else {
        if (p.amount < open) add('amount_short', number);
        if (p.amount > open) add('amount_over', number);
        if (p.amount <= open && p.paidOn > bill.effectiveDue) add('late_payment', number);
        open -= Math.min(open, p.amount);
      }
    }
  }
  for (const p of sim.payments.values()) {
    if (p.cancelled) continue;
    const latest = p.providerCode ? sim.latestByProvider.get(p.providerCode) : undefined;
    if (p.hasPreliminary && !p.hasFinal && latest && p.paidOn <= lastDayWithMoreBusinessDaysThan(latest, 10))
      add('preliminary_only', p.billNumber ?? p.key);
    if (p.hasFinal && !p.hasPreliminary && p.expectsPreliminary) add('final_only', p.billNumber ?? p.key);
  }
  // The counter: register QR rows against the provider's transactions (formats.md, city-cash).
  const qrRows = new Map<string, Receipt>();
  for (const r of sim.receipts.values()) if (r.row.method === 'qr' && r.row.qrTransactionId) qrRows.set(r.row.qrTransactionId, r);
  for (const [id, r] of qrRows) {
    const tx = sim.payments.get(`qr:${id}`);
    if (r.voided) {
      if (!tx?.cancelled) fail(`register QR row ${r.row.receiptNo} is voided but its transaction ${id} was not refunded`);
      continue;
    }
    if (!tx || tx.cancelled) {
      if (sim.latestQr && r.row.receivedOn <= lastDayWithMoreBusinessDaysThan(sim.latestQr, 10)) add('preliminary_only', id);
    } else if (tx.amount < r.row.amount) add('amount_short', id);
    else if (tx.amount > r.row.amount) add('amount_over', id);
  }
  for (const p of sim.payments.values())
    if (p.channel === 'qr_counter' && !p.cancelled && !qrRows.has(p.paymentRef!)) add('unknown_bill', p.paymentRef!);
  for (const p of parsed) if (p.file.controlIssues.length) add('control_total_mismatch', path.basename(p.file.file));
  return out.sort();
}

async function main(): Promise<void> {
  const started = Date.now();
  await parseAll();
  const sim = simulate();
  const byFy = compareTotals(sim);
  const raised = exceptions(sim);
  // The deposit cases (bank statements) are not simulated here: test/golden/samples.spec.ts checks them end to end.
  const planted = manifest.cases
    .filter((c) => !c.file.startsWith('zengin-deposit/'))
    .flatMap((c) => c.expectedExceptionTypes.map((t) => `${t} ${c.billNumber ?? c.paymentRef ?? path.basename(c.file)}`))
    .sort();
  const missing = planted.filter(
    (k, i) => planted.indexOf(k) === i && planted.filter((x) => x === k).length > raised.filter((x) => x === k).length,
  );
  const extra = raised.filter(
    (k, i) => raised.indexOf(k) === i && raised.filter((x) => x === k).length > planted.filter((x) => x === k).length,
  );
  if (missing.length) fail(`planted but not raised: ${missing.join(', ')}`);
  if (extra.length) fail(`raised but not planted: ${extra.slice(0, 20).join(', ')}${extra.length > 20 ? ` … (${extra.length})` : ''}`);

  const lines = [
    `samples/check: ${parsed.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ...Object.entries(perFormat).map(
      ([f, s]) =>
        `  ${f.padEnd(15)} ${String(s.files).padStart(3)} files ${String(s.rows).padStart(7)} rows ` +
        `${s.rejected} rejected ${String(s.bytes).padStart(9)} bytes`,
    ),
    `  payments ${sim.payments.size} (failed debits ${sim.failedDebits}), bills ${sim.bills.size}, register rows ${sim.receipts.size}`,
    ...Object.entries(byFy)
      .sort()
      .map(([fy, t]) => `  FY${fy}: ${t.received} received, ${t.receivedAmount} yen, cashless ${t.cashless.count}`),
    `  exceptions ${raised.length} (planted ${planted.length})`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (problems.length) {
    process.stderr.write(`\n${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('OK: every file parses as planted, totals and exceptions agree with manifest.json\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
