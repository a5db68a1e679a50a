import type { IsoDate } from '../../../src/common/calendar';
import { MUNICIPALITY_CODE } from '../../city';
import { BILLS_COLUMNS, billsCsvRow, ymd } from '../../layouts';
import { cmp, textFile } from '../../output';
import { FULL_SET_ON } from '../facts';
import type { Bill, YearContext } from '../model';
import { fileInfo, writeSample } from './common';

interface BillsFile {
  rows: { row: string; accountingYear: number | undefined }[];
  statesYear: boolean;
  added: number;
  reduced: number;
  cancelled: number;
}

/**
 * bills/: the full set of 2025-04-01 (with the open FY2024 bills, at their old 更新日), then an update file for
 * every day that brought new bills (当初賦課 of a category, the monthly 随時 bills) or changed some (減額更正, 取消).
 */
export function writeBillsFiles(ctx: YearContext): void {
  const byFile = new Map<IsoDate, BillsFile>();
  const at = (on: IsoDate) =>
    byFile.get(on) ?? byFile.set(on, { rows: [], statesYear: false, added: 0, reduced: 0, cancelled: 0 }).get(on)!;
  for (const b of [...ctx.bills].sort((x, y) => cmp(x.billNumber, y.billNumber))) {
    const f = at(b.createdOn < FULL_SET_ON ? FULL_SET_ON : b.createdOn);
    f.rows.push({ row: billRow(b, b.originalAmount, '有効', b.createdOn), accountingYear: b.accountingYear });
    f.statesYear ||= b.accountingYear !== undefined;
    f.added++;
  }
  for (const [on, changed] of [...ctx.changesOn.entries()].sort(([a], [b]) => cmp(a, b))) {
    const f = at(on);
    for (const b of [...changed].sort((x, y) => cmp(x.billNumber, y.billNumber))) {
      const cancel = b.change!.kind === 'cancel';
      f.rows.push({ row: billRow(b, b.amount, cancel ? '取消' : '有効', on), accountingYear: b.accountingYear });
      f.statesYear ||= b.accountingYear !== undefined;
      if (cancel) f.cancelled++;
      else f.reduced++;
    }
  }
  for (const [on, f] of [...byFile.entries()].sort(([a], [b]) => cmp(a, b))) {
    const full = on === FULL_SET_ON;
    const rel = `bills/choutei_${ymd(on)}${full ? '' : '_update'}.csv`;
    const info = fileInfo(rel, 'bills', on, { records: f.rows.length, dataRecords: { bills: f.rows.length }, dataAmounts: undefined });
    const parts = [];
    if (f.added) parts.push(`${f.added} new`);
    if (f.reduced) parts.push(`${f.reduced} 減額更正`);
    if (f.cancelled) parts.push(`${f.cancelled} 取消`);
    const fullSet = 'full set of 2025-04-01: FY2025 固定資産税・住宅使用料・保育所利用料 and the open FY2024 bills; ';
    info.note = (full ? fullSet : '') + parts.join(', ') + (f.statesYear ? ', with the optional 会計年度 column' : '');
    // The optional 会計年度 column only in a file whose bills state one: every other file stays as it was.
    const header = BILLS_COLUMNS.join(',') + (f.statesYear ? ',会計年度' : '');
    writeSample(ctx, rel, textFile([header, ...f.rows.map((r) => (f.statesYear ? `${r.row},${r.accountingYear ?? ''}` : r.row))]), info);
  }
}

function billRow(b: Bill, amount: number, status: '有効' | '取消', updatedOn: IsoDate): string {
  const { billNumber, category, fiscalYear, installment, dueDate, payerId } = b;
  const bill = { billNumber, category, fiscalYear, installment, dueDate, amount, payerId };
  return billsCsvRow({ municipalityCode: MUNICIPALITY_CODE, ...bill, status, updatedOn });
}
