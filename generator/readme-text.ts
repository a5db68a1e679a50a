import { MAIN_AGENT, SECOND_AGENT } from './city';
import type { Manifest } from './build-manifest';
import { FIRST_DAY, FULL_SET_ON, LAST_DAY, REMINDER_LIMIT, REVIEW_DAY, SECOND_AGENT_FILE, SEED, TODAY } from './november-month/facts';
import { cmp, type SampleCase } from './output';
import type { ChannelSum } from './totals';

/** samples/README.md, written from the manifest (and the fiscal year's own section), so its numbers never go stale. */
export function readme(manifest: Manifest, yearSection: string): string {
  const sections = [header(manifest), `${yearSection}\n`, novemberSection(manifest), filesSection(manifest), casesSection(manifest)];
  return [...sections, expectedSection(manifest), MANIFEST_SECTION, CONVENTIONS, GENERATOR, BENCHMARK].join('');
}

const yen = (n: number) => n.toLocaleString('en-US');
const counts = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');

function header(manifest: Manifest): string {
  const t = manifest.totals;
  return `# samples/ — a fiscal year and a month of 垂水市's payments, with planted problems

**Generated: do not edit.** Every file here (this README and manifest.json included) is written by
\`samples/generate.ts\`: the November month by \`samples/november.ts\` (seed ${SEED}), the fiscal year by \`samples/year.ts\`
(seed ${manifest.yearSeed}; see "The generator" below). Running it again gives the same bytes:

    npx ts-node --transpile-only samples/generate.ts
    npx ts-node --transpile-only samples/check.ts     # parses every file, re-derives the totals and the exceptions

The folder doubles as a batch inbox: a subfolder named after a \`format\` holds the files of that format
(\`keshikomi batch --inbox samples\`; the other subfolders hold the generator's code). Byte layouts are those of
shared/docs/formats.md. Every file name carries the day the file arrived (\`YYYYMMDD\`): import each file with that
day as \`--received-on\` (the sample loader does).
${manifest.files.length} files, ${yen(t.files.bytes)} bytes.

`;
}

function novemberSection(manifest: Manifest): string {
  const nov = manifest.totals.november2026;
  const A = MAIN_AGENT;
  const B = { ...SECOND_AGENT, ...SECOND_AGENT_FILE };
  return `## The November month
Today is ${TODAY} (Thursday); the 会計課 reviews the reconciliation of ${REVIEW_DAY}.

- **Bills** (\`bills/\`): the core system's export of every bill open on ${FULL_SET_ON} — FY2026 installments whose
  effective 納期限 is ${FIRST_DAY} or later (市県民税 第3・4期, 固定資産税 第3・4期, 国保税 第5–10期, 介護保険料 第4–8期,
  後期高齢者医療保険料 第4–9期, 住宅使用料 and 保育所利用料 第7–12期), some overdue FY2026 bills (軽自動車税, earlier
  installments), 随時 bills (期別 00) of 生活環境課手数料 and 市民課証明交付手数料, and 100 滞納繰越 bills of FY2025.
  ${nov.bills.fullSetRows} rows; ${Object.keys(nov.bills.byCategory).length} categories; 宛名番号 shared by several bills of one payer.
  納期限 follow real schedules: 市県民税 6/30, 8/31, 10/31, 1/31; 固定資産税 4/30, 7/31, 12/25, 2/28; monthly
  installments on the last day of the month (12/25 for the insurance taxes). 10/31/2026 is a Saturday, so those
  installments are due on Monday 11-02. Then \`choutei_20261120_update.csv\` (UTF-8 with BOM) changes two bills.
  (The November payers and 通知書番号 are their own; only its FY2025 bills also appear in the fiscal year, unpaid.)
- **Main 収納代行** (\`konbini/\`, 収納代行コード ${A.agentCode}, barcode company ${A.company}, client ${A.client},
  ${A.name}): one file per business day from ${FIRST_DAY} to ${LAST_DAY} (データ作成日 = the day). A payment's 速報 is in
  the file of its 収納日 (weekend and holiday payments in the next business day's file); its 確報 comes 1–3 files later
  with 振込予定日 three business days after that file. Payments whose 確報 would come after ${LAST_DAY} are still
  pending (all of them within 10 business days, so not \`preliminary_only\`).
- **Second 収納代行** (\`konbini-csv/\`, 電算システム, barcode company ${B.company}, client ${B.client}): handles the
  住宅使用料 and 保育所利用料 slips. One file, データ作成日 ${B.createdOn}, with the payments of ${B.from} – ${B.to}:
  速報 and 確報 of the same payment in the same file (確報 up to 収納日 11-20), plus 郵便振替 rows.
- **Slips**: barcode = \`91\` + company + client + 納付番号 + 再発行区分 + 支払期限 (YYMMDD) + 印紙フラグ \`0\` + amount (6)
  + check digit. Original slips are accepted until the end of the month after the 納期限; 随時 slips about a
  month after issue; overdue bills were paid with reminder slips (再発行区分 \`1\`, 支払期限 ${REMINDER_LIMIT}).
- **Ordinary payments** are exact and on time and pay each bill at most once (a payer often pays the rest of the
  year's installments at the same counter in the same minute). So every exception the pipeline raises is a
  planted one below. Channels: convenience stores 010/020/030/050/080 and apps 820 PayPay, 800 d払い, 780 au PAY
  (店舗コード \`0000000\`); 郵便振替 910/911 in the CSV.

`;
}

