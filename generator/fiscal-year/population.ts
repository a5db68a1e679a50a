import { addCalendarDays, type IsoDate } from '../../src/common/calendar';
import { zeroPad } from '../layouts';
import { pick, randInt, weighted } from '../random';
import { endOfMonthAfter, installmentSchedule, scheduledBill, type BillSpec } from '../schedules';
import { ASSESSED_ON, BANKS, ELTAX_CATEGORIES, FY, GIVEN, MONTHLY_UPDATES, SURNAMES } from './facts';
import { check, type Account, type Bill, type Notice, type Way, type YearContext } from './model';

/**
 * Step 1, population and notices: 6,400 payers, the notices of FY2025's 当初賦課 (and the same payers' FY2026
 * notices assessed in April–May 2026), mid-year 国保 notices, the 随時 bills of every monthly update, the open
 * FY2024 bills (滞納繰越分) and the November scenario's FY2025 bills, carried here unpaid.
 */
export function drawPopulation(ctx: YearContext): void {
  drawPayers(ctx);
  for (const nb of ctx.input.novemberBills) ctx.noticeNumbers.used.add(noticeKey(nb.billNumber));
  assessYear(ctx);
  addMidYearHealthInsurance(ctx);
  issueZuijiBills(ctx);
  carryFy2024Arrears(ctx);
  carryNovemberArrears(ctx);
}

function drawPayers(ctx: YearContext): void {
  for (let id = 200000, i = 0; i < 6400; i++) {
    id += randInt(ctx.rng, 1, 6);
    ctx.payers.push(zeroPad(id, 10));
  }
}

/** 科目 + 賦課年度 and 通知書番号 of a 納付番号: what makes a notice's number taken. */
function noticeKey(billNumber: string): string {
  return `${billNumber.slice(0, 4)}:${billNumber.slice(6, 15)}`;
}

/** The next free 通知書番号 of a category and year (a few numbers apart, never one of the November month's). */
function nextNotice(ctx: YearContext, category: string, fy: number): number {
  const key = `${category}:${fy}`;
  const { used, last } = ctx.noticeNumbers;
  let n = last.get(key) ?? 110000 + randInt(ctx.rng, 0, 400);
  do n += randInt(ctx.rng, 1, 3);
  while (used.has(`${category}${zeroPad(fy % 100, 2)}:${zeroPad(n, 9)}`));
  last.set(key, n);
  return n;
}

export function randomAccount(ctx: YearContext): Account {
  const { rng } = ctx;
  const bank = weighted(
    rng,
    BANKS.map((b) => [b, b.weight] as const),
  );
  return {
    bank,
    branch: pick(rng, bank.branches),
    accountNo: zeroPad(randInt(rng, 1000000, 9999999), 7),
    name: `${pick(rng, SURNAMES)} ${pick(rng, GIVEN)}`,
  };
}

interface NewBill extends BillSpec {
  createdOn: IsoDate;
  owner: Notice | null;
}

export function makeBill(ctx: YearContext, o: NewBill): Bill {
  // Object.assign, not a spread: a spread of this many fields makes slow objects, and there are 100,000 bills.
  const bill: Bill = Object.assign(scheduledBill(o), {
    originalAmount: o.amount,
    createdOn: o.createdOn,
    change: null,
    payableFrom: o.createdOn,
    notice: o.owner,
    neverPay: false,
    planted: false,
    paid: false,
    reissue: '0',
    // Original slips: a store takes them until the end of the month after the 納期限; 随時 slips ten days past it.
    payLimit: o.installment === '00' ? addCalendarDays(o.due, 10) : endOfMonthAfter(o.due, 1),
  });
  ctx.bills.push(bill);
  return bill;
}

/** An amount between lo and hi, mostly near lo, in whole steps. */
function skew(ctx: YearContext, lo: number, hi: number, step: number): number {
  return Math.round((lo + (hi - lo) * ctx.rng() * ctx.rng()) / step) * step;
}

/** A year's amount split into n installments of whole `unit`s, the remainder on the first. */
function split(annual: number, n: number, unit: number): number[] {
  const later = Math.max(unit, Math.floor(annual / n / unit) * unit);
  return [annual - later * (n - 1), ...Array.from({ length: n - 1 }, () => later)];
}

