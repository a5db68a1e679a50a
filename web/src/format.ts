// How staff read amounts and dates: 12,300円 and 令和8年11月26日.

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

const ERAS = [
  { name: '令和', start: '2019-05-01' },
  { name: '平成', start: '1989-01-08' },
  { name: '昭和', start: '1926-12-25' },
] as const;

/** 2026-11-26 → 令和8年11月26日 (元年 for the first year). */
export function wareki(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const era = ERAS.find((e) => isoDate.slice(0, 10) >= e.start);
  if (!era || !y) return isoDate;
  const year = y - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${year === 1 ? '元' : year}年${m}月${d}日`;
}

/** Fiscal year in 和暦: 2026 → 令和8年度. */
export function warekiFiscalYear(fiscalYear: number): string {
  const year = fiscalYear - 2018;
  return year >= 1 ? `令和${year === 1 ? '元' : year}年度` : `${fiscalYear}年度`;
}

/** 2026-11-26 (令和8年11月26日) for tables where both are expected. */
export function dateWithWareki(isoDate: string | null | undefined): string {
  return isoDate ? `${isoDate.slice(0, 10)}（${wareki(isoDate)}）` : '—';
}

/** A timestamp in Tokyo time, as staff read it: 2026-11-26 09:14. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Today's date in Tokyo as YYYY-MM-DD, whatever the browser's time zone. */
export function todayInTokyo(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

/** 16 digits: only such a 納付番号 can be looked up in /bills and /payments. */
export const isBillNumber = (value: string | null | undefined): value is string => !!value && /^\d{16}$/.test(value);

/** Server messages are "日本語 / English": lists show the Japanese half. */
export const japanesePart = (text: string) => text.split(' / ')[0];
