import { addCalendarDays, businessDayOnOrAfter } from '../../../src/common/calendar';
import { CREDIT_CARD_HEADER, creditCardCsvRow, creditCardTrailer, ymd, yymmdd, zeroPad } from '../../layouts';
import { cmp, textFile, type SampleFile } from '../../output';
import { firstOfNextMonth, monthOf } from '../../schedules';
import { arrivalAfter } from '../facts';
import { check, type Payment, type Rec, type YearContext } from '../model';
import { count, fileInfo, groupBy, placed, runningNumbers, writeSample } from './common';

/** The month whose settlement file states a 合計 10,000 yen over its 売上 lines (a planted control-total case). */
const WRONG_TRAILER_MONTH = '2026-01';

/** credit-card/: one settlement file a month from October 2025 (売上 and 取消 lines, a 合計 trailer). */
export function writeCreditCardFiles(ctx: YearContext): void {
  const sales = ctx.payments.filter((p) => p.format === 'credit-card');
  numberCardPayments(sales);
  const rows = sales.flatMap((p) => p.records.map((r) => ({ p, r })));
  const timeOf = ({ p, r }: { p: Payment; r: Rec }) =>
    r.dataType === '取消' ? `${p.card!.cancelOn}${p.card!.cancelTime}` : `${p.paidOn}${p.time}`;
  for (const [month, items] of groupBy(rows, (x) => monthOf(x.r.day))) {
    const arrive = arrivalAfter(month);
    const rel = `credit-card/CARD_${ymd(arrive)}.csv`;
    const info = fileInfo(rel, 'credit-card', arrive);
    items.sort((a, b) => cmp(timeOf(a), timeOf(b)));
    const lines = [CREDIT_CARD_HEADER];
    const totals = { 売上: [0, 0] as [number, number], 取消: [0, 0] as [number, number] };
    for (const { p, r } of items) {
      const cancel = r.dataType === '取消';
      lines.push(cardRow(p, cancel));
      placed(r, rel, lines.length);
      const t = totals[cancel ? '取消' : '売上'];
      t[0]++;
      t[1] += p.amount;
      count(info, r.dataType, p.amount);
    }
    info.records = lines.length - 1;
    if (month === WRONG_TRAILER_MONTH) plantWrongTrailer(ctx, info, lines, totals);
    else {
      lines.push(creditCardTrailer(totals.売上, totals.取消));
      info.note = `合計 trailer on line ${lines.length}`;
    }
    writeSample(ctx, rel, textFile(lines), info);
  }
  check(
    ctx.plants.some((p) => p.name === 'card_control_total_mismatch'),
    'a card file for January 2026',
  );
}

/** 決済ID: `KC` + YYMMDD + the day's running number, sales in time order, then the 取消. */
function numberCardPayments(sales: Payment[]): void {
  const nextOf = runningNumbers();
  for (const p of [...sales].sort((a, b) => cmp(`${a.paidOn}${a.time}`, `${b.paidOn}${b.time}`) || a.id - b.id)) {
    p.card!.id = `KC${yymmdd(p.paidOn)}${zeroPad(nextOf(p.paidOn), 7)}`;
  }
  for (const p of sales.filter((x) => x.card!.cancelOn)) {
    const on = p.card!.cancelOn!;
    p.card!.cancelId = `KC${yymmdd(on)}${zeroPad(nextOf(on), 7)}`;
  }
}

/** A 売上 line, or the 取消 line that undoes it (元決済ID = the sale's). 入金予定日: the 15th of the next month. */
function cardRow(p: Payment, cancel: boolean): string {
  const c = p.card!;
  const on = cancel ? c.cancelOn! : p.paidOn;
  return creditCardCsvRow({
    id: cancel ? c.cancelId! : c.id,
    receivedOn: on,
    receivedTime: cancel ? c.cancelTime! : p.time!,
    settledOn: addCalendarDays(on, 1),
    depositOn: businessDayOnOrAfter(`${firstOfNextMonth(monthOf(on)).slice(0, 8)}15`),
    billNumber: p.billNumber!,
    amount: p.amount,
    fee: cancel ? 0 : c.fee,
    brand: c.brand,
    last4: c.last4,
    deal: cancel ? '取消' : '売上',
    originalId: cancel ? c.id : '',
  });
}

function plantWrongTrailer(ctx: YearContext, info: SampleFile, lines: string[], totals: Record<'売上' | '取消', [number, number]>): void {
  const wrong: [number, number] = [totals.売上[0], totals.売上[1] + 10000];
  lines.push(creditCardTrailer(wrong, totals.取消));
  info.controlIssues.push({ line: lines.length, issue: `売上納付金額合計: trailer ${wrong[1]}, lines ${totals.売上[1]}` });
  info.expectedExceptionTypes = ['control_total_mismatch'];
  info.note = `合計 trailer on line ${lines.length} states 10,000 yen more than the 売上 lines`;
  const description = `合計行の売上納付金額合計 ${wrong[1]}円、売上行の合計は ${totals.売上[1]}円（10,000円多い）。行はすべて取り込む`;
  ctx.plants.push({ name: 'card_control_total_mismatch', description, expected: ['control_total_mismatch'], file: info.file });
}
