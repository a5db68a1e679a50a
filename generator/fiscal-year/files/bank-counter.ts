import { addBusinessDays } from '../../../src/common/calendar';
import { BANK_COUNTER_HEADER, bankCounterCsvRow, ymd } from '../../layouts';
import { cmp, textFile } from '../../output';
import { monthOf } from '../../schedules';
import { arrivalAfter } from '../facts';
import type { Payment, Rec, YearContext } from '../model';
import { count, fileInfo, groupBy, placed, writeSample } from './common';

/** bank-counter/: the 指定金融機関's OCR data, one file a month (払込日 two business days after the 収納日). */
export function writeBankCounterFiles(ctx: YearContext): void {
  const rows = ctx.payments.filter((p) => p.format === 'bank-counter').flatMap((p) => p.records.map((r) => ({ p, r })));
  const order = (a: { p: Payment; r: Rec }, b: { p: Payment; r: Rec }) =>
    cmp(a.p.paidOn, b.p.paidOn) ||
    cmp(a.r.dataType, b.r.dataType) ||
    cmp(a.p.bank!.bankCode, b.p.bank!.bankCode) ||
    cmp(a.p.bank!.branchCode, b.p.bank!.branchCode) ||
    cmp(a.p.billNumber!, b.p.billNumber!);
  for (const [month, items] of groupBy(rows, (x) => monthOf(x.p.paidOn))) {
    const arrive = arrivalAfter(month);
    const rel = `bank-counter/OCR_${ymd(arrive)}.csv`;
    const info = fileInfo(rel, 'bank-counter', arrive);
    items.sort(order);
    const lines = [BANK_COUNTER_HEADER];
    for (const { p, r } of items) {
      const { bankCode, branchCode } = p.bank!;
      const row = { paidOn: p.paidOn, bankCode, branchCode, billNumber: p.billNumber!, amount: p.amount };
      lines.push(bankCounterCsvRow({ ...row, transferOn: addBusinessDays(p.paidOn, 2), cancel: r.dataType === '1' ? '1' : '0' }));
      placed(r, rel, lines.length);
      count(info, r.dataType, p.amount);
    }
    info.records = lines.length - 1;
    writeSample(ctx, rel, textFile(lines), info);
  }
}
