import {
  addCalendarDays,
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  calendarDaysBetween,
  isBankHoliday,
  type IsoDate,
} from '../../src/common/calendar';
import { SECOND_AGENT_CATEGORIES } from '../city';
import { randInt, weighted } from '../random';
import { storePlace, storeTime } from '../stores';
import {
  bankPayment,
  cardPayment,
  debitPayment,
  ELTAX_MEANS,
  eltaxPayment,
  konbiniPayment,
  officeTime,
  postOfficePayment,
} from './channels';
import { CARD_CATEGORIES, CARD_LAUNCH, ELTAX_CATEGORIES, SLIP_LIMIT, WINDOW_FROM, WINDOW_TO } from './facts';
import type { Bill, Notice, YearContext } from './model';

/**
 * Step 5, ordinary payments: exact, on time and each bill at most once across every channel. A notice's
 * habit decides the channel most of the time; 口座振替 notices are debited on every effective 納期限 in the window
 * (a few fail), the others are paid between the notice and the effective 納期限, mostly in its last two weeks.
 */
export function drawOrdinaryPayments(ctx: YearContext): void {
  for (const n of ctx.notices) {
    if (n.way === 'debit') debitNotice(ctx, n);
    else payNotice(ctx, n);
  }
}

/** 振替結果コード of failed debits and their weights (1 資金不足 far the most). */
const FAILED_CODES: [string, number][] = [
  ['1', 75],
  ['2', 5],
  ['3', 8],
  ['4', 4],
  ['8', 3],
  ['9', 5],
];

function debitNotice(ctx: YearContext, n: Notice): void {
  for (const b of n.bills) {
    const inWindow = b.effectiveDue >= WINDOW_FROM && b.effectiveDue <= WINDOW_TO;
    if (b.planted || b.change?.kind === 'cancel' || !inWindow || b.createdOn > b.effectiveDue) continue;
    const fails = b.neverPay || ctx.rng() < 0.025;
    debitPayment(ctx, b, n.account!, fails ? (b.neverPay ? '1' : weighted(ctx.rng, FAILED_CODES)) : '0');
  }
}

/** Share of payers of a category who pay every open installment at once (全期前納) with the first. */
const TOGETHER: Record<string, number> = { '01': 0.15, '02': 0.28, '04': 0.06, '05': 0.05, '06': 0.05 };

interface Choice {
  way: 'bank' | 'konbini' | 'app' | 'eltax' | 'card' | 'post';
  means?: string;
}

function payNotice(ctx: YearContext, n: Notice): void {
  const open = n.bills.filter((b) => !b.neverPay && !b.planted && b.change?.kind !== 'cancel');
  let first = true;
  for (const b of open) {
    if (b.paid) continue;
    const win = windowOf(b);
    if (!win || ctx.rng() < 0.04) continue;
    let day = pickDay(ctx, win[0], win[1]);
    let choice = chooseWay(ctx, n, b, day);
    if (needsBusinessDay(choice) && isBankHoliday(day)) {
      let d = businessDayOnOrAfter(day);
      if (d > win[1]) d = businessDayOnOrBefore(win[1]);
      if (d >= win[0]) day = d;
      else if (b.amount <= SLIP_LIMIT)
        choice = { way: 'konbini' }; // no business day in the window: a store, that day
      else continue;
    }
    const slip = choice.way === 'konbini' || choice.way === 'app';
    const together =
      first && ctx.rng() < (TOGETHER[b.category] ?? 0)
        ? open.filter((x) => !x.paid && x.payableFrom <= day && x.effectiveDue >= day && !(slip && x.amount > SLIP_LIMIT))
        : [b];
    first = false;
    payTogether(ctx, together, day, choice);
  }
}

/** When a bill may be paid: from its notice (installments after the first: 45 days before the 納期限) to its effective 納期限. */
function windowOf(b: Bill): [IsoDate, IsoDate] | null {
  let start = b.payableFrom > WINDOW_FROM ? b.payableFrom : WINDOW_FROM;
  if (b.installment !== '00' && b.installment !== '01') {
    const early = addCalendarDays(b.effectiveDue, -45);
    if (early > start) start = early;
  }
  const end = b.effectiveDue < WINDOW_TO ? b.effectiveDue : WINDOW_TO;
  return start <= end ? [start, end] : null;
}

/** Mostly in the last two weeks of the window, a quarter of the time anywhere in it. */
function pickDay(ctx: YearContext, start: IsoDate, end: IsoDate): IsoDate {
  const span = calendarDaysBetween(start, end);
  if (span <= 13 || ctx.rng() < 0.25) return addCalendarDays(start, randInt(ctx.rng, 0, span));
  return addCalendarDays(end, -randInt(ctx.rng, 0, 13));
}

/** The notice's habit (85%) or another way; slips over 300,000 yen go to a bank; cards from October 2025. */
function chooseWay(ctx: YearContext, n: Notice, b: Bill, day: IsoDate): Choice {
  const { rng } = ctx;
  let way: Choice['way'] =
    n.way !== 'debit' && rng() < 0.85
      ? n.way
      : weighted(rng, [
          ['bank', 62],
          ['konbini', 21],
          ['app', 4],
          ['eltax', 9],
        ] as const);
  if (way === 'eltax' && !ELTAX_CATEGORIES.has(b.category)) way = 'bank';
  if ((way === 'konbini' || way === 'app') && b.amount > SLIP_LIMIT) way = 'bank';
  if (day >= CARD_LAUNCH && CARD_CATEGORIES.has(b.category) && rng() < 0.025) way = 'card';
  if (way === 'konbini' && SECOND_AGENT_CATEGORIES.has(b.category) && rng() < 0.06) way = 'post';
  return way === 'eltax' ? { way, means: weighted(rng, ELTAX_MEANS) } : { way };
}

/** Bank counters and eL-QR paid in cash at a bank (納付手段 01) take payments on business days only. */
function needsBusinessDay(c: Choice): boolean {
  return c.way === 'bank' || c.way === 'post' || (c.way === 'eltax' && c.means === '01');
}

/** One visit: the same place and the same minute for every bill paid together. */
function payTogether(ctx: YearContext, bills: Bill[], day: IsoDate, choice: Choice): void {
  const app = choice.way === 'app';
  const agent = SECOND_AGENT_CATEGORIES.has(bills[0].category) ? 'B' : 'A';
  const place = choice.way === 'konbini' || app ? storePlace(ctx.rng, ctx.stores, agent, app) : undefined;
  const hhmm = place ? storeTime(ctx.rng, app) : undefined;
  const cardTime = officeTime(ctx, 0, 23);
  for (const x of bills) {
    switch (choice.way) {
      case 'bank':
        bankPayment(ctx, x, day);
        break;
      case 'post':
        postOfficePayment(ctx, x, day);
        break;
      case 'konbini':
      case 'app':
        konbiniPayment(ctx, x, day, app, { place, hhmm });
        break;
      case 'eltax':
        eltaxPayment(ctx, x, day, choice.means!);
        break;
      case 'card':
        cardPayment(ctx, x, day, cardTime);
        break;
    }
  }
}
