import * as path from 'node:path';
import { addBusinessDays, addCalendarDays, businessDayOnOrAfter, type IsoDate } from '../../src/common/calendar';
import { FORMATS, type FormatCode } from '../../src/common/codes';
import { parseBuffer } from '../../src/imports/parsers/framing';
import { testContext } from '../../src/imports/parsers/fixtures/test-helpers';
import { parserFor } from '../../src/imports/parsers/parser.registry';
import type { CounterReceiptRow, PaymentRow } from '../../src/imports/parsers/parser.types';
import { MAIN_AGENT, SECOND_AGENT } from '../city';
import { BANKS, CONSIGNORS, QR_MERCHANT } from '../fiscal-year/facts';
import { joinRecords, statementEnd, statementEntry, statementHeader, statementTrailerFor, type StatementEntryFields } from '../layouts';
import { cmp, type SampleCase, type SampleFile, type WriteFile } from '../output';

/**
 * The third leg of the samples: the city's 入出金取引明細 (zengin-deposit) for March 2026, consistent with the 確報
 * the other sample files carry, and the payout sources (samples/payout-sources.json) that name who pays what.
 *
 * The expected payouts are computed from the written files themselves, read by the real parsers and folded as the
 * loaders fold them (a payment counts once; its 取消 lowers the payout of its own 収入日), so every ordinary payout
 * is credited exactly, on its day, under its payout source's 振込依頼人名 and less its fees where it pays net. The
 * planted cases (DEPOSIT_PLANTS) are the only differences: a short payout, a missing one, a late one, a deposit no
 * payout explains, counter cash not paid in and paid in short.
 */

/** The statements cover these 勘定日, one file a week (the last one to the month's end). */
export const STATEMENT_FROM: IsoDate = '2026-03-02';
export const STATEMENT_TO: IsoDate = '2026-03-31';

/** The city's account at its 指定金融機関, as the statements' headers name it. */
const ACCOUNT = {
  bankCode: '0182',
  bankName: 'ｶｺﾞｼﾏ',
  branchCode: '141',
  branchName: 'ﾀﾙﾐｽﾞ',
  accountType: '1',
  accountNo: '0123456',
  accountName: 'ﾀﾙﾐｽﾞｼ ｶｲｹｲｶﾝﾘｼﾔ',
};
const OPENING_BALANCE = 812_345_678;

/** A payout source as `payout-source set` takes it (samples/payout-sources.json). */
export interface SamplePayoutSource {
  format: FormatCode;
  provider: string;
  payerName: string;
  fees: 'gross' | 'net';
  feePerItem: number;
  feeRate: number;
  toleranceDays: number;
  lagDays: number;
}

const source = (format: FormatCode, provider: string, payerName: string, terms: Partial<SamplePayoutSource> = {}): SamplePayoutSource => ({
  format,
  provider,
  payerName,
  fees: 'gross',
  feePerItem: 0,
  feeRate: 0,
  toleranceDays: 0,
  lagDays: 1,
  ...terms,
});

/**
 * Who pays out the samples' collections, as the bank shows them: the two 収納代行 and the card acquirer net of
 * their fees, the QR provider net of its rate, eLTAX and the 指定金融機関's own credits gross; the 口座振替 credit
 * per 委託者; the 金銭出納員's cash 払込 over the counter (no name on the statement).
 */
