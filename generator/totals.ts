import {
  COUNTER_CHANNELS,
  DEFAULT_CASHLESS_CHANNELS,
  DEFAULT_ELTAX_CASHLESS_MEANS,
  ELTAX_COUNTER_MEANS,
  type Channel,
} from '../src/common/codes';
import { cmp } from './output';

/** Received payments of a fiscal year as the cashless report counts them (manifest.totals.byFiscalYear). */

export interface ChannelSum {
  count: number;
  amount: number;
}

export interface FiscalYearTotals {
  received: number;
  receivedAmount: number;
  /** As `report cashless --by channel` keys its rows: the channel, eLTAX split by 納付手段 (`eltax:01` … `eltax:99`). */
  byChannel: Record<string, ChannelSum>;
  /** The eight channels of contract.md, eLTAX whole. */
  byContractChannel: Record<string, ChannelSum>;
  eltaxByMeans: Record<string, ChannelSum>;
  cashless: ChannelSum & { shareByCount: number; shareByAmount: number };
  counter: ChannelSum & { nonCounterShareByCount: number };
}

export function emptyFiscalYearTotals(): FiscalYearTotals {
  return {
    received: 0,
    receivedAmount: 0,
    byChannel: {},
    byContractChannel: {},
    eltaxByMeans: {},
    cashless: { count: 0, amount: 0, shareByCount: 0, shareByAmount: 0 },
    counter: { count: 0, amount: 0, nonCounterShareByCount: 0 },
  };
}

/** Adds one received payment as domain.md counts it (default cashless set; eLTAX by 納付手段区分). */
export function addReceived(t: FiscalYearTotals, channel: Channel, amount: number, means: string | null): void {
  t.received++;
  t.receivedAmount += amount;
  addTo(sumOf(t.byChannel, channel === 'eltax' ? `eltax:${means ?? '99'}` : channel), amount);
  addTo(sumOf(t.byContractChannel, channel), amount);
  if (channel === 'eltax') addTo(sumOf(t.eltaxByMeans, means ?? '99'), amount);
  const cashlessMeans = channel !== 'eltax' || DEFAULT_ELTAX_CASHLESS_MEANS.includes(means ?? '');
  if (DEFAULT_CASHLESS_CHANNELS.includes(channel) && cashlessMeans) addTo(t.cashless, amount);
  const counter = COUNTER_CHANNELS.includes(channel) || (channel === 'eltax' && ELTAX_COUNTER_MEANS.includes(means ?? ''));
  if (counter) addTo(t.counter, amount);
}

/** The sum kept under `key`, started at zero. */
export function sumOf(sums: Record<string, ChannelSum>, key: string): ChannelSum {
  return (sums[key] ??= { count: 0, amount: 0 });
}

export function addTo(sum: ChannelSum, amount: number): void {
  sum.count++;
  sum.amount += amount;
}

/** Shares as the report rounds them (4 decimals), and channels in a stable order. */
export function finishTotals(t: FiscalYearTotals): FiscalYearTotals {
  const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);
  t.cashless.shareByCount = share(t.cashless.count, t.received);
  t.cashless.shareByAmount = share(t.cashless.amount, t.receivedAmount);
  t.counter.nonCounterShareByCount = share(t.received - t.counter.count, t.received);
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => cmp(a, b)));
  t.byChannel = sorted(t.byChannel);
  t.byContractChannel = sorted(t.byContractChannel);
  t.eltaxByMeans = sorted(t.eltaxByMeans);
  return t;
}