type ManifestFile = Manifest['files'][number];

function fileNote(f: ManifestFile): string {
  const notes: string[] = [];
  if (f.note) notes.push(f.note);
  else if (f.format === 'bills') {
    const update = 'changes of 2026-11-20: one 減額更正, one 取消; columns in another order';
    notes.push(f.encoding === 'cp932' ? 'full set of bills open on 2026-11-01' : update);
  }
  if (f.lineEnd === 'lf') notes.push('LF line ends');
  if (f.lineEnd === 'none') notes.push('no line breaks (records back to back)');
  if (f.format === 'konbini' && !f.note && f.groups && f.groups > 1) notes.push(`${f.groups} groups (速報+取消, then 確報)`);
  for (const r of f.rejectedLines) notes.push(`line ${r.line} rejected: ${r.reason}`);
  for (const i of f.controlIssues) notes.push(`control_total_mismatch: ${i.issue}${i.line ? ` (line ${i.line})` : ''}`);
  if (f.format === 'konbini-csv' && !f.note) notes.push('電算システム 13 columns, EAN barcodes, 12/22 郵便振替 rows');
  return notes.join('; ');
}

function filesSection(manifest: Manifest): string {
  const dataCounts = (f: ManifestFile) =>
    f.format === 'bills'
      ? ''
      : Object.entries(f.dataRecords)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k}×${n}`)
          .join(' ');
  const rows = manifest.files.map(
    (f) => `| ${f.file} | ${f.format} | ${f.encoding}, ${f.lineEnd} | ${f.records} | ${dataCounts(f)} | ${fileNote(f)} |`,
  );
  return `## Files
| file | format | encoding, line ends | records | data records | notes |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Records are counted as the parser sees them: for \`konbini\` and \`zengin-furikae\` every 120-byte record (header, data,
trailer, end); for CSV the data rows without the header row (and without the 合計 trailer of \`credit-card\`).
Data records by type: konbini データ種別, konbini-csv 種別, eltax and bank-counter 取消区分, credit-card 取引区分,
zengin-furikae 振替結果コード, qr-counter 取引ステータス, city-cash 支払方法 (取消 = a void row).

`;
}

function casesSection(manifest: Manifest): string {
  const where = (c: SampleCase) => {
    if (c.records?.length) return c.records.map((r) => `${r.file}:${r.line} (${r.dataType})`).join('<br>');
    return c.lines && c.lines.length ? `${c.file}:${c.lines.join(',')}` : `${c.file}`;
  };
  const keyOf = (c: SampleCase) => c.billNumber ?? (c.paymentRef ? `ref ${c.paymentRef}` : '');
  const expected = (c: SampleCase) => `${c.expectedExceptionTypes.join(', ') || '(none)'}${c.rejected ? ' — line rejected' : ''}`;
  const rows = manifest.cases.map((c) => `| ${c.case} | ${where(c)} | ${keyOf(c)} | ${expected(c)} | ${c.description} |`);
  return `## Planted cases
| case | records (file:line) | 納付番号 / ref | expected exceptions | what |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

Cases with expected exceptions "(none)" are examples of rules that must *not* raise one (出納整理期間, a 減額更正 paid at
its new amount, eLTAX paid in cash at a bank, 郵便振替, failed debits that are not payments, the first of two payments).

`;
}