export const SAMPLE_PAYOUT_SOURCES: SamplePayoutSource[] = [
  source('konbini', MAIN_AGENT.agentCode, 'ｶ)ｷﾕｳｼﾕｳｼﾕｳﾉｳﾀﾞｲｺｳ', { fees: 'net', feePerItem: 60 }),
  source('konbini-csv', SECOND_AGENT.company, 'ｶ)ﾃﾞﾝｻﾝｼｽﾃﾑ', { fees: 'net', feePerItem: 55 }),
  source('eltax', 'eltax', 'ﾁﾎｳｾﾞｲｷﾖｳﾄﾞｳｿｼｷ'),
  source('credit-card', 'card', 'ｶ)ｺｳｷﾝｶｰﾄﾞｹﾂｻｲ', { fees: 'net', feeRate: 1, toleranceDays: 1 }),
  source('qr-counter', QR_MERCHANT.merchantId, 'ﾍﾟｲﾍﾟｲ(ｶ', { fees: 'net', feeRate: 1.98 }),
  // Gross, their fees invoiced apart: the bank's 公金収納取扱手数料 and 口座振替手数料 per item.
  ...BANKS.map((bank) => source('bank-counter', bank.code, `${bank.kana}ｺｳｷﾝｼﾕｳﾉｳ`, { feePerItem: 30 })),
  ...CONSIGNORS.map((consignor) =>
    source('zengin-furikae', consignor.code, `ｺｳｻﾞﾌﾘｶｴ ${consignor.name.replace(/^ﾀﾙﾐｽﾞｼ/, '')}`, { feePerItem: 11 }),
  ),
  // The counter's own cost of handling one cash receipt (staff time, counting, the 払込), kept in the same table.
  source('city-cash', 'counter', 'ﾀﾙﾐｽﾞｼ ｽｲﾄｳｲﾝ', { feePerItem: 260 }),
];

/** One expected payout: per format, provider key and 収入日 (as the view `expected_payout` computes it). */
interface Payout {
  format: FormatCode;
  provider: string;
  dueOn: IsoDate;
  count: number;
  gross: number;
  expected: number;
}

/** The planted deposit cases, by the payout they change (the first of that source whose credit falls in the week). */
const DEPOSIT_PLANTS = {
  short: { format: 'konbini', provider: MAIN_AGENT.agentCode, on: '2026-03-10', shortBy: 330 },
  missing: { format: 'eltax', provider: 'eltax', on: '2026-03-18' },
  late: { format: 'credit-card', provider: 'card', on: '2026-03-16', after: 3 },
  counterMissing: { format: 'city-cash', provider: 'counter', on: '2026-03-05' },
  counterShort: { format: 'city-cash', provider: 'counter', on: '2026-03-24', shortBy: 1000 },
  unexpected: { on: '2026-03-26', amount: 5_500 },
} as const;

/** How the samples import: format folders in FORMATS order, files by name (the batch's order: arrival). */
function importOrder(written: ReadonlyMap<string, Buffer>): { rel: string; format: FormatCode }[] {
  const rank = (format: string) => (FORMATS as readonly string[]).indexOf(format);
  return [...written.keys()]
    .map((rel) => ({ rel, format: rel.split('/')[0] as FormatCode }))
    .filter(({ format }) => rank(format) >= 0 && format !== 'bills' && format !== 'zengin-deposit')
    .sort((a, b) => rank(a.format) - rank(b.format) || cmp(a.rel, b.rel));
}

/** A payment folded as the loaders fold it: what the payout view reads. */
interface Folded {
  format: FormatCode;
  provider: string | null;
  amount: number;
  hasFinal: boolean;
  cancelled: boolean;
  incomeOn: IsoDate | null;
  cancelledIncomeOn: IsoDate | null;
}

const RANK: Record<string, number> = { correction: 0, final: 1, preliminary: 2, cancel: 3 };

