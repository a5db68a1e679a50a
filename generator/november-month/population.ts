import { addCalendarDays, effectiveDueDate, type IsoDate } from '../../src/common/calendar';
import { SECOND_AGENT_CATEGORIES } from '../city';
import { zeroPad } from '../layouts';
import { pick, randInt, weighted, type Rng } from '../random';
import { endOfMonthAfter, installmentSchedule, scheduledBill, type BillSpec } from '../schedules';
import { ASSESSED_ON, CARRIED_OVER_ON, FIRST_DAY, FULL_SET_ON, FY, REMINDER_LIMIT } from './facts';
import type { Bill, NovemberContext, Slip } from './model';

/**
 * Step 1, population and bills: 600 payers and the core system's full set of bills open on 2026-11-01 —
 * FY2026 installments still to come (and now and then an earlier one left unpaid), 随時 bills, and 97 滞納繰越
 * bills of FY2025 (the planted cases add theirs). Bills of one payer and category still open form a group.
 */
export function drawPopulation(ctx: NovemberContext): void {
  drawPayers(ctx);
  assessYear(ctx);
  issueZuijiBills(ctx);
  carryArrears(ctx);
}

function drawPayers(ctx: NovemberContext): void {
  let id = 10000;
  for (let i = 0; i < 600; i++) {
    id += randInt(ctx.rng, 1, 40);
    ctx.payers.push(zeroPad(id, 10));
  }
}

/** An installment's amount by category: from, to, in steps of (mostly near the low end). */
const AMOUNT_RANGES: Record<string, [number, number, number]> = {
  '01': [3000, 120000, 100],
  '02': [2000, 250000, 100],
  '04': [5000, 80000, 100],
  '05': [2000, 15000, 10],
  '06': [1000, 20000, 10],
  '07': [8000, 40000, 100],
  '08': [3000, 40000, 100],
  '09': [1000, 30000, 100],
};

function amountFor(rng: Rng, category: string): number {
  if (category === '03') return pick(rng, [2000, 2400, 3600, 3900, 6900, 10800, 12900]); // 軽自動車税: by vehicle
  if (category === '10') return randInt(rng, 4, 10) * 300; // 証明手数料: 300 yen a copy
  const range = AMOUNT_RANGES[category];
  if (!range) throw new Error(`no amounts for category ${category}`);
  const [lo, hi, step] = range;
  return Math.round((lo + (hi - lo) * rng() * rng()) / step) * step;
}

function nextNotice(ctx: NovemberContext, category: string, fy: number): number {
  const key = `${category}:${fy}`;
  const { last } = ctx.noticeNumbers;
  const next = (last.get(key) ?? 100000 + randInt(ctx.rng, 0, 900)) + randInt(ctx.rng, 1, 4);
  last.set(key, next);
  return next;
}

export interface NewBill extends BillSpec {
  updatedOn: IsoDate;
  /** A reminder or 随時 slip; else the original slip, taken until the end of the month after the 納期限. */
  slip?: Slip;
}

export function makeBill(b: NewBill): Bill {
  return {
    ...scheduledBill(b),
    updatedOn: b.updatedOn,
    agent: SECOND_AGENT_CATEGORIES.has(b.category) ? 'B' : 'A',
    reissue: b.slip?.reissue ?? '0',
    payLimit: b.slip?.payLimit ?? endOfMonthAfter(b.due, 1),
  };
}

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

