import { addCalendarDays, type IsoDate } from '../../src/common/calendar';
import { pick, randInt } from '../random';
import { endOfMonthAfter } from '../schedules';
import { FY, MONTHLY_UPDATES } from './facts';
import type { Bill, YearContext } from './model';

/**
 * Step 2, bills and their updates: the monthly updates of June 2025 – March 2026 lower some installments still
 * to come (減額更正: a 審査申出 or a corrected income; the payer gets a new slip) and cancel others (取消: a tenant
 * moves out, a child leaves the nursery, a 随時 bill issued in error). Decided before any payment, so a changed bill
 * is paid, if at all, after its update and at its new amount; a cancelled one never.
 */
export function decideBillChanges(ctx: YearContext): void {
  const changeable = ctx.notices.filter(
    (n) => n.way !== 'debit' && ['01', '02', '04'].includes(n.category) && n.bills[0]?.fiscalYear === FY && !n.bills[0].neverPay,
  );
  for (const on of MONTHLY_UPDATES.filter((d) => d >= '2025-06-02' && d <= '2026-03-02')) {
    for (let k = 0; k < 8; k++) reduceOne(ctx, on, pick(ctx.rng, changeable).bills);
    cancelTenancies(ctx, on);
    cancelWrongZuiji(ctx, on);
  }
}

function changed(ctx: YearContext, on: IsoDate, b: Bill, kind: 'reduce' | 'cancel'): void {
  b.change = { on, kind };
  const list = ctx.changesOn.get(on) ?? [];
  ctx.changesOn.set(on, list);
  list.push(b);
}

/** 減額更正 of the notice's next installment due at least two weeks after the update, by 5–30%. */
function reduceOne(ctx: YearContext, on: IsoDate, bills: Bill[]): void {
  const b = bills.find((x) => !x.change && x.createdOn < on && x.dueDate >= addCalendarDays(on, 14));
  if (!b) return;
  changed(ctx, on, b, 'reduce');
  b.amount = Math.max(100, Math.round((b.amount * (70 + randInt(ctx.rng, 0, 25))) / 100 / 100) * 100);
  if (b.amount >= b.originalAmount) b.amount = b.originalAmount - 100;
  b.payableFrom = addCalendarDays(on, 1);
  b.reissue = '1';
}

/** 取消 of the months still to come of one 住宅使用料 and one 保育所利用料 notice. */
function cancelTenancies(ctx: YearContext, on: IsoDate): void {
  for (const category of ['07', '08']) {
    const ofYear = ctx.notices.filter((x) => x.category === category && x.bills[0]?.fiscalYear === FY);
    const n = pick(
      ctx.rng,
      ofYear.filter((x) => x.bills.every((b) => !b.change)),
    );
    for (const b of n.bills.filter((x) => x.dueDate >= endOfMonthAfter(on, 1))) changed(ctx, on, b, 'cancel');
  }
}

/** 取消 of a 随時 bill (科目 09) issued in error and not yet due. */
function cancelWrongZuiji(ctx: YearContext, on: IsoDate): void {
  const open = (b: Bill) => b.createdOn < on && b.dueDate > on && !b.change;
  const wrong = ctx.notices.filter((x) => x.category === '09' && open(x.bills[0]));
  if (wrong.length) changed(ctx, on, pick(ctx.rng, wrong).bills[0], 'cancel');
}