function installmentAmounts(ctx: YearContext, category: string, n: number): number[] {
  const same = (amount: number) => Array.from({ length: n }, () => amount);
  switch (category) {
    case '01':
      return split(skew(ctx, 12000, 400000, 100), n, 100);
    case '02':
      return split(skew(ctx, 8000, 900000, 100), n, 100);
    case '03':
      return [pick(ctx.rng, [2000, 2400, 3600, 3900, 5000, 6900, 7200, 10800, 12900])];
    case '04':
      return split(skew(ctx, 20000, 700000, 100), n, 100);
    case '05':
      return split(skew(ctx, 16000, 110000, 10), n, 10);
    case '06':
      return split(skew(ctx, 9000, 150000, 10), n, 10);
    case '07': // 住宅使用料: the same rent every month
      return same(skew(ctx, 8000, 42000, 100));
    case '08': // 保育所利用料
      return same(skew(ctx, 3000, 40000, 100));
    default:
      throw new Error(category);
  }
}

/** Share of each category's notices paid by 口座振替. */
const DEBIT_SHARE: Record<string, number> = {
  '01': 0.08,
  '02': 0.1,
  '03': 0.05,
  '04': 0.12,
  '05': 0.15,
  '06': 0.15,
  '07': 0.25,
  '08': 0.3,
};

function habitOf(ctx: YearContext, category: string): Way {
  if (ctx.rng() < (DEBIT_SHARE[category] ?? 0)) return 'debit';
  return weighted(ctx.rng, [
    ['bank', 62],
    ['konbini', 21],
    ['app', 4],
    ['eltax', ELTAX_CATEGORIES.has(category) ? 9 : 0],
  ] as const);
}

interface NoticeOptions {
  notice?: number;
  /** Only the installments due on or after this day (a mid-year 加入). */
  from?: IsoDate;
  createdOn?: IsoDate;
  way?: Way;
}

/** A notice (通知書) with its installments of fiscal year fy, as the 当初賦課 made them. */
function addNotice(ctx: YearContext, payerId: string, category: string, fy: number, opts: NoticeOptions = {}): Notice {
  const way = opts.way ?? habitOf(ctx, category);
  const owner: Notice = { payerId, category, way, account: way === 'debit' ? randomAccount(ctx) : null, bills: [] };
  const schedule = installmentSchedule(category, fy).filter((s) => !opts.from || s.due >= opts.from);
  const amounts = installmentAmounts(ctx, category, schedule.length);
  const notice = opts.notice ?? nextNotice(ctx, category, fy);
  const createdOn = opts.createdOn ?? ASSESSED_ON[fy][category];
  schedule.forEach(({ installment, due }, i) => {
    owner.bills.push(makeBill(ctx, { category, fy, installment, due, amount: amounts[i], payerId, notice, createdOn, owner }));
  });
  ctx.notices.push(owner);
  return owner;
}

/** FY2025 当初賦課, and the same payers' FY2026 固定資産税, 軽自動車税, 住宅使用料, 保育所利用料 (assessed April–May 2026). */
function assessYear(ctx: YearContext): void {
  const { rng } = ctx;
  for (const payer of ctx.payers) {
    const cats: string[] = [];
    if (rng() < 0.3) cats.push('01');
    if (rng() < 0.78) cats.push('02');
    const cars = weighted(rng, [
      [0, 25],
      [1, 50],
      [2, 20],
      [3, 5],
    ] as const);
    for (let i = 0; i < cars; i++) cats.push('03');
    if (rng() < 0.3) cats.push('04');
    if (rng() < 0.09) cats.push('05');
    if (rng() < 0.12) cats.push('06');
    if (rng() < 0.06) cats.push('07');
    if (rng() < 0.03) cats.push('08');
    for (const category of cats) {
      const n = addNotice(ctx, payer, category, FY);
      if (['02', '03', '07', '08'].includes(category)) {
        // Next year's notice keeps the 通知書番号 (the 賦課年度 digits tell the bills apart) and mostly the habit.
        const noticeNo = Number(n.bills[0].billNumber.slice(6, 15));
        addNotice(ctx, payer, category, FY + 1, { notice: noticeNo, way: rng() < 0.9 ? n.way : undefined });
      }
    }
  }
}

/** 国保 mid-year 加入: new notices in the monthly updates from August to February, for the installments still to come. */
function addMidYearHealthInsurance(ctx: YearContext): void {
  for (const on of MONTHLY_UPDATES.filter((d) => d >= '2025-08-01' && d <= '2026-02-28')) {
    for (let i = 0; i < 14; i++) addNotice(ctx, pick(ctx.rng, ctx.payers), '04', FY, { from: addCalendarDays(on, 20), createdOn: on });
  }
}