/** Every payment of the written files, folded by pairing key in import order (payment-loader, counter-receipt-loader). */
async function foldPayments(written: ReadonlyMap<string, Buffer>): Promise<Map<string, Folded>> {
  const payments = new Map<string, Folded>();
  const voided = new Set<string>();
  for (const { rel, format } of importOrder(written)) {
    const named = /(20\d{2})(\d{2})(\d{2})/.exec(path.basename(rel));
    const receivedOn = named ? `${named[1]}-${named[2]}-${named[3]}` : '2026-11-26';
    const parsed = await parseBuffer(parserFor(format), written.get(rel)!, testContext({ fileName: path.basename(rel), receivedOn }));
    if (format === 'city-cash') {
      for (const { row } of parsed.rows as { row: CounterReceiptRow }[]) {
        if (row.voids) voided.add(row.receiptNo);
        const key = `register:${row.receiptNo}`;
        if (row.method !== 'cash' || row.voids || payments.has(key)) continue;
        payments.set(key, {
          format,
          provider: 'counter',
          amount: row.amount,
          hasFinal: true,
          cancelled: false,
          incomeOn: row.receivedOn,
          cancelledIncomeOn: null,
        });
      }
      for (const receipt of voided) {
        const payment = payments.get(`register:${receipt}`);
        if (payment) payment.cancelled = true;
      }
      continue;
    }
    const byKey = new Map<string, PaymentRow[]>();
    for (const { row } of parsed.rows as { row: PaymentRow }[]) {
      if (row.kind === 'failed_debit') continue;
      (byKey.get(row.pairingKey) ?? (byKey.set(row.pairingKey, []), byKey.get(row.pairingKey)!)).push(row);
    }
    for (const [key, rows] of byKey) {
      // The most authoritative record, the last of its kind in the file.
      const best = rows.map((row, i) => ({ row, i })).sort((a, b) => RANK[a.row.kind] - RANK[b.row.kind] || b.i - a.i)[0].row;
      const hasFinal = rows.some((r) => r.kind === 'final' || r.kind === 'correction');
      const hasCancel = rows.some((r) => r.kind === 'cancel');
      const cancelIncome = rows
        .filter((r) => r.kind === 'cancel' && r.incomeOn)
        .map((r) => r.incomeOn!)
        .sort()
        .pop();
      const existing = payments.get(key);
      if (existing) {
        existing.hasFinal ||= hasFinal;
        existing.cancelled ||= hasCancel;
        if (rows.some((r) => r.kind === 'correction')) existing.amount = best.amount;
        if (hasFinal && best.incomeOn) existing.incomeOn = best.incomeOn;
        existing.cancelledIncomeOn = cancelIncome ?? existing.cancelledIncomeOn;
        continue;
      }
      const provider =
        best.providerCode === null ? null : format === 'qr-counter' ? best.providerCode.replace(/^qr:/, '') : best.providerCode;
      payments.set(key, {
        format,
        provider,
        amount: best.amount,
        hasFinal,
        cancelled: hasCancel,
        incomeOn: best.kind !== 'cancel' ? best.incomeOn : null,
        cancelledIncomeOn: cancelIncome ?? null,
      });
    }
  }
  return payments;
}

/** The expected payouts (view `expected_payout`) of every payout source's provider. */
function expectedPayouts(payments: Map<string, Folded>): Payout[] {
  const due = new Map<string, Payout>();
  const add = (p: Folded, on: IsoDate, items: number, amount: number) => {
    const key = `${p.format}|${p.provider}|${on}`;
    const payout = due.get(key) ?? { format: p.format, provider: p.provider!, dueOn: on, count: 0, gross: 0, expected: 0 };
    payout.count += items;
    payout.gross += amount;
    due.set(key, payout);
  };
  for (const p of payments.values()) {
    if (!p.hasFinal || !p.incomeOn || !p.provider) continue;
    if (!p.cancelled || p.cancelledIncomeOn) add(p, p.incomeOn, 1, p.amount);
    if (p.cancelled && p.cancelledIncomeOn) add(p, p.cancelledIncomeOn, 0, -p.amount);
  }
  const sources = new Map(SAMPLE_PAYOUT_SOURCES.map((s) => [`${s.format}|${s.provider}`, s]));
  const payouts: Payout[] = [];
  for (const payout of due.values()) {
    const s = sources.get(`${payout.format}|${payout.provider}`);
    if (!s) continue;
    const fee = s.feePerItem * payout.count + Math.floor((payout.gross * s.feeRate) / 100);
    payout.expected = payout.gross - (s.fees === 'net' ? fee : 0);
    if (payout.expected > 0) payouts.push(payout);
  }
  return payouts.sort((a, b) => cmp(a.dueOn, b.dueOn) || cmp(a.format, b.format) || cmp(a.provider, b.provider));
}

/** The 勘定日 a payout is credited: its 収入日 (a bank holiday: the next business day); counter cash the next business day. */
const creditDay = (p: Payout) => (p.format === 'city-cash' ? addBusinessDays(p.dueOn, 1) : businessDayOnOrAfter(p.dueOn));

export interface DepositsResult {
  files: SampleFile[];
  cases: SampleCase[];
  /** samples/payout-sources.json */
  payoutSources: SamplePayoutSource[];
}

