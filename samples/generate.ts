/**
 * Writes the committed sample files under samples/ and samples/manifest.json, byte for byte the same
 * on every run (seeded mulberry32, no clock, no environment):
 *
 *   npx ts-node --transpile-only samples/generate.ts
 *
 * samples/ doubles as a batch inbox: each subfolder is named after the format of its files
 * (bills/, konbini/, konbini-csv/). The scenario and every planted case are described in
 * samples/README.md; manifest.json lists the cases with the records and exceptions they must produce.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { addBusinessDays, addCalendarDays, businessDaysBetween, effectiveDueDate, isBankHoliday, type IsoDate } from '../src/common/calendar';
import { isValidBarcode, isValidBillNumber } from '../src/common/check-digit';
import { FORMATS, type Channel, type ExceptionType } from '../src/common/codes';
import {
  BILLS_COLUMNS,
  KONBINI_CSV_HEADER,
  RECORD_BYTES,
  KonbiniTotals,
  barcode,
  barcodeAmount,
  billNumber,
  billsCsvRow,
  joinRecords,
  konbiniCsvRow,
  konbiniData,
  konbiniEnd,
  konbiniHeader,
  konbiniTrailer,
  withWrongBarcodeCheck,
  withWrongCheckDigit,
  ymd,
  zeroPad,
  type BillCsvFields,
  type KonbiniDataType,
} from './layouts';
import {
  mulberry32,
  pick,
  randInt,
  weighted,
  type Rng,
} from './random';
import {
  endOfMonthAfter,
  installmentSchedule,
} from './schedules';
import type { SampleCase, SampleFile } from './output';
import { addReceived, emptyFiscalYearTotals, finishTotals } from './totals';
import { generateYear } from './year';

// ---------------------------------------------------------------- the scenario's fixed facts

const SEED = 20261126;
const MUNICIPALITY = '462144';
const TODAY: IsoDate = '2026-11-26';
const REVIEW_DAY: IsoDate = '2026-11-25';
const FIRST_DAY: IsoDate = '2026-11-02';
const LAST_DAY: IsoDate = '2026-11-25';
const FULL_SET_ON: IsoDate = '2026-11-01';
const UPDATE_ON: IsoDate = '2026-11-20';
const FY = 2026;

/** The main 収納代行 (fixed-length files). */
const AGENT_A = { agentCode: '12345', company: '912345', client: '00001', name: 'ﾀﾙﾐｽﾞｼ' };
/** The second 収納代行 (電算システム, CSV): handles 住宅使用料 and 保育所利用料 slips. */
const AGENT_B = { company: '929023', client: '00002', createdOn: '2026-11-24', from: '2026-11-16', to: '2026-11-24' };
const B_CATEGORIES = new Set(['07', '08']);

/** 収納代行 delivery days: every business day of the window; weekend and holiday payments go in the next file. */
const DELIVERY: IsoDate[] = [];
for (let d = FIRST_DAY; d <= LAST_DAY; d = addCalendarDays(d, 1)) if (!isBankHoliday(d)) DELIVERY.push(d);

/** Files of the main 収納代行 that carry something planted in their framing. */
const FILE_PLAN: Record<string, { lineEnd?: 'lf' | 'none'; twoGroups?: true; wrongFinalAmount?: number; noEnd?: true }> = {
  '2026-11-06': { lineEnd: 'lf' },
  '2026-11-10': { lineEnd: 'none' },
  '2026-11-12': { wrongFinalAmount: 10000 },
  '2026-11-16': { twoGroups: true },
  '2026-11-18': { noEnd: true },
  // 2026-11-19 carries the two damaged lines: they are planted as records (see "13." below).
};

interface Cvs {
  code: string;
  name: string;
  channel: Channel;
}
const CVS = {
  seven: { code: '010', name: 'セブン－イレブン', channel: 'convenience_store' },
  lawson: { code: '020', name: 'ローソン', channel: 'convenience_store' },
  family: { code: '030', name: 'ファミリーマート', channel: 'convenience_store' },
  daily: { code: '050', name: 'デイリーヤマザキ', channel: 'convenience_store' },
  ministop: { code: '080', name: 'ミニストップ', channel: 'convenience_store' },
  aupay: { code: '780', name: 'ａｕ　ＰＡＹ', channel: 'smartphone_app' },
  dbarai: { code: '800', name: 'ｄ払い', channel: 'smartphone_app' },
  paypay: { code: '820', name: 'ＰａｙＰａｙ', channel: 'smartphone_app' },
  postAtm: { code: '910', name: '郵便振替', channel: 'bank_counter' },
  postCounter: { code: '911', name: '郵便振替（窓口）', channel: 'bank_counter' },
} satisfies Record<string, Cvs>;
type CvsKey = keyof typeof CVS;

// ---------------------------------------------------------------- bills

interface Bill {
  billNumber: string;
  category: string;
  fiscalYear: number;
  installment: string;
  dueDate: IsoDate;
  effectiveDue: IsoDate;
  amount: number;
  payerId: string;
  updatedOn: IsoDate;
  agent: 'A' | 'B';
  /** The slip the payer holds. */
  reissue: string;
  payLimit: IsoDate;
}

/** 期別 and printed 納期限 of each installment of a category in fiscal year fy (records.ts). */
const schedule = installmentSchedule;

/** When the year's 調定 was made (当初賦課), the 更新日 of its rows in the full set. */
const ASSESSED_ON: Record<string, IsoDate> = {
  '01': '2026-06-10',
  '02': '2026-04-10',
  '03': '2026-04-10',
  '04': '2026-06-15',
  '05': '2026-07-10',
  '06': '2026-07-10',
  '07': '2026-04-01',
  '08': '2026-04-01',
};
/** 滞納繰越分 are carried over when the previous year's books close (出納閉鎖 5/31). */
const CARRIED_OVER_ON: IsoDate = '2026-06-01';
/** 催告書 with reissued slips (再発行区分 1) went out for overdue bills on this day. */
const REMINDER_LIMIT: IsoDate = '2026-11-30';

function amountFor(rng: Rng, category: string): number {
  const skew = (lo: number, hi: number, step: number) => Math.round((lo + (hi - lo) * rng() * rng()) / step) * step;
  switch (category) {
    case '01':
      return skew(3000, 120000, 100);
    case '02':
      return skew(2000, 250000, 100);
    case '03':
      return pick(rng, [2000, 2400, 3600, 3900, 6900, 10800, 12900]);
    case '04':
      return skew(5000, 80000, 100);
    case '05':
      return skew(2000, 15000, 10);
    case '06':
      return skew(1000, 20000, 10);
    case '07':
      return skew(8000, 40000, 100);
    case '08':
      return skew(3000, 40000, 100);
    case '09':
      return skew(1000, 30000, 100);
    case '10':
      return randInt(rng, 4, 10) * 300;
    default:
      throw new Error(category);
  }
}

const noticeCounters = new Map<string, number>();
function nextNotice(rng: Rng, category: string, fy: number): number {
  const key = `${category}:${fy}`;
  const next = (noticeCounters.get(key) ?? 100000 + randInt(rng, 0, 900)) + randInt(rng, 1, 4);
  noticeCounters.set(key, next);
  return next;
}

/** Planted bills take 通知書番号 from their own range so they never meet a random one. */
let plantedNotice = 900000100;

function makeBill(
  category: string,
  fy: number,
  installment: string,
  due: IsoDate,
  amount: number,
  payerId: string,
  notice: number,
  updatedOn: IsoDate,
  slip?: { reissue: string; payLimit: IsoDate },
): Bill {
  const effectiveDue = effectiveDueDate(due);
  // Original slips: a store takes them until the end of the month after the 納期限.
  const originalLimit = endOfMonthAfter(due, 1);
  return {
    billNumber: billNumber(category, fy, installment, notice),
    category,
    fiscalYear: fy,
    installment,
    dueDate: due,
    effectiveDue,
    amount,
    payerId,
    updatedOn,
    agent: B_CATEGORIES.has(category) ? 'B' : 'A',
    reissue: slip?.reissue ?? '0',
    payLimit: slip?.payLimit ?? originalLimit,
  };
}

// ---------------------------------------------------------------- payments and their records

interface FileRef {
  file: string;
  line: number;
}

interface PaymentRecord extends Partial<FileRef> {
  dataType: KonbiniDataType | '12' | '22';
  /** Main 収納代行: the delivery day whose file carries the record. */
  fileDay?: IsoDate;
  /** Planted damage: the record is cut to 119 bytes, or carries a 収納日 that does not exist. */
  damage?: 'short' | 'baddate';
}

