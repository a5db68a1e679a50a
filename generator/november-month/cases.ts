import { barcodeAmount } from '../layouts';
import type { SampleCase } from '../output';
import { REDUCED_AMOUNT } from './facts';
import type { NovemberContext, PlantedCase } from './model';

/** The manifest's cases of the November month: the payments' records, bills and amounts; the files' lines. */
export function novemberCases(ctx: NovemberContext): SampleCase[] {
  return ctx.cases.map((c) => (c.payment ? paymentCase(ctx, c) : fileCase(c)));
}

function fileCase(c: PlantedCase): SampleCase {
  return { case: c.case, description: c.description, file: c.file!, lines: c.lines!, billNumber: null, expectedExceptionTypes: c.expected };
}

function paymentCase(ctx: NovemberContext, c: PlantedCase): SampleCase {
  const p = c.payment!;
  const first = p.records[0];
  const bill = p.bill;
  // Invalid references are never matched: the bill the slip was printed for is given for information only.
  const invalid = c.expected.includes('invalid_reference');
  const billNow = invalid ? null : bill === ctx.reducedBill ? REDUCED_AMOUNT : (bill?.amount ?? null);
  const known = bill && !invalid ? bill : null;
  return {
    case: c.case,
    description: c.description,
    file: first.file!,
    lines: p.records.filter((r) => r.file === first.file).map((r) => r.line!),
    records: p.records.map((r) => ({ file: r.file!, line: r.line!, dataType: r.dataType as string })),
    billNumber: p.carried,
    ...(invalid ? { intendedBillNumber: bill!.billNumber } : {}),
    payerId: known ? known.payerId : null,
    paymentRef: p.barcode,
    channel: p.cvs.channel,
    cvsCode: p.cvs.code,
    storeCode: p.storeCode,
    paidOn: p.paidOn,
    paidTime: `${p.paidTime.slice(0, 2)}:${p.paidTime.slice(2)}`,
    paidAmount: barcodeAmount(p.barcode),
    billAmount: billNow,
    dueDate: known ? known.dueDate : null,
    effectiveDueDate: known ? known.effectiveDue : null,
    ...(c.rejected ? { rejected: true as const, reason: c.rejected.reason } : {}),
    expectedExceptionTypes: c.expected,
  };
}