function channels(byChannel: Record<string, ChannelSum>): string {
  return Object.entries(byChannel)
    .sort(([a], [b]) => cmp(a, b))
    .map(([ch, v]) => `${ch} ${v.count} (${yen(v.amount)} yen)`)
    .join(', ');
}

function expectedSection(manifest: Manifest): string {
  const t = manifest.totals;
  const nov = t.november2026;
  const cashlessSet = JSON.stringify(['smartphone_app', 'qr_counter', 'credit_card', 'direct_debit', 'eltax 03–06']);
  const years = Object.entries(t.byFiscalYear).map(([fy, v]) => {
    const shares = `Cashless ${v.cashless.count} (${v.cashless.shareByCount}), 窓口外 share ${v.counter.nonCounterShareByCount}`;
    return `  - FY${fy}: ${v.received}, ${yen(v.receivedAmount)} yen — ${channels(v.byChannel)}. ${shares}.`;
  });
  const billsByFy = Object.entries(nov.bills.byFiscalYear)
    .map(([y, n]) => `FY${y}: ${n}`)
    .join(', ');
  const records = nov.paymentRecords;
  const p = nov.payments;
  const byType = Object.entries(t.expectedExceptions.byType)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return `## Expected results
- Received payments by the fiscal year they count in (the cashless report's numbers; default cashless set
  ${cashlessSet}):
${years.join('\n')}
- \`totals.payments\` is FY2026 (what \`report cashless --fiscal-year 2026\` must show): ${t.payments.received}, ${yen(
    t.payments.receivedAmount,
  )} yen.
- November month alone: bills ${nov.bills.fullSetRows} (${billsByFy}); after the update ${nov.bills.activeAfterUpdate} active, ${
    nov.bills.cancelledAfterUpdate
  } cancelled, one reduced.
  Payment records: konbini ${counts(records.konbini)}; konbini-csv ${counts(records['konbini-csv'])}; ${
    records.rejectedLines
  } rejected lines.
  Payments received (one per 速報/確報 pair; cancelled ones and rejected lines excluded): ${p.received}, ${yen(p.receivedAmount)} yen —
  ${channels(p.byChannel)}. Cancelled: ${p.cancelled}. 速報 still pending (not exceptions): ${p.pendingPreliminary}. \
Settled in full (消込済, late or not, pending 速報 included): ${p.matchedInFull}.
- Exceptions: ${t.expectedExceptions.total} — ${byType}.

`;
}

const MANIFEST_SECTION = `## manifest.json
- \`scenario\`: dates, the two 収納代行, the import order the expectations assume, notes.
- \`totals\`: \`payments\` (FY2026 as the report counts it), \`byFiscalYear\` (every year: count, yen, \`byChannel\` keyed as the
  report keys its rows (eLTAX split by 納付手段: \`eltax:01\` … \`eltax:06\`), \`byContractChannel\` (the eight channels), \`eltaxByMeans\`,
  cashless and counter counts), \`november2026\` (the month's own counts), \`fiscalYear2025\` (bills, 出納整理期間,
  口座振替 with failed debits by 振替結果コード, cancellations, the counter), \`files\`, \`expectedExceptions\`.
- \`files[]\`: \`{file, format, encoding, lineEnd, records, dataRecords, dataAmounts, groups, dataCreatedOn, receivedOn, \
rejectedLines[{line, reason}], controlIssues[{line, issue}], bytes, note, expectedExceptionTypes}\`.
- \`cases[]\`: \`{case, description, file, lines, records[{file, line, dataType}], billNumber, intendedBillNumber?, payerId,
  paymentRef, channel, meansCode?, cvsCode?, storeCode?, category?, paidOn, paidTime, paidAmount, billAmount, expectedAmount?, \
dueDate, effectiveDueDate,
  fiscalYear?, notPayment?, rejected?, reason?, expectedExceptionTypes}\`. \`file\`/\`lines\` are where the payment first appears; \
\`records\`
  lists all of its records. \`billNumber\` is the 納付番号 as the record carries it (null for counter payments, keyed by
  \`paymentRef\`: the QR 取引番号 or the register 受付番号); \`paymentRef\` is the barcode (konbini), 受付番号 (eltax), 決済ID
  (card), 取引番号 (QR) or 受付番号 (cash), null for bank-counter and 口座振替 rows, which have no id of their own;
  \`billAmount\` is the 調定額 the payment is matched against (null when it cannot be matched); \`expectedAmount\` the register
  amount of a QR row; \`fiscalYear\` the year the payment counts in; \`notPayment\` marks failed debits and a QR row with no
  transaction. File-level cases (\`*control_total*\`) have only \`case, description, file, lines, billNumber: null, \
expectedExceptionTypes\`.

Paths are relative to samples/. Lines are 1-based physical lines (in the file without line breaks, the record
number; in CSV files the header row is line 1).

`;

