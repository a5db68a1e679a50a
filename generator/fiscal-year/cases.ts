import { attributedFiscalYear, billFiscalYear, yearClassOf } from '../../src/common/calendar';
import type { CaseRecord, SampleCase } from '../output';
import type { CounterCase, Payment, Plant, YearContext } from './model';

/**
 * Step 10, the manifest's cases of the fiscal year: the planted payments and the examples, then the counter's
 * planted rows (keyed by 取引番号 or 受付番号, billNumber null), then the files with a planted control total.
 */
export function yearCases(ctx: YearContext): SampleCase[] {
  return [
    ...[...ctx.plants.filter((x) => x.payment), ...ctx.examples].map(paymentCase),
    ...ctx.counterCases.map((c) => counterCase(ctx, c)),
    ...ctx.plants.filter((x) => x.file).map((pl) => fileCase(ctx, pl)),
  ];
}

/** The payment's own id in its file: barcode, 受付番号, 決済ID, 取引番号; none for bank-counter and 口座振替 rows. */
function paymentRefOf(p: Payment): string | null {
  if (p.konbini) return p.konbini.barcode;
  if (p.eltax) return p.eltax.receiptNo;
  if (p.card) return p.card.id;
  if (p.qr) return p.qr.txId;
  return p.register ? p.register.receiptNo : null;
}

/** As the November cases: HH:MM for the 収納代行 (収納時刻 has no seconds; none at the post office), HH:MM:SS elsewhere. */
function paidTimeOf(p: Payment): string | null {
  if (!p.konbini) return p.time;
  const { hhmm } = p.konbini;
  return hhmm === '0000' ? null : `${hhmm.slice(0, 2)}:${hhmm.slice(2)}`;
}

/** The fiscal year a payment counts in and its 年度区分 (the TypeScript twins of payment_accounting). */
function accountingOf(paidOn: string, billYear: number | null): Pick<SampleCase, 'fiscalYear' | 'yearClass'> {
  const fiscalYear = attributedFiscalYear(paidOn, billYear);
  return { fiscalYear, yearClass: yearClassOf(billYear, fiscalYear) };
}

function paymentCase(pl: Plant): SampleCase {
  const p = pl.payment!;
  const first = p.records[0];
  const b = p.bill;
  return {
    case: pl.name,
    description: pl.description,
    file: first.file!,
    lines: p.records.filter((r) => r.file === first.file).map((r) => r.line!),
    records: p.records.map((r) => ({ file: r.file!, line: r.line!, dataType: r.dataType })),
    billNumber: p.billNumber,
    payerId: b?.payerId ?? null,
    paymentRef: paymentRefOf(p),
    channel: p.channel,
    ...(p.eltax ? { meansCode: p.eltax.means } : {}),
    category: b?.category ?? p.register?.category,
    paidOn: p.paidOn,
    paidTime: paidTimeOf(p),
    paidAmount: p.amount,
    billAmount: b ? b.amount : null,
    dueDate: b?.dueDate ?? null,
    effectiveDueDate: b?.effectiveDue ?? null,
    ...(p.failedResult ? { fiscalYear: null } : accountingOf(p.paidOn, b ? billFiscalYear(b.dueDate, b.accountingYear ?? null) : null)),
    ...(p.failedResult ? { notPayment: true as const } : {}),
    expectedExceptionTypes: pl.expected,
  };
}

function counterCase(ctx: YearContext, { plant, row, payment, tx }: CounterCase): SampleCase {
  const records: CaseRecord[] = [];
  if (row) records.push({ file: row.file!, line: row.line!, dataType: row.method });
  if (tx) records.push({ file: tx.file!, line: tx.line!, dataType: tx.status });
  const refund = tx ? ctx.qrTxs.find((t) => t.status === '返金完了' && t.merchantPaymentId === tx.id) : undefined;
  if (refund) records.push({ file: refund.file!, line: refund.line!, dataType: refund.status });
  if (row?.voidLine) records.push({ file: row.file!, line: row.voidLine, dataType: '取消区分1' });
  const cash = row?.method === '現金';
  const amountDiffers = plant.expected.includes('amount_short') || plant.expected.includes('amount_over');
  return {
    case: plant.name,
    description: plant.description,
    file: records[0].file,
    lines: records.filter((r) => r.file === records[0].file).map((r) => r.line),
    records,
    billNumber: null,
    payerId: null,
    paymentRef: cash ? row.receiptNo : (row?.qrId || tx?.id)!,
    channel: cash ? 'city_cash' : 'qr_counter',
    ...(row ? { category: row.category } : {}),
    paidOn: (row?.on ?? tx?.on)!,
    paidTime: tx?.time ?? row?.time ?? null,
    paidAmount: payment?.amount ?? row!.amount,
    billAmount: null,
    ...(amountDiffers ? { expectedAmount: row!.amount } : {}),
    ...(payment ? accountingOf(payment.paidOn, null) : { fiscalYear: null }),
    ...(payment ? {} : { notPayment: true as const }),
    expectedExceptionTypes: plant.expected,
  };
}

function fileCase(ctx: YearContext, pl: Plant): SampleCase {
  const lines = ctx.files
    .find((f) => f.file === pl.file)!
    .controlIssues.map((i) => i.line!)
    .filter(Boolean);
  return { case: pl.name, description: pl.description, file: pl.file!, lines, billNumber: null, expectedExceptionTypes: pl.expected };
}