interface Payment {
  agent: 'A' | 'B';
  bill: Bill | null;
  /** 納付番号 as the barcode carries it. */
  carried: string;
  barcode: string;
  paidOn: IsoDate;
  paidTime: string;
  cvs: Cvs;
  storeCode: string;
  segment: string;
  records: PaymentRecord[];
  caseName?: string;
}

interface Store {
  cvs: Cvs;
  code: string;
}

const rng = mulberry32(SEED);

// A handful of stores in and around 垂水 (and in 鹿児島市, where commuters pay).
const STORES: Store[] = [];
for (const [key, n] of [['seven', 4], ['lawson', 3], ['family', 3], ['daily', 1], ['ministop', 1]] as const) {
  for (let i = 0; i < n; i++) STORES.push({ cvs: CVS[key], code: zeroPad(randInt(rng, 100000, 999999), 7) });
}
const STORE_WEIGHTS: Record<string, number> = { '010': 36, '020': 25, '030': 26, '050': 5, '080': 8 };
const B_STORES: Store[] = [CVS.seven, CVS.lawson, CVS.family].map((cvs) => ({ cvs, code: zeroPad(randInt(rng, 100000, 999999), 6) }));

function storeOf(key: CvsKey, index = 0, agent: 'A' | 'B' = 'A'): Store {
  const cvs = CVS[key];
  if (cvs.channel === 'smartphone_app') return { cvs, code: agent === 'A' ? '0000000' : '000000' };
  const pool = (agent === 'A' ? STORES : B_STORES).filter((s) => s.cvs === cvs);
  return pool[index % pool.length];
}

function randomPlace(agent: 'A' | 'B'): Store {
  const app = rng() < (agent === 'A' ? 0.2 : 0.15);
  if (app) return storeOf(weighted(rng, [['paypay', 6], ['dbarai', 2], ['aupay', 2]] as const), 0, agent);
  if (agent === 'B') return pick(rng, B_STORES);
  const chain = weighted(rng, Object.entries(STORE_WEIGHTS));
  return pick(
    rng,
    STORES.filter((s) => s.cvs.code === chain),
  );
}

function randomTime(app: boolean): string {
  const hour = app
    ? weighted(rng, Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 0.3 : h === 23 ? 0.5 : 1.5] as const))
    : weighted(rng, Array.from({ length: 16 }, (_, i) => {
        const h = i + 7;
        return [h, h <= 8 || h >= 21 ? 1 : (h >= 12 && h <= 13) || (h >= 18 && h <= 20) ? 3 : 2] as const;
      }));
  return zeroPad(hour, 2) + zeroPad(randInt(rng, 0, 59), 2);
}

function randomDay(from: IsoDate, to: IsoDate): IsoDate {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days.push(d);
  return pick(rng, days);
}

function slipBarcode(agent: 'A' | 'B', carried: string, bill: Bill | null, amount: number, slip?: { reissue: string; payLimit: IsoDate }): string {
  const who = agent === 'A' ? AGENT_A : AGENT_B;
  return barcode({
    companyCode: who.company,
    clientCode: who.client,
    billNumber: carried,
    reissue: slip?.reissue ?? bill?.reissue ?? '0',
    payLimit: slip?.payLimit ?? bill?.payLimit ?? '2026-12-31',
    amount,
  });
}

/** The main 収納代行's file that first reports a payment made on `paidOn`. */
function speedDay(paidOn: IsoDate): IsoDate {
  const d = DELIVERY.find((day) => day >= paidOn);
  if (!d) throw new Error(`no delivery on or after ${paidOn}`);
  return d;
}

/** The delivery day `k` files after `day`, or null past the window. */
function laterDelivery(day: IsoDate, k: number): IsoDate | null {
  const i = DELIVERY.indexOf(day);
  return DELIVERY[i + k] ?? null;
}

function newPayment(agent: 'A' | 'B', bill: Bill | null, paidOn: IsoDate, place: Store, time?: string, carried?: string, code?: string): Payment {
  const number = carried ?? bill!.billNumber;
  const app = place.cvs.channel === 'smartphone_app';
  return {
    agent,
    bill,
    carried: number,
    barcode: code ?? slipBarcode(agent, number, bill, bill!.amount),
    paidOn,
    paidTime: time ?? randomTime(app),
    cvs: place.cvs,
    storeCode: place.code,
    segment: app ? '00' : zeroPad(randInt(rng, 10, 59), 2),
    records: [],
  };
}

/** The usual life of a main-収納代行 payment: 速報 in the next file, 確報 1–3 files later (if within the window). */
function usualRecords(p: Payment): void {
  const first = speedDay(p.paidOn);
  p.records.push({ dataType: '01', fileDay: first });
  const confirm = laterDelivery(first, weighted(rng, [[1, 6], [2, 3], [3, 1]] as const));
  if (confirm) p.records.push({ dataType: '02', fileDay: confirm });
}

// ---------------------------------------------------------------- build the scenario

const payers: string[] = [];
{
  let id = 10000;
  for (let i = 0; i < 600; i++) {
    id += randInt(rng, 1, 40);
    payers.push(zeroPad(id, 10));
  }
}

const bills: Bill[] = [];
/** Open bills of one payer and category: paid together or not at all. */
const groups: Bill[][] = [];
const CATEGORY_SHARE: [string, number][] = [
  ['01', 0.46],
  ['02', 0.46],
  ['03', 0.04],
  ['04', 0.06],
  ['05', 0.05],
  ['06', 0.05],
  ['07', 0.02],
  ['08', 0.02],
];
for (const payer of payers) {
  const cats = CATEGORY_SHARE.filter(([, p]) => rng() < p).map(([c]) => c);
  if (cats.length === 0) cats.push(weighted(rng, CATEGORY_SHARE));
  for (const category of cats) {
    const notice = nextNotice(rng, category, FY);
    const amount = amountFor(rng, category);
    const group: Bill[] = [];
    for (const { installment, due } of schedule(category, FY)) {
      const open = effectiveDueDate(due) >= FIRST_DAY;
      // The full set holds every bill still open on 2026-11-01: later installments, and now and then
      // an earlier one left unpaid (軽自動車税 is due in May, so its rows are all unpaid ones).
      if (!open && category !== '03' && rng() >= 0.03) continue;
      // Half the installments due 10-31 (Saturday; effective 11-02) were paid in October already.
      if (open && effectiveDueDate(due) === FIRST_DAY && rng() < 0.5) continue;
      const bill = makeBill(category, FY, installment, due, amount, payer, notice, ASSESSED_ON[category], open ? undefined : { reissue: '1', payLimit: REMINDER_LIMIT });
      bills.push(bill);
      if (open) group.push(bill);
    }
    if (group.length) groups.push(group);
  }
}
// 随時 bills (期別 00): 生活環境課手数料 and 市民課証明交付手数料 (郵送請求の後納分).
for (const [category, count] of [['09', 60], ['10', 25]] as const) {
  for (let i = 0; i < count; i++) {
    const issued = randomDay('2026-10-01', FULL_SET_ON);
    const due = addCalendarDays(issued, randInt(rng, 21, 35));
    const bill = makeBill(category, FY, '00', due, amountFor(rng, category), pick(rng, payers), nextNotice(rng, category, FY), issued, {
      reissue: '0',
      payLimit: addCalendarDays(due, 10), // about a month after issue
    });
    bills.push(bill);
    if (bill.effectiveDue >= FIRST_DAY) groups.push([bill]);
  }
}
// 滞納繰越分: FY2025 bills still unpaid (reminder slips, 再発行区分 1).
const ARREARS_RANDOM = 97;
for (let i = 0; i < ARREARS_RANDOM; i++) {
  const category = weighted(rng, [['01', 30], ['02', 25], ['03', 8], ['04', 20], ['05', 9], ['06', 8]] as const);
  const { installment, due } = pick(rng, schedule(category, FY - 1));
  bills.push(
    makeBill(category, FY - 1, installment, due, amountFor(rng, category), pick(rng, payers), nextNotice(rng, category, FY - 1), CARRIED_OVER_ON, {
      reissue: '1',
      payLimit: REMINDER_LIMIT,
    }),
  );
}