const CONVENTIONS = `## Conventions worth knowing
- Import \`bills/\` first (all of them, in file-name order), then the payment files, each with the date in its name as
  \`--received-on\`. \`zengin-furikae\` needs it: its 引落日 is MMDD, the latest such day not after the day received.
- Payments of a bill are taken in order of 納付日, time, arrival: the later of two payments is the duplicate. The expected
  set assumes matching runs once over everything (the nightly batch); the order of files only breaks ties.
- In \`SYUNO_20261119.dat\` the trailer totals the readable data records only, while 総レコード数 counts every physical
  record, the two rejected ones included: that file has rejected lines but no control-total problem.
- Rejected lines are import errors, not exceptions; the bills they name stay unpaid.
- The November CSV's \`22\` row has no \`12\` with the same barcode and 収納日, so it is a payment of its own.
- Every 速報 of the fiscal year has its 確報 (the June 2026 files bring the last ones); the November files of the same
  収納代行 come later, so a lone FY2025 速報 would be \`preliminary_only\`.

`;

const GENERATOR = `## The generator
\`samples/generate.ts\` runs four stages, in this order:

1. **The November month**: \`samples/november.ts\` runs the steps of \`generator/november-month/\` on one context —
   population and bills, ordinary payments, planted payments, the second 収納代行's records, the files, matched
   examples, self-checks — and then gives its cases and totals.
2. **The fiscal year**: \`samples/year.ts\` runs the steps of \`generator/fiscal-year/\` on one context — population and
   notices, bills and their updates, the stores, planted payments, ordinary payments of every channel (\`channels.ts\`,
   one builder a channel), the counter, self-checks, the files (\`files/\`, one writer a format), examples — and then
   gives its cases, totals and its section of this README.
3. **The manifest** (\`generator/build-manifest.ts\`): adds the November month to FY2026, lists every file and case.
4. **This README** (\`generator/readme-text.ts\`), from the manifest.

The generator's code is in \`generator/\` (not here: every subfolder of samples/ is a format's inbox). Both scenarios
share \`city.ts\` (垂水市's codes), \`stores.ts\` (stores, apps, time of day), \`agents.ts\` (how the two 収納代行 report a
slip payment), \`schedules.ts\` (installments and 納期限), \`random.ts\`, \`output.ts\` and \`totals.ts\`; business days come
from the service's \`src/common/calendar.ts\`. Every byte layout is written by \`generator/layouts/\`, the one writer of
formats.md's layouts, which the parsers' fixtures, \`test/support\` and the benchmark use too.

To add a step (bank statements, carried-over bills paid in April–May, export targets), write a function of the
scenario's context (\`YearContext\` in \`fiscal-year/model.ts\`, \`NovemberContext\` in \`november-month/model.ts\`) and put
it in the scenario's \`STEPS\` list. Each scenario draws from one seeded generator, in the order of its first steps
(the fiscal year's 1–6, the November month's 1–4): a step that draws among them changes every later draw and so
files it does not mean to change; draw after them, or from a \`mulberry32\` of your own. A new format's files get a
layout in \`generator/layouts/\` and a writer in \`fiscal-year/files/\` (listed in \`YEAR_FILE_WRITERS\`); a planted case
goes into \`ctx.plants\` (the fiscal year) or \`ctx.cases\` (November), and the manifest and this README list it. Then
regenerate, run \`samples/check.ts\`, and let the golden test (\`test/golden/\`) show what changed downstream.

`;

const BENCHMARK = `## Benchmark input
\`bench/make-konbini.ts\` writes through the same \`generator/layouts\` to stream a large valid file (N 速報 + N 確報) and
its bills CSV: \`npx ts-node --transpile-only bench/make-konbini.ts --payments 200000 \
--out bench/out/konbini-200k.dat --bills bench/out/bills-200k.csv\`.
`;
