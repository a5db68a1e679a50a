import type { ExceptionType } from '../../src/common/codes';
import { barcodeAmount } from '../layouts';
import { countBy, type SampleFile } from '../output';
import { addTo, sumOf, type ChannelSum } from '../totals';
import type { NovemberContext, Payment } from './model';

/**
 * Step 8, the November month's totals (manifest.totals.november2026) and its received payments: one per
 * 速報/確報 pair, cancelled and rejected ones apart. All count in FY2026.
 */
export function novemberTotals(ctx: NovemberContext) {
  const { bills, payments, files } = ctx;
  const received = payments.filter((p) => !p.records.some((r) => r.dataType === '03' || r.damage));
  const byChannel: Record<string, ChannelSum> = {};
  for (const p of received) addTo(sumOf(byChannel, p.cvs.channel), barcodeAmount(p.barcode));
  return {
    received,
    november2026: {
      bills: {
        fullSetRows: bills.length,
        updateRows: 2,
        byFiscalYear: countBy(bills, (b) => String(b.fiscalYear)),
        byCategory: countBy(bills, (b) => b.category),
        activeAfterUpdate: bills.length - 1,
        cancelledAfterUpdate: 1,
      },
      paymentRecords: {
        konbini: sumRecords(files, 'konbini'),
        'konbini-csv': sumRecords(files, 'konbini-csv'),
        rejectedLines: files.reduce((s, f) => s + f.rejectedLines.length, 0),
      },
      payments: {
        received: received.length,
        receivedAmount: received.reduce((s, p) => s + barcodeAmount(p.barcode), 0),
        byChannel,
        cancelled: payments.filter((p) => p.records.some((r) => r.dataType === '03')).length,
        pendingPreliminary: received.filter(isPending).length,
        matchedInFull: settledInFull(ctx, received).length,
      },
    },
  };
}

export type NovemberTotals = ReturnType<typeof novemberTotals>;

/** A 速報 whose 確報 has not come yet (the planted preliminary_only is an exception, not pending). */
function isPending(p: Payment): boolean {
  const types = p.records.map((r) => r.dataType);
  return types.includes('01') && !types.includes('02') && p.caseName !== 'preliminary_only';
}

/** Payments that settle their bill in full: ordinary ones, and cases whose only exceptions still settle (late, lone records). */
function settledInFull(ctx: NovemberContext, received: Payment[]): Payment[] {
  const caseOf = new Map(ctx.cases.filter((c) => c.payment).map((c) => [c.payment!, c]));
  const settleOnly = new Set<ExceptionType>(['late_payment', 'preliminary_only', 'final_only']);
  return received.filter((p) => (caseOf.get(p)?.expected ?? []).every((t) => settleOnly.has(t)));
}

function sumRecords(files: SampleFile[], format: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of files.filter((x) => x.format === format)) for (const [k, v] of Object.entries(f.dataRecords)) out[k] = (out[k] ?? 0) + v;
  return out;
}
