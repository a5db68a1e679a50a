import { MUNICIPALITY_CODE } from '../../city';
import { ELTAX_HEADER, eltaxCsvRow, ymd, zeroPad } from '../../layouts';
import { cmp, textFile } from '../../output';
import { monthOf } from '../../schedules';
import { arrivalAfter, ELTAX_INSTITUTION } from '../facts';
import { check, type Payment, type Rec, type YearContext } from '../model';
import { count, fileInfo, groupBy, placed, runningNumbers, writeSample } from './common';

/** eltax/: one file a month (収納月), CP932; September 2025's comes UTF-8 with a BOM. */
export function writeEltaxFiles(ctx: YearContext): void {
  const payments = ctx.payments.filter((p) => p.format === 'eltax');
  // 受付番号: the 納付日 and a running number of that day, in payment order.
  const nextOf = runningNumbers();
  for (const p of [...payments].sort((a, b) => cmp(a.paidOn, b.paidOn) || a.id - b.id)) {
    p.eltax!.receiptNo = ymd(p.paidOn) + zeroPad(nextOf(p.paidOn), 8);
  }
  const rows = payments.flatMap((p) => p.records.map((r) => ({ p, r })));
  for (const [month, items] of groupBy(rows, (x) => monthOf(x.p.paidOn))) {
    const arrive = arrivalAfter(month);
    const utf8 = month === '2025-09';
    const rel = `eltax/ELTAX_${ymd(arrive)}.csv`;
    const info = fileInfo(rel, 'eltax', arrive, { encoding: utf8 ? 'utf8-bom' : 'cp932' });
    // データ作成日: the day after payment; a 取消 row's own day.
    const createdOf = ({ p, r }: { p: Payment; r: Rec }) => (r.dataType === '1' ? r.day : p.eltax!.createdOn);
    const receiptOf = ({ p }: { p: Payment }) => p.eltax!.receiptNo;
    items.sort((a, b) => cmp(createdOf(a), createdOf(b)) || cmp(receiptOf(a), receiptOf(b)) || cmp(a.r.dataType, b.r.dataType));
    const lines = [ELTAX_HEADER];
    for (const x of items) {
      check(createdOf(x) <= arrive, `eltax データ作成日 before arrival: ${receiptOf(x)}`);
      lines.push(eltaxRow(x.p, x.r, createdOf(x)));
      placed(x.r, rel, lines.length);
      count(info, x.r.dataType, x.p.amount);
    }
    info.records = lines.length - 1;
    info.note = utf8 ? 'UTF-8 with BOM' : undefined;
    writeSample(ctx, rel, textFile(lines, info.encoding), info);
  }
}

function eltaxRow(p: Payment, r: Rec, createdOn: string): string {
  const b = p.bill!;
  const e = p.eltax!;
  return eltaxCsvRow({
    createdOn,
    institutionCode: ELTAX_INSTITUTION,
    municipalityCode: MUNICIPALITY_CODE,
    taxCode: '0' + b.category,
    billNumber: b.billNumber,
    confirmation: e.confirmation,
    fiscalYear: b.fiscalYear,
    taxYear: b.fiscalYear,
    installment: b.installment,
    dueDate: b.dueDate,
    amount: p.amount,
    paidOn: p.paidOn,
    means: e.means,
    company: e.company,
    depositOn: e.depositOn,
    cancel: r.dataType === '1' ? '1' : '0',
    receiptNo: e.receiptNo,
  });
}
