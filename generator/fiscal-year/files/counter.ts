import { CITY_CASH_HEADER, cityCashCsvRow, QR_COUNTER_HEADER, qrCounterCsvRow, ymd, zeroPad } from '../../layouts';
import { cmp, textFile } from '../../output';
import { monthOf } from '../../schedules';
import { arrivalAfter, QR_MERCHANT, QR_STORES } from '../facts';
import type { RegisterRow, YearContext } from '../model';
import { count, fileInfo, groupBy, placed, runningNumbers, writeSample } from './common';

/** qr-counter/: the provider's 取引履歴, one file a month (レシート番号: the day's running number in time order). */
export function writeQrCounterFiles(ctx: YearContext): void {
  const byTime = (a: { on: string; time: string }, b: { on: string; time: string }) => cmp(`${a.on}${a.time}`, `${b.on}${b.time}`);
  const nextOf = runningNumbers();
  for (const tx of [...ctx.qrTxs].sort(byTime)) {
    tx.receipt = zeroPad(nextOf(tx.on), 4);
    if (tx.payment && tx.status === '取引完了') tx.payment.qr!.receipt = tx.receipt;
  }
  for (const [month, items] of groupBy(ctx.qrTxs, (t) => monthOf(t.on))) {
    const arrive = arrivalAfter(month);
    const rel = `qr-counter/PAYPAY_${ymd(arrive)}.csv`;
    const info = fileInfo(rel, 'qr-counter', arrive);
    items.sort(byTime);
    const lines = [QR_COUNTER_HEADER];
    for (const tx of items) {
      const { id, status, on, time, amount, receipt, method, merchantPaymentId } = tx;
      const store = QR_STORES[tx.counter];
      lines.push(qrCounterCsvRow({ id, ...QR_MERCHANT, ...store, status, on, time, amount, receipt, method, merchantPaymentId }));
      tx.file = rel;
      tx.line = lines.length;
      if (tx.payment)
        placed(
          tx.payment.records.find((x) => x.dataType === tx.status)!,
          rel,
          lines.length,
        );
      count(info, tx.status, tx.amount);
    }
    info.records = lines.length - 1;
    writeSample(ctx, rel, textFile(lines), info);
  }
}

interface RegisterLine {
  row: RegisterRow;
  /** The 取消区分 1 line that voids the row. */
  voids: boolean;
  at: string;
}

/** city-cash/: the counter register, one file a month: a line a row, and a 取消区分 1 line for a voided one. */
export function writeCityCashFiles(ctx: YearContext): void {
  const regLines: RegisterLine[] = ctx.registerRows.flatMap((row) => [
    { row, voids: false, at: `${row.on}${row.time}` },
    ...(row.voidTime ? [{ row, voids: true, at: `${row.on}${row.voidTime}` }] : []),
  ]);
  const cashPayments = new Map(ctx.payments.filter((p) => p.register).map((p) => [p.register!, p]));
  for (const [month, items] of groupBy(regLines, (x) => monthOf(x.row.on))) {
    const arrive = arrivalAfter(month);
    const rel = `city-cash/MADOGUCHI_${ymd(arrive)}.csv`;
    const info = fileInfo(rel, 'city-cash', arrive);
    items.sort((a, b) => cmp(a.at, b.at) || cmp(a.row.receiptNo, b.row.receiptNo));
    const lines = [CITY_CASH_HEADER];
    for (const { row, voids } of items) {
      const { receiptNo, on, counter, category, quantity, amount, method, qrId } = row;
      const time = voids ? row.voidTime! : row.time;
      lines.push(cityCashCsvRow({ receiptNo, on, time, counter, category, quantity, amount, method, qrId, cancel: voids ? '1' : '0' }));
      row.file = rel;
      if (voids) row.voidLine = lines.length;
      else row.line = lines.length;
      const cash = cashPayments.get(row);
      if (cash && !voids) placed(cash.records[0], rel, lines.length);
      if (cash && voids) cash.records.push({ dataType: '取消区分1', day: row.on, file: rel, line: lines.length });
      count(info, voids ? '取消' : row.method, row.amount);
    }
    info.records = lines.length - 1;
    writeSample(ctx, rel, textFile(lines), info);
  }
}
