import type { IsoDate } from '../../src/common/calendar';
import { mainAgentHeader, mainAgentRecord, secondAgentRow, type SlipPayment } from '../agents';
import { MUNICIPALITY_CODE } from '../city';
import {
  barcodeAmount,
  BILLS_COLUMNS,
  billsCsvRow,
  joinRecords,
  KONBINI_CSV_HEADER,
  konbiniEnd,
  KonbiniTotals,
  konbiniTrailer,
  RECORD_BYTES,
  ymd,
  type BillCsvFields,
  type KonbiniDataType,
} from '../layouts';
import { cmp, textFile, type SampleFile } from '../output';
import { DELIVERY, FILE_PLAN, FULL_SET_ON, REDUCED_AMOUNT, SECOND_AGENT_FILE, UPDATE_ON, type FilePlan } from './facts';
import type { Bill, NovemberContext, Payment, PaymentRecord, PlantedCase } from './model';

/** Step 5, the November month's files: the bills (full set and update), a konbini file a delivery day, one CSV. */
export function writeNovemberFiles(ctx: NovemberContext): void {
  writeBillsFiles(ctx);
  const controlCases = DELIVERY.flatMap((day) => writeKonbiniFile(ctx, day));
  ctx.cases.push(...controlCases);
  writeKonbiniCsvFile(ctx);
}

function writeSample(ctx: NovemberContext, rel: string, buf: Buffer, info: SampleFile): void {
  ctx.write(rel, buf);
  ctx.written.set(rel, buf);
  ctx.files.push(info);
}

function emptyInfo(file: string, format: SampleFile['format'], over: Partial<SampleFile>): SampleFile {
  const empty = { rejectedLines: [], controlIssues: [], expectedExceptionTypes: [] };
  return { file, format, encoding: 'cp932', lineEnd: 'crlf', records: 0, dataRecords: {}, ...over, ...empty };
}

function billFields(b: Bill, change?: Partial<BillCsvFields>): BillCsvFields {
  const { billNumber, category, fiscalYear, installment, dueDate, amount, payerId, updatedOn } = b;
  const bill = { billNumber, category, fiscalYear, installment, dueDate, amount, payerId };
  return { municipalityCode: MUNICIPALITY_CODE, ...bill, status: '有効', updatedOn, ...change };
}

/** The full set (CP932, CRLF) and the changes of 11-20 (UTF-8 with BOM, columns in another order). */
function writeBillsFiles(ctx: NovemberContext): void {
  const bills = ctx.bills.sort((a, b) => cmp(a.billNumber, b.billNumber));
  const rel = `bills/choutei_${ymd(FULL_SET_ON)}.csv`;
  const full = emptyInfo(rel, 'bills', { records: bills.length, dataRecords: { bills: bills.length } });
  writeSample(ctx, rel, textFile([BILLS_COLUMNS.join(','), ...bills.map((b) => billsCsvRow(billFields(b)))]), full);

  // "Order may vary": the update export lists its columns differently.
  const order = [1, 8, 6, 9, 0, 2, 3, 4, 5, 7];
  const reorder = (cells: readonly string[]) => order.map((i) => cells[i]).join(',');
  const changes = [
    billFields(ctx.reducedBill!, { amount: REDUCED_AMOUNT, updatedOn: UPDATE_ON }),
    billFields(ctx.cancelledBill!, { status: '取消', updatedOn: UPDATE_ON }),
  ];
  const lines = [reorder(BILLS_COLUMNS), ...changes.map((c) => reorder(billsCsvRow(c).split(',')))];
  const urel = `bills/choutei_${ymd(UPDATE_ON)}_update.csv`;
  const update = emptyInfo(urel, 'bills', { encoding: 'utf8-bom', records: changes.length, dataRecords: { bills: changes.length } });
  writeSample(ctx, urel, textFile(lines, 'utf8-bom'), update);
}

export interface SlipRecord {
  p: Payment;
  r: PaymentRecord;
}

/** Records in the order a file lists them: by 収納日, time, store, type, barcode. */
export function recordSort(a: SlipRecord, b: SlipRecord): number {
  const key = ({ p, r }: SlipRecord) => `${p.paidOn}${p.paidTime}${p.storeCode}${r.dataType}${p.barcode}`;
  return cmp(key(a), key(b));
}

function slipOf(p: Payment): SlipPayment {
  const { barcode, paidOn, cvs, storeCode, segment } = p;
  return { billNumber: p.carried, barcode, paidOn, hhmm: p.paidTime, cvs, storeCode, segment };
}

const REJECTED: Record<NonNullable<PaymentRecord['damage']>, string> = {
  short: 'record is 119 bytes, not 120',
  baddate: '収納日 20261131 is not a date',
};