/** FY2026's installments of each payer's categories, as open on 2026-11-01. */
function assessYear(ctx: NovemberContext): void {
  const { rng } = ctx;
  for (const payerId of ctx.payers) {
    const cats = CATEGORY_SHARE.filter(([, p]) => rng() < p).map(([c]) => c);
    if (cats.length === 0) cats.push(weighted(rng, CATEGORY_SHARE));
    for (const category of cats) {
      const notice = nextNotice(ctx, category, FY);
      const amount = amountFor(rng, category);
      const group: Bill[] = [];
      for (const { installment, due } of installmentSchedule(category, FY)) {
        const open = effectiveDueDate(due) >= FIRST_DAY;
        // The full set holds every bill still open on 2026-11-01: later installments, and now and then
        // an earlier one left unpaid (軽自動車税 is due in May, so its rows are all unpaid ones).
        if (!open && category !== '03' && rng() >= 0.03) continue;
        // Half the installments due 10-31 (Saturday; effective 11-02) were paid in October already.
        if (open && effectiveDueDate(due) === FIRST_DAY && rng() < 0.5) continue;
        const slip = open ? undefined : { reissue: '1', payLimit: REMINDER_LIMIT };
        const bill = makeBill({ category, fy: FY, installment, due, amount, payerId, notice, updatedOn: ASSESSED_ON[category], slip });
        ctx.bills.push(bill);
        if (open) group.push(bill);
      }
      if (group.length) ctx.groups.push(group);
    }
  }
}

/** A day from `from` to `to`, both included. */
export function randomDay(rng: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) days.push(d);
  return pick(rng, days);
}

/** 随時 bills (期別 00): 生活環境課手数料 and 市民課証明交付手数料 (郵送請求の後納分), issued in October. */
function issueZuijiBills(ctx: NovemberContext): void {
  const { rng } = ctx;
  for (const [category, count] of [
    ['09', 60],
    ['10', 25],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const issued = randomDay(rng, '2026-10-01', FULL_SET_ON);
      const due = addCalendarDays(issued, randInt(rng, 21, 35));
      const amount = amountFor(rng, category);
      const payerId = pick(rng, ctx.payers);
      const notice = nextNotice(ctx, category, FY);
      // The slip is taken about a month after issue.
      const slip = { reissue: '0', payLimit: addCalendarDays(due, 10) };
      const bill = makeBill({ category, fy: FY, installment: '00', due, amount, payerId, notice, updatedOn: issued, slip });
      ctx.bills.push(bill);
      if (bill.effectiveDue >= FIRST_DAY) ctx.groups.push([bill]);
    }
  }
}

/** 滞納繰越分: FY2025 bills still unpaid (reminder slips, 再発行区分 1). */
function carryArrears(ctx: NovemberContext): void {
  const { rng } = ctx;
  for (let i = 0; i < 97; i++) {
    const category = weighted(rng, [
      ['01', 30],
      ['02', 25],
      ['03', 8],
      ['04', 20],
      ['05', 9],
      ['06', 8],
    ] as const);
    const { installment, due } = pick(rng, installmentSchedule(category, FY - 1));
    const amount = amountFor(rng, category);
    const payerId = pick(rng, ctx.payers);
    const notice = nextNotice(ctx, category, FY - 1);
    const slip = { reissue: '1', payLimit: REMINDER_LIMIT };
    ctx.bills.push(makeBill({ category, fy: FY - 1, installment, due, amount, payerId, notice, updatedOn: CARRIED_OVER_ON, slip }));
  }
}

export interface PlantOptions {
  payer?: string;
  updatedOn?: IsoDate;
  slip?: Slip;
}

/** A planted case's bill: 通知書番号 from its own range (900000100 on), so it never meets a random one. */
export function plantBill(
  ctx: NovemberContext,
  category: string,
  fy: number,
  installment: string,
  due: IsoDate,
  amount: number,
  opts: PlantOptions = {},
): Bill {
  const payerId = opts.payer ?? pick(ctx.rng, ctx.payers);
  const updatedOn = opts.updatedOn ?? ASSESSED_ON[category] ?? CARRIED_OVER_ON;
  const notice = ctx.noticeNumbers.nextPlanted++;
  const bill = makeBill({ category, fy, installment, due, amount, payerId, notice, updatedOn, slip: opts.slip });
  ctx.plantedBills.push(bill);
  ctx.bills.push(bill);
  return bill;
}

/** The printed 納期限 of an installment. */
export function dueOf(category: string, fy: number, installment: string): IsoDate {
  return installmentSchedule(category, fy).find((s) => s.installment === installment)!.due;
}
