// Dates as the 会計課's forms print them: 和暦 (令和8年11月25日, 令和8年度) and Tokyo time to the minute.
// Pure: the server's exports and the web UI share it.

const ERAS = [
  { name: '令和', start: '2019-05-01' },
  { name: '平成', start: '1989-01-08' },
  { name: '昭和', start: '1926-12-25' },
] as const;

/** 2026-11-26 → 令和8年11月26日 (元年 for an era's first year); anything not a date comes back as it was. */
export function wareki(isoDate: string): string {
  const day = isoDate.slice(0, 10);
  const [y, m, d] = day.split('-').map(Number);
  const era = ERAS.find((e) => day >= e.start);
  if (!era || !y || !m || !d) return isoDate;
  const year = y - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${year === 1 ? '元' : year}年${m}月${d}日`;
}

/** 2026-11 → 令和8年11月. */
export function warekiMonth(isoMonth: string): string {
  return wareki(`${isoMonth.slice(0, 7)}-01`).replace(/1日$/, '');
}

/** Fiscal year in 和暦: 2026 → 令和8年度 (a fiscal year starts in April, so 2019 is 令和元年度). */
export function warekiFiscalYear(fiscalYear: number): string {
  const year = fiscalYear - 2018;
  return year >= 1 ? `令和${year === 1 ? '元' : year}年度` : `${fiscalYear}年度`;
}

const TOKYO_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** 2026-11-26 09:14 in Tokyo, whatever the machine's or the browser's zone. */
export function tokyoMinute(at: Date): string {
  return TOKYO_MINUTE.format(at);
}