/** A planted payout: the first of its source credited on or after the day named. */
function plantedPayout(payouts: Payout[], plant: { format: string; provider: string; on: IsoDate }): Payout {
  const found = payouts.find((p) => p.format === plant.format && p.provider === plant.provider && creditDay(p) >= plant.on);
  if (!found) throw new Error(`self-check failed (deposits): no ${plant.format} ${plant.provider} payout from ${plant.on}`);
  return found;
}

/** Writes the March 2026 statements and the payout sources; returns their manifest entries and the planted cases. */
export async function generateDeposits(write: WriteFile, written: ReadonlyMap<string, Buffer>): Promise<DepositsResult> {
  const payouts = expectedPayouts(await foldPayments(written));
  const sourceOf = new Map(SAMPLE_PAYOUT_SOURCES.map((s) => [`${s.format}|${s.provider}`, s]));
  const short = plantedPayout(payouts, DEPOSIT_PLANTS.short);
  const missing = plantedPayout(payouts, DEPOSIT_PLANTS.missing);
  const late = plantedPayout(payouts, DEPOSIT_PLANTS.late);
  const counterMissing = plantedPayout(payouts, DEPOSIT_PLANTS.counterMissing);
  const counterShort = plantedPayout(payouts, DEPOSIT_PLANTS.counterShort);

  /** Each credit and debit by 勘定日, in the order the bank lists them. */
  const entries: (Omit<StatementEntryFields, 'referenceNo'> & { payout?: Payout })[] = [];
  for (const p of payouts) {
    const on = creditDay(p);
    if (p === missing || p === counterMissing) continue;
    const bookedOn = p === late ? addBusinessDays(on, DEPOSIT_PLANTS.late.after) : on;
    if (bookedOn < STATEMENT_FROM || bookedOn > STATEMENT_TO) continue;
    const amount =
      p === short
        ? p.expected - DEPOSIT_PLANTS.short.shortBy
        : p === counterShort
          ? p.expected - DEPOSIT_PLANTS.counterShort.shortBy
          : p.expected;
    const counter = p.format === 'city-cash';
    entries.push({
      bookedOn,
      direction: 'credit',
      transactionCode: counter ? '10' : '11',
      amount,
      payerName: counter ? undefined : sourceOf.get(`${p.format}|${p.provider}`)!.payerName,
      remittingBank: counter ? undefined : 'ﾐｽﾞﾎ',
      payout: p,
    });
  }
  // Money that is not a payout: a resident's transfer, the month's payroll and a supplier, and one credit from the
  // main 収納代行 that no expected payout explains.
  entries.push(
    { bookedOn: '2026-03-04', direction: 'credit', transactionCode: '11', amount: 48_000, payerName: 'ﾀﾙﾐｽﾞ ﾊﾅｺ', remittingBank: 'ｶｺﾞｼﾏ' },
    { bookedOn: '2026-03-13', direction: 'debit', transactionCode: '11', amount: 3_456_000, description: 'ｷﾕｳﾖ 3ｶﾞﾂﾌﾞﾝ' },
    { bookedOn: '2026-03-19', direction: 'debit', transactionCode: '11', amount: 1_234_560, description: 'ｼﾖｳﾓｳﾋﾝ ﾀﾞｲｷﾝ' },
    {
      bookedOn: DEPOSIT_PLANTS.unexpected.on,
      direction: 'credit',
      transactionCode: '11',
      amount: DEPOSIT_PLANTS.unexpected.amount,
      payerName: sourceOf.get(`konbini|${MAIN_AGENT.agentCode}`)!.payerName,
      remittingBank: 'ﾐｽﾞﾎ',
    },
  );
  entries.sort(
    (a, b) =>
      cmp(a.bookedOn, b.bookedOn) || cmp(a.direction, b.direction) || cmp(a.payerName ?? '', b.payerName ?? '') || a.amount - b.amount,
  );

  // 照会番号 run through the month; one file a week, Monday to Sunday (the last to the month's end), made the next business day.
  const numbered = entries.map((e, i) => ({ ...e, referenceNo: String(i + 1).padStart(8, '0') }));
  const files: SampleFile[] = [];
  let balance = OPENING_BALANCE;
  for (let from = STATEMENT_FROM; from <= STATEMENT_TO; from = addCalendarDays(from, 7)) {
    const to = [addCalendarDays(from, 6), STATEMENT_TO].sort()[0];
    const createdOn = addBusinessDays(to, 1);
    const week = numbered.filter((e) => e.bookedOn >= from && e.bookedOn <= to).map(({ payout: _payout, ...e }) => e);
    const records = [
      statementHeader({ ...ACCOUNT, createdOn, coveredFrom: from, coveredTo: to, openingBalance: balance }),
      ...week.map(statementEntry),
      statementTrailerFor(week, balance),
      statementEnd(week.length + 3, 1),
    ];
    const credits = week.filter((e) => e.direction === 'credit');
    balance +=
      credits.reduce((sum, e) => sum + e.amount, 0) - week.filter((e) => e.direction === 'debit').reduce((sum, e) => sum + e.amount, 0);
    const file = `zengin-deposit/NYUSHUKKIN_${createdOn.replace(/-/g, '')}.dat`;
    const buf = joinRecords(records, '\r\n');
    write(file, buf);
    files.push({
      file,
      format: 'zengin-deposit',
      encoding: 'cp932',
      lineEnd: 'crlf',
      bytes: buf.length,
      records: records.length,
      dataRecords: { account: 1, credit: credits.length, debit: week.length - credits.length },
      dataCreatedOn: createdOn,
      rejectedLines: [],
      controlIssues: [],
      expectedExceptionTypes: [],
      note: `入出金取引明細 ${from}〜${to}`,
    });
  }

  const entryOf = (match: (e: (typeof numbered)[number]) => boolean) => numbered.find(match)!;
  const key = (p: Payout) => `${p.format}:${p.provider}:${p.dueOn}`;
  const weekFile = (on: IsoDate) => files.find((f) => f.note!.slice(8, 18) <= on && on <= f.note!.slice(19, 29))?.file ?? files[0].file;
  const deposit = (
    name: string,
    description: string,
    on: IsoDate,
    paymentRef: string,
    types: SampleCase['expectedExceptionTypes'],
  ): SampleCase => ({
    case: name,
    description,
    file: weekFile(on),
    lines: [],
    billNumber: null,
    paymentRef,
    expectedExceptionTypes: types,
  });
  const refOf = (p: Payout) => entryOf((e) => e.payout === p).referenceNo;
  const unexpectedRef = entryOf(
    (e) => e.amount === DEPOSIT_PLANTS.unexpected.amount && e.bookedOn === DEPOSIT_PLANTS.unexpected.on,
  ).referenceNo;
  const cases: SampleCase[] = [
    deposit(
      'deposit_short_konbini',
      `${key(short)}: 収納代行の入金が${DEPOSIT_PLANTS.short.shortBy}円不足（入金額相違）`,
      creditDay(short),
      refOf(short),
      ['deposit_amount_mismatch'],
    ),
    deposit(
      'deposit_missing_eltax',
      `${key(missing)}: eLTAX の払込予定日を過ぎても入金なし（入金未着）`,
      creditDay(missing),
      key(missing),
      ['deposit_missing'],
    ),
    deposit(
      'deposit_late_card',
      `${key(late)}: カードの入金が許容日数を過ぎて着金（遅延入金、例外なし）`,
      creditDay(late),
      refOf(late),
      [],
    ),
    deposit(
      'deposit_unexpected',
      `${DEPOSIT_PLANTS.unexpected.on}: 収納代行から入金予定のない ${DEPOSIT_PLANTS.unexpected.amount}円（想定外入金）`,
      DEPOSIT_PLANTS.unexpected.on,
      unexpectedRef,
      ['unexpected_deposit'],
    ),
    deposit(
      'cash_not_deposited_missing',
      `${key(counterMissing)}: 窓口現金の払込が翌営業日にない（窓口現金未払込）`,
      creditDay(counterMissing),
      key(counterMissing),
      ['cash_not_deposited'],
    ),
    deposit(
      'cash_not_deposited_short',
      `${key(counterShort)}: 窓口現金の払込が${DEPOSIT_PLANTS.counterShort.shortBy}円不足（窓口現金未払込）`,
      creditDay(counterShort),
      refOf(counterShort),
      ['cash_not_deposited'],
    ),
  ];
  return { files, cases, payoutSources: SAMPLE_PAYOUT_SOURCES };
}
