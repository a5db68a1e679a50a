import type { IsoDate } from '../../src/common/calendar';
import { MAIN_AGENT, SECOND_AGENT } from '../city';
import { barcode, zeroPad } from '../layouts';
import { randInt, weighted } from '../random';
import { CVS, storePlace, storeTime, type Agent, type CvsKey, type Store } from '../stores';
import { DELIVERY, FIRST_DAY, LAST_DAY, SECOND_AGENT_FILE } from './facts';
import type { Bill, NovemberContext, Payment, Slip } from './model';
import { randomDay } from './population';

/**
 * Step 2, ordinary payments: exact, on time, each bill at most once. A group of one payer's open bills is paid
 * within the window or not at all, often together at the same counter in the same minute. At the main 収納代行
 * a payment's 速報 comes in the next delivery day's file and its 確報 1–3 files later (if within the window).
 */
export function drawOrdinaryPayments(ctx: NovemberContext): void {
  const { rng } = ctx;
  for (const group of ctx.groups) {
    const agent = group[0].agent;
    const from = agent === 'A' ? FIRST_DAY : SECOND_AGENT_FILE.from;
    const to = agent === 'A' ? LAST_DAY : SECOND_AGENT_FILE.to;
    let open = group;
    // An installment whose 納期限 fell on Saturday 10-31 is due on Monday 11-02: paid that day or not at all here.
    if (agent === 'A' && group[0].effectiveDue === FIRST_DAY) {
      if (rng() < 0.4) ctx.payments.push(newPayment(ctx, agent, group[0], FIRST_DAY, randomPlace(ctx, agent)));
      open = group.slice(1);
    }
    open = open.filter((b) => b.effectiveDue >= from);
    if (open.length === 0) continue;
    const first = open[0];
    const last = first.effectiveDue < to ? first.effectiveDue : to;
    const p = agent === 'B' ? 0.45 : first.effectiveDue <= '2026-11-30' ? 0.93 : first.effectiveDue <= '2026-12-31' ? 0.9 : 0.7;
    if (rng() >= p) continue;
    const paidOn = randomDay(rng, from, last);
    const place = randomPlace(ctx, agent);
    const time = storeTime(rng, place.cvs.channel === 'smartphone_app');
    // Some payers settle the rest of the year's installments at the same counter, at the same minute.
    const together = rng() < (agent === 'A' ? 0.8 : 0.25) ? open : [first];
    for (const bill of together) ctx.payments.push(newPayment(ctx, agent, bill, paidOn, place, time));
  }
  for (const p of ctx.payments) if (p.agent === 'A') usualRecords(ctx, p);
}

/** The given store of a chain (by its place in the pool), or the app. */
export function storeOf(ctx: NovemberContext, key: CvsKey, index = 0, agent: Agent = 'A'): Store {
  const cvs = CVS[key];
  if (cvs.channel === 'smartphone_app') return { cvs, code: agent === 'A' ? '0000000' : '000000' };
  const pool = ctx.stores[agent].filter((s) => s.cvs === cvs);
  return pool[index % pool.length];
}

function randomPlace(ctx: NovemberContext, agent: Agent): Store {
  const app = ctx.rng() < (agent === 'A' ? 0.2 : 0.15);
  return storePlace(ctx.rng, ctx.stores, agent, app);
}

/** The slip's barcode: its bill's 再発行区分 and 支払期限 unless a planted slip says otherwise. */
export function slipBarcode(agent: Agent, carried: string, bill: Bill | null, amount: number, slip?: Slip): string {
  const who = agent === 'A' ? MAIN_AGENT : SECOND_AGENT;
  return barcode({
    companyCode: who.company,
    clientCode: who.client,
    billNumber: carried,
    reissue: slip?.reissue ?? bill?.reissue ?? '0',
    payLimit: slip?.payLimit ?? bill?.payLimit ?? '2026-12-31',
    amount,
  });
}

/** A payment of `bill` (or, planted, of another 納付番号 or barcode) with no records yet. */
export function newPayment(
  ctx: NovemberContext,
  agent: Agent,
  bill: Bill | null,
  paidOn: IsoDate,
  place: Store,
  time?: string,
  carried?: string,
  code?: string,
): Payment {
  const number = carried ?? bill!.billNumber;
  const app = place.cvs.channel === 'smartphone_app';
  return {
    agent,
    bill,
    carried: number,
    barcode: code ?? slipBarcode(agent, number, bill, bill!.amount),
    paidOn,
    paidTime: time ?? storeTime(ctx.rng, app),
    cvs: place.cvs,
    storeCode: place.code,
    segment: app ? '00' : zeroPad(randInt(ctx.rng, 10, 59), 2),
    records: [],
  };
}

/** The main 収納代行's file that first reports a payment made on `paidOn`. */
export function speedDay(paidOn: IsoDate): IsoDate {
  const d = DELIVERY.find((day) => day >= paidOn);
  if (!d) throw new Error(`no delivery on or after ${paidOn}`);
  return d;
}

/** The delivery day `k` files after `day`, or null past the window. */
function laterDelivery(day: IsoDate, k: number): IsoDate | null {
  const i = DELIVERY.indexOf(day);
  return DELIVERY[i + k] ?? null;
}

/** The usual life of a main-収納代行 payment: 速報 in the next file, 確報 1–3 files later (if within the window). */
function usualRecords(ctx: NovemberContext, p: Payment): void {
  const first = speedDay(p.paidOn);
  p.records.push({ dataType: '01', fileDay: first });
  const confirm = laterDelivery(
    first,
    weighted(ctx.rng, [
      [1, 6],
      [2, 3],
      [3, 1],
    ] as const),
  );
  if (confirm) p.records.push({ dataType: '02', fileDay: confirm });
}