/** 随時 bills (期別 00) issued with each monthly update: 生活環境課手数料 (し尿くみ取り等), 市民課証明交付手数料 (郵送請求の後納分). */
function issueZuijiBills(ctx: YearContext): void {
  const { rng } = ctx;
  for (const on of MONTHLY_UPDATES) {
    const fy = on >= '2026-04-01' ? FY + 1 : FY;
    for (const [category, count] of [
      ['09', randInt(rng, 95, 120)],
      ['10', randInt(rng, 8, 16)],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const payerId = pick(rng, ctx.payers);
        const amount = category === '09' ? skew(ctx, 1000, 30000, 100) : randInt(rng, 1, 6) * pick(rng, [300, 300, 450]);
        const owner: Notice = { payerId, category, way: habitOf(ctx, category), account: null, bills: [] };
        const due = addCalendarDays(on, randInt(rng, 21, 35));
        const notice = nextNotice(ctx, category, fy);
        owner.bills.push(makeBill(ctx, { category, fy, installment: '00', due, amount, payerId, notice, createdOn: on, owner }));
        ctx.notices.push(owner);
      }
    }
  }
}

/** 滞納繰越分 of FY2024, open on 2025-04-01: in the full set, unpaid (except the planted arrears payments). */
function carryFy2024Arrears(ctx: YearContext): void {
  const { rng } = ctx;
  for (let i = 0; i < 560; i++) {
    const category = weighted(rng, [
      ['01', 30],
      ['02', 25],
      ['03', 8],
      ['04', 20],
      ['05', 9],
      ['06', 8],
    ] as const);
    const { installment, due } = pick(rng, installmentSchedule(category, FY - 1));
    const amount = installmentAmounts(ctx, category, category === '03' ? 1 : 4)[1] ?? installmentAmounts(ctx, category, 1)[0];
    const payerId = pick(rng, ctx.payers);
    const createdOn = ASSESSED_ON[FY - 1][category];
    const notice = nextNotice(ctx, category, FY - 1);
    const b = makeBill(ctx, { category, fy: FY - 1, installment, due, amount, payerId, notice, createdOn, owner: null });
    b.neverPay = true;
  }
}

/**
 * The November scenario's FY2025 bills (its 滞納繰越分 of 2026-06-01): the same bills here, never paid in FY2025.
 * A third of them were 口座振替 bills whose debit failed (資金不足).
 */
function carryNovemberArrears(ctx: YearContext): void {
  for (const nb of ctx.input.novemberBills.filter((b) => b.fiscalYear === FY)) {
    const account = ctx.rng() < 0.3 ? randomAccount(ctx) : null;
    const owner: Notice = { payerId: nb.payerId, category: nb.category, way: account ? 'debit' : 'bank', account, bills: [] };
    const createdOn = ASSESSED_ON[FY][nb.category];
    const b = makeBill(ctx, { ...nb, fy: FY, due: nb.dueDate, notice: 0, createdOn, owner, billNumber: nb.billNumber });
    check(b.dueDate === nb.dueDate && b.installment === nb.installment, `november bill ${nb.billNumber} keeps its schedule`);
    b.neverPay = true;
    owner.bills.push(b);
    ctx.notices.push(owner);
    ctx.novemberArrears.push(b);
  }
}

interface PlantOptions {
  way?: Way;
  createdOn?: IsoDate;
}

/** A planted case's bill: its own notice and 通知書番号 (950000100 on), so no ordinary payment comes near it. */
export function plantBill(
  ctx: YearContext,
  category: string,
  fy: number,
  installment: string,
  amount: number,
  opts: PlantOptions = {},
): Bill {
  const due = installmentSchedule(category, fy).find((s) => s.installment === installment)!.due;
  const way = opts.way ?? 'bank';
  const payerId = pick(ctx.rng, ctx.payers);
  const owner: Notice = { payerId, category, way, account: way === 'debit' ? randomAccount(ctx) : null, bills: [] };
  const notice = ctx.noticeNumbers.nextPlanted++;
  const createdOn = opts.createdOn ?? ASSESSED_ON[fy][category];
  const b = makeBill(ctx, { category, fy, installment, due, amount, payerId: owner.payerId, notice, createdOn, owner });
  owner.bills.push(b);
  b.planted = true;
  ctx.plantedBills.push(b);
  return b;
}