// Ordinary payments: exact, on time, each bill at most once.
const payments: Payment[] = [];
for (const group of groups) {
  const agent = group[0].agent;
  const from = agent === 'A' ? FIRST_DAY : AGENT_B.from;
  const to = agent === 'A' ? LAST_DAY : AGENT_B.to;
  let open = group;
  // An installment whose 納期限 fell on Saturday 10-31 is due on Monday 11-02: paid that day or not at all here.
  if (agent === 'A' && group[0].effectiveDue === FIRST_DAY) {
    if (rng() < 0.4) payments.push(newPayment(agent, group[0], FIRST_DAY, randomPlace(agent)));
    open = group.slice(1);
  }
  open = open.filter((b) => b.effectiveDue >= from);
  if (open.length === 0) continue;
  const first = open[0];
  const last = first.effectiveDue < to ? first.effectiveDue : to;
  const p = agent === 'B' ? 0.45 : first.effectiveDue <= '2026-11-30' ? 0.93 : first.effectiveDue <= '2026-12-31' ? 0.9 : 0.7;
  if (rng() >= p) continue;
  const paidOn = randomDay(from, last);
  const place = randomPlace(agent);
  const time = randomTime(place.cvs.channel === 'smartphone_app');
  // Some payers settle the rest of the year's installments at the same counter, at the same minute.
  const together = rng() < (agent === 'A' ? 0.8 : 0.25) ? open : [first];
  for (const bill of together) payments.push(newPayment(agent, bill, paidOn, place, time));
}
for (const p of payments) if (p.agent === 'A') usualRecords(p);

// ---------------------------------------------------------------- planted cases

interface PlantedCase {
  case: string;
  description: string;
  payment?: Payment;
  /** Control-total cases: the file and the lines that carry the problem. */
  file?: string;
  lines?: number[];
  rejected?: { reason: string };
  expected: ExceptionType[];
}
const cases: PlantedCase[] = [];
const plantedBills: Bill[] = [];

function plantBill(category: string, fy: number, installment: string, due: IsoDate, amount: number, opts: { payer?: string; updatedOn?: IsoDate; slip?: { reissue: string; payLimit: IsoDate } } = {}): Bill {
  const bill = makeBill(category, fy, installment, due, amount, opts.payer ?? pick(rng, payers), plantedNotice++, opts.updatedOn ?? ASSESSED_ON[category] ?? CARRIED_OVER_ON, opts.slip);
  plantedBills.push(bill);
  bills.push(bill);
  return bill;
}

function dueOf(category: string, fy: number, installment: string): IsoDate {
  return schedule(category, fy).find((s) => s.installment === installment)!.due;
}

/** A planted main-収納代行 payment with explicit 速報/確報/取消 files (null: that record never comes). */
function plant(
  name: string,
  description: string,
  expected: ExceptionType[],
  p: Payment,
  files: { speed?: IsoDate | null; confirm?: IsoDate | null; cancel?: IsoDate | null },
): Payment {
  p.caseName = name;
  const speed = files.speed === undefined ? speedDay(p.paidOn) : files.speed;
  if (speed) p.records.push({ dataType: '01', fileDay: speed });
  if (files.confirm) p.records.push({ dataType: '02', fileDay: files.confirm });
  if (files.cancel) p.records.push({ dataType: '03', fileDay: files.cancel });
  payments.push(p);
  cases.push({ case: name, description, payment: p, expected });
  return p;
}

const reminder = { reissue: '1', payLimit: REMINDER_LIMIT };

// 1. matched: ordinary payments (examples chosen after the files are laid out, below).