/** The main 収納代行's file of delivery day `day`, with what FILE_PLAN plants in its framing; returns its planted cases. */
function writeKonbiniFile(ctx: NovemberContext, day: IsoDate): PlantedCase[] {
  const plan = FILE_PLAN[day] ?? {};
  const rel = `konbini/SYUNO_${ymd(day)}.dat`;
  const recs = ctx.payments
    .filter((p) => p.agent === 'A')
    .flatMap((p) => p.records.filter((r) => r.fileDay === day).map((r) => ({ p, r })))
    .sort(recordSort);
  const groups = plan.twoGroups ? [recs.filter(({ r }) => r.dataType !== '02'), recs.filter(({ r }) => r.dataType === '02')] : [recs];
  const types = () => ({ '01': 0, '02': 0, '03': 0 });
  const over: Partial<SampleFile> = {
    lineEnd: plan.lineEnd ?? 'crlf',
    dataRecords: types(),
    dataAmounts: types(),
    groups: groups.length,
    dataCreatedOn: day,
  };
  const info = emptyInfo(rel, 'konbini', over);
  const out: Buffer[] = [];
  const cases: PlantedCase[] = [];
  for (const group of groups) {
    out.push(mainAgentHeader(day));
    const totals = new KonbiniTotals();
    for (const x of group) writeRecord(out, info, totals, day, x, rel);
    cases.push(...writeTrailer(out, info, totals, plan, rel));
  }
  if (plan.noEnd) {
    const description = 'エンドレコード（9）がない。データは全件取り込む';
    cases.push({ case: 'control_total_missing_end', description, file: rel, lines: [], expected: ['control_total_mismatch'] });
    info.controlIssues.push({ line: null, issue: 'end record missing' });
  } else {
    out.push(konbiniEnd(out.length + 1));
  }
  info.records = out.length;
  if (info.controlIssues.length) info.expectedExceptionTypes = ['control_total_mismatch'];
  const buf = joinRecords(out, plan.lineEnd === 'lf' ? '\n' : plan.lineEnd === 'none' ? '' : '\r\n');
  info.bytes = buf.length;
  writeSample(ctx, rel, buf, info);
  return cases;
}

function writeRecord(out: Buffer[], info: SampleFile, totals: KonbiniTotals, day: IsoDate, { p, r }: SlipRecord, rel: string): void {
  const dataType = r.dataType as KonbiniDataType;
  let rec = mainAgentRecord(day, dataType, slipOf(p), r.damage === 'baddate' ? '20261131' : ymd(p.paidOn));
  if (r.damage === 'short') rec = rec.subarray(0, RECORD_BYTES - 1);
  out.push(rec);
  r.file = rel;
  r.line = out.length;
  if (r.damage) {
    info.rejectedLines.push({ line: r.line, reason: REJECTED[r.damage] });
    return; // the sender's totals cover the readable records only (総レコード数 counts every record)
  }
  totals.add(dataType, barcodeAmount(p.barcode));
  info.dataRecords[dataType]++;
  info.dataAmounts![dataType] += barcodeAmount(p.barcode);
}

/** The group's trailer: right, or (planted) stating more 確報金額 than its records. */
function writeTrailer(out: Buffer[], info: SampleFile, totals: KonbiniTotals, plan: FilePlan, rel: string): PlantedCase[] {
  if (!plan.wrongFinalAmount) {
    out.push(konbiniTrailer(totals));
    return [];
  }
  const right = totals.amount['02'];
  totals.amount['02'] += plan.wrongFinalAmount;
  out.push(konbiniTrailer(totals));
  info.controlIssues.push({ line: out.length, issue: `確報金額: trailer ${totals.amount['02']}, records ${right}` });
  const description = `トレーラーの確報金額 ${totals.amount['02']}円、データレコードの確報合計は ${right}円（${plan.wrongFinalAmount}円多い）`;
  return [{ case: 'control_total_wrong_trailer', description, file: rel, lines: [out.length], expected: ['control_total_mismatch'] }];
}

/** Rows of the file: 速報 and 取消 first, then 郵便振替, then 確報. */
const CSV_RANK: Record<string, number> = { '01': 0, '03': 0, '12': 1, '22': 1, '02': 2 };

/** The second 収納代行's one CSV file (データ作成日 11-24). */
function writeKonbiniCsvFile(ctx: NovemberContext): void {
  const createdOn = SECOND_AGENT_FILE.createdOn;
  const rel = `konbini-csv/DSK_${ymd(createdOn)}.csv`;
  const recs = ctx.payments.filter((p) => p.agent === 'B').flatMap((p) => p.records.map((r) => ({ p, r })));
  recs.sort((a, b) => CSV_RANK[a.r.dataType] - CSV_RANK[b.r.dataType] || recordSort(a, b));
  const types = () => ({ '01': 0, '02': 0, '03': 0, '12': 0, '22': 0 });
  const info = emptyInfo(rel, 'konbini-csv', { dataRecords: types(), dataAmounts: types(), dataCreatedOn: createdOn });
  const lines = [KONBINI_CSV_HEADER];
  for (const { p, r } of recs) {
    lines.push(secondAgentRow(createdOn, r.dataType, slipOf(p)));
    r.file = rel;
    r.line = lines.length;
    info.dataRecords[r.dataType]++;
    info.dataAmounts![r.dataType] += barcodeAmount(p.barcode);
  }
  info.records = lines.length - 1; // data rows, without the header row
  const buf = textFile(lines);
  info.bytes = buf.length;
  writeSample(ctx, rel, buf, info);
}
