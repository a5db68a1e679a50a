import { addBusinessDays, type IsoDate } from '../../../src/common/calendar';
import { mainAgentHeader, mainAgentRecord, secondAgentRow, type SlipPayment } from '../../agents';
import { joinRecords, KONBINI_CSV_HEADER, konbiniEnd, KonbiniTotals, konbiniTrailer, ymd, type KonbiniDataType } from '../../layouts';
import { cmp, textFile } from '../../output';
import { monthOf } from '../../schedules';
import { arrivalAfter, WINDOW_TO } from '../facts';
import type { Payment, Rec, YearContext } from '../model';
import { count, fileInfo, groupBy, placed, writeSample } from './common';

interface SlipRecord {
  p: Payment;
  r: Rec;
}

function slipRecords(ctx: YearContext, agent: 'A' | 'B'): SlipRecord[] {
  return ctx.payments.filter((p) => p.konbini?.agent === agent).flatMap((p) => p.records.map((r) => ({ p, r })));
}

function slipOf(p: Payment): SlipPayment {
  const { barcode, hhmm, cvs, storeCode, segment } = p.konbini!;
  return { billNumber: p.billNumber!, barcode, paidOn: p.paidOn, hhmm, cvs, storeCode, segment };
}

/** Whether a month's records come after the window: the 確報 (and weekend 速報) of late May, in June. */
const afterWindow = (month: string) => month > monthOf(WINDOW_TO);

/**
 * konbini/: one file a month from the main 収納代行, a header/trailer group per delivery day; the last one
 * (June 2026) arrives the business day after its last delivery day.
 */
export function writeKonbiniFiles(ctx: YearContext): void {
  const sortKey = ({ p, r }: SlipRecord) => `${p.paidOn}${p.konbini!.hhmm}${p.konbini!.storeCode}${r.dataType}${p.konbini!.barcode}`;
  const byDay = groupBy(slipRecords(ctx, 'A'), (x) => x.r.day);
  for (const [month, days] of groupBy([...byDay.keys()], monthOf)) {
    const last = afterWindow(month);
    const dataCreatedOn = days[days.length - 1];
    const arrive = last ? addBusinessDays(dataCreatedOn, 1) : arrivalAfter(month);
    const rel = `konbini/SYUNO_${ymd(arrive)}.dat`;
    const types = () => ({ '01': 0, '02': 0, '03': 0 });
    const info = fileInfo(rel, 'konbini', arrive, { dataRecords: types(), dataAmounts: types(), groups: days.length, dataCreatedOn });
    const out: Buffer[] = [];
    for (const day of days) {
      out.push(mainAgentHeader(day));
      const totals = new KonbiniTotals();
      for (const { p, r } of byDay.get(day)!.sort((a, b) => cmp(sortKey(a), sortKey(b)))) {
        const dataType = r.dataType as KonbiniDataType;
        out.push(mainAgentRecord(day, dataType, slipOf(p)));
        placed(r, rel, out.length);
        totals.add(dataType, p.amount);
        count(info, dataType, p.amount);
      }
      out.push(konbiniTrailer(totals));
    }
    out.push(konbiniEnd(out.length + 1));
    info.records = out.length;
    const lastDays = `the 確報 (and weekend 速報) of the last days of May 2026, ${days.length} delivery days`;
    info.note = last ? lastDays : `${days.length} delivery days of ${month}, one group each`;
    writeSample(ctx, rel, joinRecords(out, '\r\n'), info);
  }
}

/** Rows of a day: 速報 and 取消 first, then 郵便振替, then 確報. */
const CSV_RANK: Record<string, number> = { '01': 0, '03': 0, '12': 1, '22': 1, '02': 2 };

/** konbini-csv/: the 電算システム CSV for 住宅使用料 and 保育所利用料, one file a month (データ作成日 by row). */
export function writeKonbiniCsvFiles(ctx: YearContext): void {
  const sortKey = ({ p }: SlipRecord) => `${p.paidOn}${p.konbini!.hhmm}${p.konbini!.barcode}`;
  for (const [month, items] of groupBy(slipRecords(ctx, 'B'), (x) => monthOf(x.r.day))) {
    const last = afterWindow(month);
    const lastDay: IsoDate = items.reduce((m, x) => (x.r.day > m ? x.r.day : m), items[0].r.day);
    const arrive = last ? addBusinessDays(lastDay, 1) : arrivalAfter(month);
    const rel = `konbini-csv/DSK_${ymd(arrive)}.csv`;
    const info = fileInfo(rel, 'konbini-csv', arrive, { dataCreatedOn: lastDay });
    items.sort((a, b) => cmp(a.r.day, b.r.day) || CSV_RANK[a.r.dataType] - CSV_RANK[b.r.dataType] || cmp(sortKey(a), sortKey(b)));
    const lines = [KONBINI_CSV_HEADER];
    for (const { p, r } of items) {
      lines.push(secondAgentRow(r.day, r.dataType as '01' | '02' | '12', slipOf(p)));
      placed(r, rel, lines.length);
      count(info, r.dataType, p.amount);
    }
    info.records = lines.length - 1;
    info.note = last ? 'the 確報 of the last days of May 2026' : `${month}: 速報 and 確報 by データ作成日, 郵便振替 (12)`;
    writeSample(ctx, rel, textFile(lines), info);
  }
}