// 2. unknown_bill: a well-formed 納付番号 that no bill has.
{
  const carried = billNumber('02', FY, '03', 999001);
  const p = newPayment('A', null, '2026-11-10', storeOf('lawson', 1), '1405', carried, slipBarcode('A', carried, null, 15000, { reissue: '0', payLimit: '2027-01-31' }));
  plant('unknown_bill', '納付番号のチェックデジットは正しいが該当する調定がない', ['unknown_bill'], p, { confirm: '2026-11-11' });
}
// 3. invalid_reference: the 納付番号's check digit is wrong (the barcode's own check digit verifies) …
{
  const bill = plantBill('02', FY, '03', dueOf('02', FY, '03'), 32600);
  const carried = withWrongCheckDigit(bill.billNumber);
  const p = newPayment('A', bill, '2026-11-11', storeOf('family', 2), '1922', carried, slipBarcode('A', carried, bill, bill.amount));
  plant('invalid_reference_bill_number', '納付番号のチェックデジット誤り（バーコード自体のチェックデジットは正しい）。調定の本体15桁と一致しても消し込まない', ['invalid_reference'], p, {
    confirm: '2026-11-13',
  });
}
// … and one whose barcode check digit is wrong (its 納付番号 verifies and names a real bill).
{
  const bill = plantBill('01', FY, '04', dueOf('01', FY, '04'), 18700);
  const p = newPayment('A', bill, '2026-11-12', storeOf('seven', 2), '1041', bill.billNumber, withWrongBarcodeCheck(slipBarcode('A', bill.billNumber, bill, bill.amount)));
  plant('invalid_reference_barcode', 'バーコード（44桁）のチェックデジット誤り。納付番号は正しく実在する調定を指すが消し込まない', ['invalid_reference'], p, { confirm: '2026-11-16' });
}
// 4. amount_short and amount_over: the slip's amount differs from the 調定額.
{
  const bill = plantBill('04', FY, '06', dueOf('04', FY, '06'), 38500);
  const p = newPayment('A', bill, '2026-11-13', storeOf('seven', 0), '1210', bill.billNumber, slipBarcode('A', bill.billNumber, bill, 35000));
  plant('amount_short', '調定額 38,500円に対し 35,000円の納付（過少 3,500円）', ['amount_short'], p, { confirm: '2026-11-17' });
}
{
  const payer = pick(rng, payers);
  const bill = plantBill('02', FY, '03', dueOf('02', FY, '03'), 43200, { payer });
  plantBill('02', FY, '04', dueOf('02', FY, '04'), 43200, { payer }); // same payer's next installment, open: a 充当 target
  const p = newPayment('A', bill, '2026-11-09', storeOf('paypay'), '0915', bill.billNumber, slipBarcode('A', bill.billNumber, bill, 45000));
  plant('amount_over', '調定額 43,200円に対し 45,000円の納付（過誤納 1,800円）。同じ宛名番号に未納の第4期があり充当できる', ['amount_over'], p, { confirm: '2026-11-10' });
}
// 5. duplicate_payment: paid at a store, then by app the same evening; both 速報 and 確報.
{
  const bill = plantBill('02', FY, '03', dueOf('02', FY, '03'), 27800);
  plant('duplicate_first_store', '二重納付の1件目（コンビニ）: 消込済', [], newPayment('A', bill, '2026-11-12', storeOf('seven', 1), '1015'), { confirm: '2026-11-13' });
  plant('duplicate_second_app', '二重納付の2件目（同じ日の夜に PayPay）: 二重納付', ['duplicate_payment'], newPayment('A', bill, '2026-11-12', storeOf('paypay'), '2103'), {
    confirm: '2026-11-16',
  });
}
// 6. late_payment, and two that are not late.
{
  const bill = plantBill('04', FY, '05', dueOf('04', FY, '05'), 21400); // printed 2026-10-31 (Sat), effective 11-02
  plant('late_payment_current_year', '国保税第5期 納期限 2026-10-31（土）→ 実質 11-02、11-05 納付', ['late_payment'], newPayment('A', bill, '2026-11-05', storeOf('lawson', 0), '1830'), {
    confirm: '2026-11-06',
  });
}
{
  const bill = plantBill('03', FY, '01', dueOf('03', FY, '01'), 10800, { slip: reminder }); // printed 2026-05-31 (Sun)
  plant('late_payment_reissued_slip', '軽自動車税 納期限 2026-05-31、催告書の再発行納付書（再発行区分1）で au PAY 納付', ['late_payment'], newPayment('A', bill, '2026-11-10', storeOf('aupay'), '1644'), {
    confirm: '2026-11-11',
  });
}
for (const [category, installment, paidOn, place, time, confirm, amount] of [
  ['01', '04', '2026-11-04', 'seven', '0958', '2026-11-05', 45600],
  ['02', '03', '2026-11-17', 'dbarai', '2219', '2026-11-18', 86300],
  ['04', '08', '2026-11-20', 'family', '1333', '2026-11-24', 30100],
] as const) {
  const bill = plantBill(category, FY - 1, installment, dueOf(category, FY - 1, installment), amount, { slip: reminder });
  plant(
    `late_payment_arrears_${category}`,
    `滞納繰越分（令和7年度 科目${category} 第${Number(installment)}期、納期限 ${bill.dueDate}）の納付`,
    ['late_payment'],
    newPayment('A', bill, paidOn, storeOf(place, 1), time),
    { confirm },
  );
}
{
  const bill = plantBill('09', FY, '00', '2026-11-23', 5600, { updatedOn: '2026-10-26', slip: { reissue: '0', payLimit: '2026-11-26' } });
  plant('not_late_holiday_due', '納期限 2026-11-23（勤労感謝の日）→ 実質 11-24、11-24 納付は期限内', [], newPayment('A', bill, '2026-11-24', storeOf('ministop'), '0852'), {
    confirm: '2026-11-25',
  });
}
{
  const bill = plantBill('01', FY, '03', dueOf('01', FY, '03'), 52300); // printed 2026-10-31 (Sat)
  plant('not_late_saturday_due', '市県民税第3期 納期限 2026-10-31（土）→ 実質 11-02、11-02 納付は期限内', [], newPayment('A', bill, '2026-11-02', storeOf('family', 0), '1320'), {
    confirm: '2026-11-04',
  });
}
// 7. cancelled_payment: a 速報 and, in a later file, its 速報取消 (no 確報).
{
  const bill = plantBill('05', FY, '05', dueOf('05', FY, '05'), 6540);
  plant('cancelled_payment', '速報（11-07 土）を 11-11 のファイルの速報取消（03）が取り消す。調定は未納に戻る', ['cancelled_payment'], newPayment('A', bill, '2026-11-07', storeOf('lawson', 2), '1130'), {
    confirm: null,
    cancel: '2026-11-11',
  });
}
{
  const bill = plantBill('06', FY, '05', dueOf('06', FY, '05'), 4230);
  plant('cancelled_then_repaid_cancelled', '速報（11-13）を 11-16 のファイル（2グループ）の速報取消が取り消す', ['cancelled_payment'], newPayment('A', bill, '2026-11-13', storeOf('seven', 3), '1705'), {
    confirm: null,
    cancel: '2026-11-16',
  });
  plant('cancelled_then_repaid_repaid', '取り消された調定を 11-17 に PayPay で改めて納付: 消込済（二重納付ではない）', [], newPayment('A', bill, '2026-11-17', storeOf('paypay'), '2012'), {
    confirm: '2026-11-18',
  });
}
// 8. preliminary_only: a 速報 of 11-05 never confirmed; and a recent 速報 still pending.
{
  const bill = plantBill('02', FY, '03', dueOf('02', FY, '03'), 14900);
  plant('preliminary_only', '11-05 の速報に確報が来ない。11-25 作成のファイルまで営業日で10日超', ['preliminary_only'], newPayment('A', bill, '2026-11-05', storeOf('lawson', 1), '1422'), {
    confirm: null,
  });
}
{
  const bill = plantBill('01', FY, '04', dueOf('01', FY, '04'), 27500);
  plant('pending_recent_preliminary', '11-25 の速報、確報未着: 待ち（例外にしない）', [], newPayment('A', bill, '2026-11-25', storeOf('seven', 0), '0940'), { confirm: null });
}
// 9. final_only: a 確報 with no 速報 before it.
{
  const bill = plantBill('04', FY, '06', dueOf('04', FY, '06'), 16800);
  plant('final_only', '速報なしで 11-13 のファイルに確報だけが来る（消込はする）', ['final_only'], newPayment('A', bill, '2026-11-12', storeOf('family', 1), '1537'), {
    speed: null,
    confirm: '2026-11-13',
  });
}
// 10. bill_cancelled, and a 減額更正 paid at the old amount. Both bills change in the update file.
const cancelledBill = plantBill('09', FY, '00', '2026-11-27', 24000, { updatedOn: '2026-10-28', slip: { reissue: '0', payLimit: '2026-11-28' } });
const reducedBill = plantBill('02', FY, '03', dueOf('02', FY, '03'), 61200);
const REDUCED_AMOUNT = 55800;
plant('bill_cancelled', '11-20 の更新ファイルで取消された調定への納付（11-21 土）', ['bill_cancelled'], newPayment('A', cancelledBill, '2026-11-21', storeOf('seven', 1), '1005'), {
  confirm: '2026-11-25',
});
plant('reduced_bill_overpaid', '11-20 に減額更正（61,200 → 55,800円）された調定を旧額 61,200円で納付（11-22 日）: 過誤納 5,400円', ['amount_over'], newPayment('A', reducedBill, '2026-11-22', storeOf('paypay'), '1548'), {
  confirm: '2026-11-25',
});
// 13. Two damaged lines in the 11-19 file: their bills stay unpaid.
{
  const bill = plantBill('04', FY, '06', dueOf('04', FY, '06'), 19300);
  const p = newPayment('A', bill, '2026-11-19', storeOf('lawson', 0), '1111');
  p.caseName = 'rejected_short_record';
  p.records.push({ dataType: '01', fileDay: '2026-11-19', damage: 'short' });
  payments.push(p);
  cases.push({ case: p.caseName, description: '119バイトしかない速報レコード: 行として取込拒否、他の行は取り込む', payment: p, rejected: { reason: 'record is 119 bytes, not 120' }, expected: [] });
}
{
  const bill = plantBill('05', FY, '05', dueOf('05', FY, '05'), 8120);
  const p = newPayment('A', bill, '2026-11-19', storeOf('seven', 2), '1620');
  p.caseName = 'rejected_nonexistent_date';
  p.records.push({ dataType: '01', fileDay: '2026-11-19', damage: 'baddate' });
  payments.push(p);
  cases.push({ case: p.caseName, description: '収納日 20261131（存在しない日）の速報レコード: 行として取込拒否', payment: p, rejected: { reason: '収納日 20261131 is not a date' }, expected: [] });
}

// ---------------------------------------------------------------- the second 収納代行 (konbini-csv)
{
  // Ordinary B payments drawn above carry no records yet: 速報 and, up to 11-20, their 確報 in the one file.
  for (const p of payments) {
    if (p.agent !== 'B' || p.records.length) continue;
    p.records.push({ dataType: '01' });
    if (p.paidOn <= '2026-11-20') p.records.push({ dataType: '02' });
  }
  const csvPlant = (name: string, description: string, expected: ExceptionType[], p: Payment, types: PaymentRecord['dataType'][]) => {
    p.caseName = name;
    for (const dataType of types) p.records.push({ dataType });
    payments.push(p);
    cases.push({ case: name, description, payment: p, expected });
  };
  const housing = (amount: number) => plantBill('07', FY, '08', dueOf('07', FY, '08'), amount);
  const nursery = (amount: number) => plantBill('08', FY, '08', dueOf('08', FY, '08'), amount);
  csvPlant('csv_cancelled_payment', '電算システムCSV: 速報（01）と同じファイルの速報取消（03）', ['cancelled_payment'], newPayment('B', housing(23500), '2026-11-18', storeOf('lawson', 0, 'B'), '1247'), ['01', '03']);
  csvPlant('csv_post_office_12', '電算システムCSV: 郵便振替（12, 窓口 911）。速報なしでも確報のみにしない', [], newPayment('B', nursery(16200), '2026-11-17', { cvs: CVS.postCounter, code: '091001' }, '0000'), ['12']);
  csvPlant('csv_post_office_22', '電算システムCSV: 郵便振替訂正（22, ATM 910）。同じバーコード・収納日の12がないので単独の納付', [], newPayment('B', housing(31800), '2026-11-19', { cvs: CVS.postAtm, code: '091002' }, '0000'), ['22']);
  csvPlant('csv_pending_preliminary', '電算システムCSV: 11-24 の速報、確報未着: 待ち', [], newPayment('B', nursery(12400), '2026-11-24', storeOf('family', 0, 'B'), '0817'), ['01']);
}

// ---------------------------------------------------------------- writing the files

const ROOT = __dirname;
type FileInfo = SampleFile;
const files: FileInfo[] = [];
const written = new Map<string, Buffer>();

function write(rel: string, buf: Buffer): void {
  const abs = path.join(ROOT, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, buf);
  written.set(rel, buf);
}

