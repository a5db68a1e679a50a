// How staff read amounts and dates: 12,300円 and 令和8年11月26日 (和暦 from the server's own module).
import { tokyoMinute, wareki } from '../../src/common/wareki';

export { wareki, warekiFiscalYear } from '../../src/common/wareki';

const yenFormat = new Intl.NumberFormat('ja-JP');

export function yen(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '—' : `${yenFormat.format(amount)}円`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : yenFormat.format(n);
}

export function percent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(digits)}%`;
}

/** 2026-11-26 (令和8年11月26日) for tables where both are expected. */
export function dateWithWareki(isoDate: string | null | undefined): string {
  return isoDate ? `${isoDate.slice(0, 10)}（${wareki(isoDate)}）` : '—';
}

/** A timestamp in Tokyo time, as staff read it: 2026-11-26 09:14. */
export function dateTime(iso: string | null | undefined): string {
  return iso ? tokyoMinute(new Date(iso)) : '—';
}

/** Today's date in Tokyo as YYYY-MM-DD, whatever the browser's time zone. */
export function todayInTokyo(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

/** 16 digits: only such a 納付番号 can be looked up in /bills and /payments. */
export const isBillNumber = (value: string | null | undefined): value is string => !!value && /^\d{16}$/.test(value);

/** Server messages are "日本語 / English": lists show the Japanese half. */
export const japanesePart = (text: string) => text.split(' / ')[0];