function recordSort(a: { p: Payment; r: PaymentRecord }, b: { p: Payment; r: PaymentRecord }): number {
  const ka = `${a.p.paidOn}${a.p.paidTime}${a.p.storeCode}${a.r.dataType}${a.p.barcode}`;
  const kb = `${b.p.paidOn}${b.p.paidTime}${b.p.storeCode}${b.r.dataType}${b.p.barcode}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// Bills: the full set (CP932, CRLF) and the changes of 11-20 (UTF-8 with BOM, columns in another order).
bills.sort((a, b) => (a.billNumber < b.billNumber ? -1 : a.billNumber > b.billNumber ? 1 : 0));
const billFields = (b: Bill, change?: Partial<BillCsvFields>): BillCsvFields => ({
  municipalityCode: MUNICIPALITY,
  billNumber: b.billNumber,
  category: b.category,
  fiscalYear: b.fiscalYear,
  installment: b.installment,
  dueDate: b.dueDate,
  amount: b.amount,
  payerId: b.payerId,
  status: '有効',
  updatedOn: b.updatedOn,
  ...change,
});
{
  const lines = [BILLS_COLUMNS.join(','), ...bills.map((b) => billsCsvRow(billFields(b)))];
  const rel = `bills/choutei_${ymd(FULL_SET_ON)}.csv`;
  write(rel, iconv.encode(lines.join('\r\n') + '\r\n', 'cp932'));
  files.push({ file: rel, format: 'bills', encoding: 'cp932', lineEnd: 'crlf', records: bills.length, dataRecords: { bills: bills.length }, rejectedLines: [], controlIssues: [], expectedExceptionTypes: [] });

  // "Order may vary": the update export lists its columns differently.
  const order = [1, 8, 6, 9, 0, 2, 3, 4, 5, 7];
  const reorder = (cells: readonly string[]) => order.map((i) => cells[i]).join(',');
  const changes = [billFields(reducedBill, { amount: REDUCED_AMOUNT, updatedOn: UPDATE_ON }), billFields(cancelledBill, { status: '取消', updatedOn: UPDATE_ON })];
  const text = [reorder(BILLS_COLUMNS), ...changes.map((c) => reorder(billsCsvRow(c).split(',')))].join('\r\n') + '\r\n';
  const urel = `bills/choutei_${ymd(UPDATE_ON)}_update.csv`;
  write(urel, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  files.push({ file: urel, format: 'bills', encoding: 'utf8-bom', lineEnd: 'crlf', records: changes.length, dataRecords: { bills: changes.length }, rejectedLines: [], controlIssues: [], expectedExceptionTypes: [] });
}

// Main 収納代行: one fixed-length file per delivery day.
const controlCases: PlantedCase[] = [];
for (const day of DELIVERY) {
  const plan = FILE_PLAN[day] ?? {};
  const rel = `konbini/SYUNO_${ymd(day)}.dat`;
  const recs = payments
    .filter((p) => p.agent === 'A')
    .flatMap((p) => p.records.filter((r) => r.fileDay === day).map((r) => ({ p, r })))
    .sort(recordSort);
  const groupsOfFile = plan.twoGroups ? [recs.filter(({ r }) => r.dataType !== '02'), recs.filter(({ r }) => r.dataType === '02')] : [recs];
  const out: Buffer[] = [];
  const info: FileInfo = {
    file: rel,
    format: 'konbini',
    encoding: 'cp932',
    lineEnd: plan.lineEnd ?? 'crlf',
    records: 0,
    dataRecords: { '01': 0, '02': 0, '03': 0 },
    dataAmounts: { '01': 0, '02': 0, '03': 0 },
    groups: groupsOfFile.length,
    dataCreatedOn: day,
    rejectedLines: [],
    controlIssues: [],
    expectedExceptionTypes: [],
  };
  for (const group of groupsOfFile) {
    out.push(konbiniHeader({ createdOn: day, agentCode: AGENT_A.agentCode, clientCode: AGENT_A.client, clientName: AGENT_A.name, municipalityCode: MUNICIPALITY }));
    const totals = new KonbiniTotals();
    for (const { p, r } of group) {
      const dataType = r.dataType as KonbiniDataType;
      let rec = konbiniData({
        dataType,
        paidYmd: r.damage === 'baddate' ? '20261131' : ymd(p.paidOn),
        paidTime: p.paidTime,
        barcode: p.barcode,
        storeCode: p.storeCode,
        segment: p.segment,
        acquiredOn: p.paidOn,
        transferOn: dataType === '02' ? addBusinessDays(day, 3) : null,
        accountingOn: day,
        cvsCode: p.cvs.code,
      });
      if (r.damage === 'short') rec = rec.subarray(0, RECORD_BYTES - 1);
      out.push(rec);
      r.file = rel;
      r.line = out.length;
      if (r.damage) {
        info.rejectedLines.push({ line: r.line, reason: r.damage === 'short' ? 'record is 119 bytes, not 120' : '収納日 20261131 is not a date' });
        continue; // the sender's totals cover the readable records only (総レコード数 counts every record)
      }
      totals.add(dataType, barcodeAmount(p.barcode));
      info.dataRecords[dataType]++;
      info.dataAmounts![dataType] += barcodeAmount(p.barcode);
    }
    if (plan.wrongFinalAmount) {
      const right = totals.amount['02'];
      totals.amount['02'] += plan.wrongFinalAmount;
      out.push(konbiniTrailer(totals));
      const c: PlantedCase = {
        case: 'control_total_wrong_trailer',
        description: `トレーラーの確報金額 ${totals.amount['02']}円、データレコードの確報合計は ${right}円（${plan.wrongFinalAmount}円多い）`,
        file: rel,
        lines: [out.length],
        expected: ['control_total_mismatch'],
      };
      controlCases.push(c);
      info.controlIssues.push({ line: out.length, issue: `確報金額: trailer ${totals.amount['02']}, records ${right}` });
    } else {
      out.push(konbiniTrailer(totals));
    }
  }
  if (plan.noEnd) {
    controlCases.push({ case: 'control_total_missing_end', description: 'エンドレコード（9）がない。データは全件取り込む', file: rel, lines: [], expected: ['control_total_mismatch'] });
    info.controlIssues.push({ line: null, issue: 'end record missing' });
  } else {
    out.push(konbiniEnd(out.length + 1));
  }
  info.records = out.length;
  if (info.controlIssues.length) info.expectedExceptionTypes = ['control_total_mismatch'];
  const sep = plan.lineEnd === 'lf' ? '\n' : plan.lineEnd === 'none' ? '' : '\r\n';
  const buf = joinRecords(out, sep);
  info.bytes = buf.length;
  write(rel, buf);
  files.push(info);
}
cases.push(...controlCases);

// Second 収納代行: one 電算システム CSV.
{
  const rel = `konbini-csv/DSK_${ymd(AGENT_B.createdOn)}.csv`;
  const recs = payments.filter((p) => p.agent === 'B').flatMap((p) => p.records.map((r) => ({ p, r })));
  const rank: Record<string, number> = { '01': 0, '03': 0, '12': 1, '22': 1, '02': 2 };
  recs.sort((a, b) => rank[a.r.dataType] - rank[b.r.dataType] || recordSort(a, b));
  const lines = [KONBINI_CSV_HEADER];
  const info: FileInfo = {
    file: rel,
    format: 'konbini-csv',
    encoding: 'cp932',
    lineEnd: 'crlf',
    records: 0,
    dataRecords: { '01': 0, '02': 0, '03': 0, '12': 0, '22': 0 },
    dataAmounts: { '01': 0, '02': 0, '03': 0, '12': 0, '22': 0 },
    dataCreatedOn: AGENT_B.createdOn,
    rejectedLines: [],
    controlIssues: [],
    expectedExceptionTypes: [],
  };
  for (const { p, r } of recs) {
    const settled = r.dataType === '02' || r.dataType === '12' || r.dataType === '22';
    lines.push(
      konbiniCsvRow({
        dataType: r.dataType,
        paidOn: p.paidOn,
        paidTime: p.paidTime,
        barcode: p.barcode,
        user1: '0' + AGENT_B.client,
        user2: p.carried.slice(4, 15),
        cvsCode: p.cvs.code,
        cvsName: p.cvs.name,
        storeCode: p.storeCode,
        transferOn: settled ? addBusinessDays(AGENT_B.createdOn, 3) : null,
        createdOn: AGENT_B.createdOn,
      }),
    );
    r.file = rel;
    r.line = lines.length;
    info.dataRecords[r.dataType]++;
    info.dataAmounts![r.dataType] += barcodeAmount(p.barcode);
  }
  info.records = lines.length - 1; // data rows, without the header row
  const buf = iconv.encode(lines.join('\r\n') + '\r\n', 'cp932');
  info.bytes = buf.length;
  write(rel, buf);
  files.push(info);
}

// 1. matched: the first ordinary payment of each channel at the main 収納代行, and one of the second.
{
  const ordinary = payments.filter((p) => !p.caseName && p.records.some((r) => r.dataType === '02'));
  const firstBy = (pred: (p: Payment) => boolean) => ordinary.filter(pred).sort((a, b) => recordSort({ p: a, r: a.records[0] }, { p: b, r: b.records[0] }))[0];
  const examples: [string, string, Payment][] = [
    ['matched_store', 'コンビニ納付（速報→確報）: 消込済', firstBy((p) => p.agent === 'A' && p.cvs.channel === 'convenience_store')],
    ['matched_app', 'スマホアプリ納付（店舗コード 0000000）: 消込済', firstBy((p) => p.agent === 'A' && p.cvs.channel === 'smartphone_app')],
    ['csv_matched', '電算システムCSV: 速報と確報が同じファイル: 消込済', firstBy((p) => p.agent === 'B')],
  ];
  for (const [name, , p] of examples) {
    if (!p) throw new Error(`no ordinary payment for ${name}`);
    p.caseName = name;
  }
  cases.unshift(...examples.map(([name, description, payment]): PlantedCase => ({ case: name, description, payment, expected: [] })));
}

// ---------------------------------------------------------------- self-checks

function check(cond: unknown, message: string): void {
  if (!cond) throw new Error(`self-check failed: ${message}`);
}

for (const info of files.filter((f) => f.format === 'konbini')) {
  const buf = written.get(info.file)!;
  const recs: Buffer[] = [];
  if (info.lineEnd === 'none') {
    check(buf.length % RECORD_BYTES === 0, `${info.file} length`);
    for (let i = 0; i < buf.length; i += RECORD_BYTES) recs.push(buf.subarray(i, i + RECORD_BYTES));
  } else {
    const sep = info.lineEnd === 'lf' ? '\n' : '\r\n';
    const text = buf.toString('latin1');
    check(text.endsWith(sep), `${info.file} ends with a line break`);
    for (const line of text.slice(0, -sep.length).split(sep)) recs.push(Buffer.from(line, 'latin1'));
    if (info.lineEnd === 'lf') check(!text.includes('\r'), `${info.file} has no CR`);
  }
  check(recs.length === info.records, `${info.file} record count`);
  recs.forEach((rec, i) => {
    const line = i + 1;
    const short = info.rejectedLines.some((r) => r.line === line && r.reason.includes('119 bytes'));
    check(rec.length === (short ? RECORD_BYTES - 1 : RECORD_BYTES), `${info.file}:${line} width ${rec.length}`);
    check(iconv.encode(iconv.decode(rec, 'cp932'), 'cp932').equals(rec), `${info.file}:${line} is CP932`);
  });
}
for (const p of payments) {
  const valid = isValidBarcode(p.barcode) && isValidBillNumber(p.carried);
  const meantInvalid = p.caseName?.startsWith('invalid_reference') ?? false;
  check(valid === !meantInvalid, `check digits of ${p.caseName ?? p.barcode}`);
  check(p.barcode.slice(13, 29) === p.carried, `barcode carries ${p.carried}`);
  check(`20${p.barcode.slice(30, 36)}` >= ymd(p.paidOn), `slip still accepted when paid: ${p.caseName ?? p.barcode}`);
  for (const r of p.records) check(r.file && r.line, `record of ${p.caseName ?? p.barcode} was written`);
  if (!p.caseName && p.bill) {
    check(p.paidOn <= p.bill.effectiveDue, `ordinary payment on time: ${p.barcode}`);
    check(barcodeAmount(p.barcode) === p.bill.amount, `ordinary payment exact: ${p.barcode}`);
  }
}
{
  // Each bill is paid at most once by an ordinary payment, and never by one of them when planted.
  const seen = new Set<string>();
  const planted = new Set(plantedBills.map((b) => b.billNumber));
  for (const p of payments) {
    if (p.caseName || !p.bill) continue;
    check(!seen.has(p.bill.billNumber) && !planted.has(p.bill.billNumber), `bill paid once: ${p.bill.billNumber}`);
    seen.add(p.bill.billNumber);
  }
  check(new Set(bills.map((b) => b.billNumber)).size === bills.length, 'bill numbers unique');
  // Only the planted 速報 may be 10+ business days old without its 確報 at the last delivery.
  for (const p of payments) {
    if (p.agent !== 'A' || p.caseName === 'preliminary_only') continue;
    const types = p.records.map((r) => r.dataType);
    if (types.includes('01') && !types.includes('02') && !types.includes('03') && !p.records.some((r) => r.damage)) {
      check(businessDaysBetween(p.paidOn, LAST_DAY) <= 10, `pending 速報 is recent: ${p.caseName ?? p.barcode}`);
    }
    if (p.records.length > 1) check(p.records[0].fileDay! < p.records[1].fileDay!, `later record in a later file: ${p.caseName ?? p.barcode}`);
  }
}

// ---------------------------------------------------------------- the fiscal year (samples/year.ts, its own seed)

const year = generateYear({
  write,
  novemberBills: bills.map((b) => ({
    billNumber: b.billNumber,
    category: b.category,
    fiscalYear: b.fiscalYear,
    installment: b.installment,
    dueDate: b.dueDate,
    amount: b.amount,
    payerId: b.payerId,
  })),
});

// ---------------------------------------------------------------- manifest

// Payments of the November month as the pipeline should count them: one per 速報/確報 pair, cancelled and rejected ones apart.
const received = payments.filter((p) => !p.records.some((r) => r.dataType === '03' || r.damage));
const byChannel: Record<string, { count: number; amount: number }> = {};
for (const p of received) {
  const c = (byChannel[p.cvs.channel] ??= { count: 0, amount: 0 });
  c.count++;
  c.amount += barcodeAmount(p.barcode);
}
const caseOf = new Map(cases.filter((c) => c.payment).map((c) => [c.payment!, c]));
const settleOnly = new Set<ExceptionType>(['late_payment', 'preliminary_only', 'final_only']);
const matched = received.filter((p) => (caseOf.get(p)?.expected ?? []).every((t) => settleOnly.has(t)));
const pending = received.filter((p) => {
  const types = p.records.map((r) => r.dataType);
  return types.includes('01') && !types.includes('02') && p.caseName !== 'preliminary_only';
});

// Every received payment by the fiscal year it counts in: the year's, plus the November month (all FY2026).
const byFiscalYear = year.byFiscalYear;
const fy2026 = (byFiscalYear['2026'] ??= emptyFiscalYearTotals());
for (const p of received) addReceived(fy2026, p.cvs.channel, barcodeAmount(p.barcode), null);
finishTotals(fy2026);

const novemberCases = cases.map((c) => {
  const p = c.payment;
  if (!p) return { case: c.case, description: c.description, file: c.file!, lines: c.lines!, billNumber: null, expectedExceptionTypes: c.expected };
  const first = p.records[0];
  const bill = p.bill;
  // Invalid references are never matched: the bill the slip was printed for is given for information only.
  const invalid = c.expected.includes('invalid_reference');
  const billNow = invalid ? null : bill === reducedBill ? REDUCED_AMOUNT : bill?.amount ?? null;
  return {
    case: c.case,
    description: c.description,
    file: first.file!,
    lines: p.records.filter((r) => r.file === first.file).map((r) => r.line!),
    records: p.records.map((r) => ({ file: r.file!, line: r.line!, dataType: r.dataType as string })),
    billNumber: p.carried,
    ...(invalid ? { intendedBillNumber: bill!.billNumber } : {}),
    payerId: bill && !invalid ? bill.payerId : null,
    paymentRef: p.barcode,
    channel: p.cvs.channel,
    cvsCode: p.cvs.code,
    storeCode: p.storeCode,
    paidOn: p.paidOn,
    paidTime: `${p.paidTime.slice(0, 2)}:${p.paidTime.slice(2)}`,
    paidAmount: barcodeAmount(p.barcode),
    billAmount: billNow,
    dueDate: bill && !invalid ? bill.dueDate : null,
    effectiveDueDate: bill && !invalid ? bill.effectiveDue : null,
    ...(c.rejected ? { rejected: true, reason: c.rejected.reason } : {}),
    expectedExceptionTypes: c.expected,
  };
});
type ManifestCase = (typeof novemberCases)[number] | SampleCase;
const allCases: ManifestCase[] = [...novemberCases, ...year.cases];

const expectedByType: Record<string, number> = {};
for (const c of allCases) for (const t of c.expectedExceptionTypes) expectedByType[t] = (expectedByType[t] ?? 0) + 1;

const formatRank = (f: FileInfo) => (FORMATS as readonly string[]).indexOf(f.format);
const allFiles = [...files, ...year.files].sort((a, b) => formatRank(a) - formatRank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
const receivedOnOf = (file: string) => {
  const m = /(20\d{2})(\d{2})(\d{2})/.exec(file);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
};

const manifest = {
  generator: 'samples/generate.ts (the November month) and samples/year.ts (the fiscal year)',
  regenerate: 'npx ts-node --transpile-only samples/generate.ts',
  check: 'npx ts-node --transpile-only samples/check.ts',
  seed: SEED,
  yearSeed: 20250401,
  scenario: {
    today: TODAY,
    reviewDay: REVIEW_DAY,
    municipalityCode: MUNICIPALITY,
    paymentWindow: [FIRST_DAY, LAST_DAY],
    fiscalYearWindow: ['2025-04-01', '2026-05-31'],
    importOrder:
      'bills/ first (in file-name order: the FY2025 full set and its updates, then the November full set and its 11-20 update), then the payment files; each file is received on the date in its name (zengin-furikae needs it: its 引落日 is MMDD only). Exceptions are decided in order of 納付日, time, arrival, so the golden set assumes one matching run after every import (the nightly batch); matching after each file in format order puts a duplicate on the later-imported payment instead (eltax_first_konbini_dup_*).',
    agents: [
      { format: 'konbini', agentCode: AGENT_A.agentCode, barcodeCompanyCode: AGENT_A.company, clientCode: AGENT_A.client, clientName: AGENT_A.name, lastDataCreatedOn: LAST_DAY },
      { format: 'konbini-csv', agentCode: AGENT_B.company, barcodeCompanyCode: AGENT_B.company, clientCode: AGENT_B.client, lastDataCreatedOn: AGENT_B.createdOn },
    ],
    notes: [
      'Paths are relative to samples/. Lines are 1-based physical lines (records in the file without line breaks; the CSV header row is line 1).',
      'Trailers total the readable data records; 総レコード数 counts every physical record (the two rejected lines of SYUNO_20261119.dat included).',
      'Rejected lines are import errors, not exceptions: their bills stay unpaid.',
      'Ordinary payments are exact, on time (before the effective 納期限) and pay a bill at most once across all channels, so every exception the pipeline raises is one of the cases below.',
      'Counter cases (qr-counter, city-cash) have billNumber null and are keyed by paymentRef: the QR 取引番号, or the register 受付番号 of a cash row.',
      'A payment counts once, by channel, in the fiscal year of domain.md (出納整理期間: April–May payments of an earlier 賦課年度 count in the previous year); failed debits, cancelled payments and QR register rows are not payments.',
    ],
  },
  totals: {
    payments: {
      fiscalYear: 2026,
      note: 'FY2026 as `report cashless --fiscal-year 2026 --by channel` counts it (eLTAX rows split by 納付手段 as eltax:NN): the November month plus the FY2026 bills and counter payments of April–May 2026',
      received: fy2026.received,
      receivedAmount: fy2026.receivedAmount,
      byChannel: fy2026.byChannel,
    },
    byFiscalYear,
    november2026: {
      bills: {
        fullSetRows: bills.length,
        updateRows: 2,
        byFiscalYear: countBy(bills, (b) => String(b.fiscalYear)),
        byCategory: countBy(bills, (b) => b.category),
        activeAfterUpdate: bills.length - 1,
        cancelledAfterUpdate: 1,
      },
      paymentRecords: {
        konbini: sumRecords('konbini'),
        'konbini-csv': sumRecords('konbini-csv'),
        rejectedLines: files.reduce((s, f) => s + f.rejectedLines.length, 0),
      },
      payments: {
        received: received.length,
        receivedAmount: received.reduce((s, p) => s + barcodeAmount(p.barcode), 0),
        byChannel,
        cancelled: payments.filter((p) => p.records.some((r) => r.dataType === '03')).length,
        pendingPreliminary: pending.length,
        matchedInFull: matched.length,
      },
    },
    fiscalYear2025: year.totals,
    files: { count: allFiles.length, bytes: allFiles.reduce((s, f) => s + (f.bytes ?? 0), 0) },
    expectedExceptions: { total: Object.values(expectedByType).reduce((s, n) => s + n, 0), byType: expectedByType },
  },
  files: allFiles.map(({ expectedExceptionTypes, ...f }) => ({ ...f, receivedOn: f.receivedOn ?? receivedOnOf(f.file), expectedExceptionTypes })),
  cases: allCases,
};

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of items.map(key).sort()) out[k] = (out[k] ?? 0) + 1;
  return out;
}

function sumRecords(format: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of files.filter((x) => x.format === format)) for (const [k, v] of Object.entries(f.dataRecords)) out[k] = (out[k] ?? 0) + v;
  return out;
}

write('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'));

process.stderr.write(
  `wrote ${written.size} files (${manifest.totals.files.bytes} bytes of sample files): November ${bills.length} bills, ${received.length} payments; ` +
    `fiscal year ${JSON.stringify(Object.fromEntries(Object.entries(byFiscalYear).map(([fy, t]) => [fy, t.received])))}; ${allCases.length} cases, exceptions ${JSON.stringify(expectedByType)}\n`,
);

// ---------------------------------------------------------------- README (generated, so its numbers never go stale)

function readme(): string {
  const t = manifest.totals;
  const nov = t.november2026;
  const fmtLines = (c: ManifestCase) => {
    const recs = 'records' in c && c.records ? c.records : [];
    if (recs.length) return recs.map((r) => `${r.file}:${r.line} (${r.dataType})`).join('<br>');
    return c.lines && c.lines.length ? `${c.file}:${c.lines.join(',')}` : `${c.file}`;
  };
  const keyOf = (c: ManifestCase) => c.billNumber ?? ('paymentRef' in c && c.paymentRef ? `ref ${c.paymentRef}` : '');
  const fileNote = (f: (typeof manifest.files)[number]): string => {
    const notes: string[] = [];
    if (f.note) notes.push(f.note);
    else if (f.format === 'bills') notes.push(f.encoding === 'cp932' ? 'full set of bills open on 2026-11-01' : 'changes of 2026-11-20: one 減額更正, one 取消; columns in another order');
    if (f.lineEnd === 'lf') notes.push('LF line ends');
    if (f.lineEnd === 'none') notes.push('no line breaks (records back to back)');
    if (f.format === 'konbini' && !f.note && f.groups && f.groups > 1) notes.push(`${f.groups} groups (速報+取消, then 確報)`);
    for (const r of f.rejectedLines) notes.push(`line ${r.line} rejected: ${r.reason}`);
    for (const i of f.controlIssues) notes.push(`control_total_mismatch: ${i.issue}${i.line ? ` (line ${i.line})` : ''}`);
    if (f.format === 'konbini-csv' && !f.note) notes.push('電算システム 13 columns, EAN barcodes, 12/22 郵便振替 rows');
    return notes.join('; ');
  };
  const dataCounts = (f: (typeof manifest.files)[number]) =>
    f.format === 'bills' ? '' : Object.entries(f.dataRecords).filter(([, n]) => n > 0).map(([k, n]) => `${k}×${n}`).join(' ');
  const channels = (bc: Record<string, { count: number; amount: number }>) =>
    Object.entries(bc)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([ch, v]) => `${ch} ${v.count} (${v.amount.toLocaleString('en-US')} yen)`)
      .join(', ');
  return `# samples/ — a fiscal year and a month of 垂水市's payments, with planted problems

**Generated: do not edit.** Every file here (this README and manifest.json included) is written by
\`samples/generate.ts\` (the November month, seed ${SEED}) and \`samples/year.ts\` (the fiscal year, seed ${manifest.yearSeed});
running it again gives the same bytes:

    npx ts-node --transpile-only samples/generate.ts
    npx ts-node --transpile-only samples/check.ts     # parses every file, re-derives the totals and the exceptions

The folder doubles as a batch inbox: each subfolder is named after the \`format\` of its files
(\`keshikomi batch --inbox samples\`). Byte layouts are those of shared/docs/formats.md. Every file name carries the
day the file arrived (\`YYYYMMDD\`): import each file with that day as \`--received-on\` (the sample loader does).
${manifest.files.length} files, ${t.files.bytes.toLocaleString('en-US')} bytes.

${year.readme}
## The November month
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
- **Main 収納代行** (\`konbini/\`, 収納代行コード ${AGENT_A.agentCode}, barcode company ${AGENT_A.company}, client ${AGENT_A.client},
  ${AGENT_A.name}): one file per business day from ${FIRST_DAY} to ${LAST_DAY} (データ作成日 = the day). A payment's 速報 is in
  the file of its 収納日 (weekend and holiday payments in the next business day's file); its 確報 comes 1–3 files later
  with 振込予定日 three business days after that file. Payments whose 確報 would come after ${LAST_DAY} are still
  pending (all of them within 10 business days, so not \`preliminary_only\`).
- **Second 収納代行** (\`konbini-csv/\`, 電算システム, barcode company ${AGENT_B.company}, client ${AGENT_B.client}): handles the
  住宅使用料 and 保育所利用料 slips. One file, データ作成日 ${AGENT_B.createdOn}, with the payments of ${AGENT_B.from} – ${AGENT_B.to}:
  速報 and 確報 of the same payment in the same file (確報 up to 収納日 11-20), plus 郵便振替 rows.
- **Slips**: barcode = \`91\` + company + client + 納付番号 + 再発行区分 + 支払期限 (YYMMDD) + 印紙フラグ \`0\` + amount (6)
  + check digit. Original slips are accepted until the end of the month after the 納期限; 随時 slips about a
  month after issue; overdue bills were paid with reminder slips (再発行区分 \`1\`, 支払期限 ${REMINDER_LIMIT}).
- **Ordinary payments** are exact and on time and pay each bill at most once (a payer often pays the rest of the
  year's installments at the same counter in the same minute). So every exception the pipeline raises is a
  planted one below. Channels: convenience stores 010/020/030/050/080 and apps 820 PayPay, 800 d払い, 780 au PAY
  (店舗コード \`0000000\`); 郵便振替 910/911 in the CSV.

## Files
| file | format | encoding, line ends | records | data records | notes |
| --- | --- | --- | --- | --- | --- |
${manifest.files.map((f) => `| ${f.file} | ${f.format} | ${f.encoding}, ${f.lineEnd} | ${f.records} | ${dataCounts(f)} | ${fileNote(f)} |`).join('\n')}

Records are counted as the parser sees them: for \`konbini\` and \`zengin-furikae\` every 120-byte record (header, data,
trailer, end); for CSV the data rows without the header row (and without the 合計 trailer of \`credit-card\`).
Data records by type: konbini データ種別, konbini-csv 種別, eltax and bank-counter 取消区分, credit-card 取引区分,
zengin-furikae 振替結果コード, qr-counter 取引ステータス, city-cash 支払方法 (取消 = a void row).

## Planted cases
| case | records (file:line) | 納付番号 / ref | expected exceptions | what |
| --- | --- | --- | --- | --- |
${allCases.map((c) => `| ${c.case} | ${fmtLines(c)} | ${keyOf(c)} | ${c.expectedExceptionTypes.join(', ') || '(none)'}${'rejected' in c && c.rejected ? ' — line rejected' : ''} | ${c.description} |`).join('\n')}

Cases with expected exceptions "(none)" are examples of rules that must *not* raise one (出納整理期間, a 減額更正 paid at
its new amount, eLTAX paid in cash at a bank, 郵便振替, failed debits that are not payments, the first of two payments).

## Expected results
- Received payments by the fiscal year they count in (the cashless report's numbers; default cashless set
  ${JSON.stringify(['smartphone_app', 'qr_counter', 'credit_card', 'direct_debit', 'eltax 03–06'])}):
${Object.entries(byFiscalYear).map(([fy, v]) => `  - FY${fy}: ${v.received}, ${v.receivedAmount.toLocaleString('en-US')} yen — ${channels(v.byChannel)}. Cashless ${v.cashless.count} (${v.cashless.shareByCount}), 窓口外 share ${v.counter.nonCounterShareByCount}.`).join('\n')}
- \`totals.payments\` is FY2026 (what \`report cashless --fiscal-year 2026\` must show): ${t.payments.received}, ${t.payments.receivedAmount.toLocaleString('en-US')} yen.
- November month alone: bills ${nov.bills.fullSetRows} (${Object.entries(nov.bills.byFiscalYear).map(([y, n]) => `FY${y}: ${n}`).join(', ')}); after the update ${nov.bills.activeAfterUpdate} active, ${nov.bills.cancelledAfterUpdate} cancelled, one reduced.
  Payment records: konbini ${Object.entries(nov.paymentRecords.konbini).map(([k, n]) => `${k}×${n}`).join(' ')}; konbini-csv ${Object.entries(nov.paymentRecords['konbini-csv']).map(([k, n]) => `${k}×${n}`).join(' ')}; ${nov.paymentRecords.rejectedLines} rejected lines.
  Payments received (one per 速報/確報 pair; cancelled ones and rejected lines excluded): ${nov.payments.received}, ${nov.payments.receivedAmount.toLocaleString('en-US')} yen —
  ${channels(nov.payments.byChannel)}. Cancelled: ${nov.payments.cancelled}. 速報 still pending (not exceptions): ${nov.payments.pendingPreliminary}. Settled in full (消込済, late or not, pending 速報 included): ${nov.payments.matchedInFull}.
- Exceptions: ${t.expectedExceptions.total} — ${Object.entries(t.expectedExceptions.byType).map(([k, n]) => `${k} ${n}`).join(', ')}.

## manifest.json
- \`scenario\`: dates, the two 収納代行, the import order the expectations assume, notes.
- \`totals\`: \`payments\` (FY2026 as the report counts it), \`byFiscalYear\` (every year: count, yen, \`byChannel\` keyed as the
  report keys its rows (eLTAX split by 納付手段: \`eltax:01\` … \`eltax:06\`), \`byContractChannel\` (the eight channels), \`eltaxByMeans\`,
  cashless and counter counts), \`november2026\` (the month's own counts), \`fiscalYear2025\` (bills, 出納整理期間,
  口座振替 with failed debits by 振替結果コード, cancellations, the counter), \`files\`, \`expectedExceptions\`.
- \`files[]\`: \`{file, format, encoding, lineEnd, records, dataRecords, dataAmounts, groups, dataCreatedOn, receivedOn, rejectedLines[{line, reason}], controlIssues[{line, issue}], bytes, note, expectedExceptionTypes}\`.
- \`cases[]\`: \`{case, description, file, lines, records[{file, line, dataType}], billNumber, intendedBillNumber?, payerId,
  paymentRef, channel, meansCode?, cvsCode?, storeCode?, category?, paidOn, paidTime, paidAmount, billAmount, expectedAmount?, dueDate, effectiveDueDate,
  fiscalYear?, notPayment?, rejected?, reason?, expectedExceptionTypes}\`. \`file\`/\`lines\` are where the payment first appears; \`records\`
  lists all of its records. \`billNumber\` is the 納付番号 as the record carries it (null for counter payments, keyed by
  \`paymentRef\`: the QR 取引番号 or the register 受付番号); \`paymentRef\` is the barcode (konbini), 受付番号 (eltax), 決済ID
  (card), 取引番号 (QR) or 受付番号 (cash), null for bank-counter and 口座振替 rows, which have no id of their own;
  \`billAmount\` is the 調定額 the payment is matched against (null when it cannot be matched); \`expectedAmount\` the register
  amount of a QR row; \`fiscalYear\` the year the payment counts in; \`notPayment\` marks failed debits and a QR row with no
  transaction. File-level cases (\`*control_total*\`) have only \`case, description, file, lines, billNumber: null, expectedExceptionTypes\`.

Paths are relative to samples/. Lines are 1-based physical lines (in the file without line breaks, the record
number; in CSV files the header row is line 1).

## Conventions worth knowing
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

## Benchmark input
\`bench/make-konbini.ts\` reuses the record builders of \`samples/records.ts\` to stream a large valid file (N 速報 + N
確報) and its bills CSV: \`npx ts-node --transpile-only bench/make-konbini.ts --payments 200000 --out bench/out/konbini-200k.dat --bills bench/out/bills-200k.csv\`.
`;
}

write('README.md', Buffer.from(readme(), 'utf8'));
