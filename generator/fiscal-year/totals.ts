import { attributedFiscalYear, billFiscalYear } from '../../src/common/calendar';
import { countBy } from '../output';
import { addReceived, addTo, emptyFiscalYearTotals, finishTotals, sumOf, type ChannelSum, type FiscalYearTotals } from '../totals';
import { FY, WINDOW_FROM, WINDOW_TO } from './facts';
import type { Payment, YearContext } from './model';

/** 出納整理期間 of FY2025: April–May 2026, when payments of FY2025 bills still count in FY2025. */
const SHUTSUNO_SEIRI = ['2026-04-01', '2026-05-31'];

interface BillsPaidInShutsuno extends ChannelSum {
  byChannel: Record<string, ChannelSum>;
}

export interface YearTotals {
  /** Received payments by the fiscal year they count in (出納整理期間 applied). */
  byFiscalYear: Record<string, FiscalYearTotals>;
  /** manifest.totals.fiscalYear2025. */
  manifest: ReturnType<typeof manifestTotals>;
  /** Cancelled payments by channel, in the order the payments were drawn (the README lists them so). */
  cancelledAsDrawn: Record<string, number>;
}

/** Step 11, the manifest totals: received payments by fiscal year, and the year's bills, 出納整理期間, debits, counter. */
export function yearTotals(ctx: YearContext): YearTotals {
  const byFiscalYear: Record<string, FiscalYearTotals> = {};
  const shutsuno = {
    previousYearBills: { count: 0, amount: 0, byChannel: {} } as BillsPaidInShutsuno,
    carriedBills: { count: 0, amount: 0, byChannel: {} } as BillsPaidInShutsuno,
    currentYearBills: { count: 0, amount: 0, byChannel: {} } as BillsPaidInShutsuno,
    counterNoBill: { count: 0, amount: 0 },
  };
  const cancelledAsDrawn: Record<string, number> = {};
  for (const p of ctx.payments) {
    if (p.cancelled) {
      cancelledAsDrawn[p.channel] = (cancelledAsDrawn[p.channel] ?? 0) + 1;
      continue;
    }
    const fy = attributedFiscalYear(p.paidOn, p.bill ? billFiscalYear(p.bill.dueDate, p.bill.accountingYear ?? null) : null);
    addReceived((byFiscalYear[String(fy)] ??= emptyFiscalYearTotals()), p.channel, p.amount, p.eltax?.means ?? null);
    if (p.paidOn >= SHUTSUNO_SEIRI[0] && p.paidOn <= SHUTSUNO_SEIRI[1]) {
      if (!p.bill) addTo(shutsuno.counterNoBill, p.amount);
      else {
        // FY2025's own bills count in FY2025; older ones (滞納繰越分) have no 出納整理期間 and count in FY2026.
        const billYear = billFiscalYear(p.bill.dueDate, p.bill.accountingYear ?? null);
        const bucket = billYear === FY ? shutsuno.previousYearBills : billYear < FY ? shutsuno.carriedBills : shutsuno.currentYearBills;
        addTo(bucket, p.amount);
        addTo(sumOf(bucket.byChannel, p.channel), p.amount);
      }
    }
  }
  for (const t of Object.values(byFiscalYear)) finishTotals(t);
  return { byFiscalYear, manifest: manifestTotals(ctx, shutsuno, cancelledAsDrawn), cancelledAsDrawn };
}

function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort());
}

function manifestTotals(ctx: YearContext, shutsunoSeiri: Record<string, ChannelSum>, cancelledByChannel: Record<string, number>) {
  const { bills, payments, failedDebits, registerRows, qrTxs } = ctx;
  const received = payments.filter((p) => !p.cancelled);
  const failed = {
    count: failedDebits.length,
    amount: sumAmounts(failedDebits),
    byResultCode: countBy(failedDebits, (p) => p.failedResult!),
  };
  const debitsAll = payments.filter((p) => p.channel === 'direct_debit').length + failedDebits.length;
  return {
    window: { from: WINDOW_FROM, to: WINDOW_TO, shutsunoSeiri: SHUTSUNO_SEIRI },
    bills: {
      distinct: bills.length,
      rows: ctx.files.filter((f) => f.format === 'bills').reduce((s, f) => s + f.records, 0),
      byFiscalYear: countBy(bills, (b) => String(b.fiscalYear)),
      byCategory: countBy(bills, (b) => b.category),
      reduced: bills.filter((b) => b.change?.kind === 'reduce').length,
      cancelled: bills.filter((b) => b.change?.kind === 'cancel').length,
      novemberArrearsCarried: ctx.novemberArrears.length,
      paid: bills.filter((b) => b.paid).length,
    },
    payments: {
      received: received.length,
      receivedAmount: sumAmounts(received),
      cancelled: payments.length - received.length,
      cancelledByChannel: sorted(cancelledByChannel),
    },
    shutsunoSeiri,
    directDebit: { records: debitsAll, debited: debitsAll - failedDebits.length, failed },
    counter: {
      registerRows: registerRows.length,
      registerVoids: registerRows.filter((r) => r.voidTime).length,
      cashRows: registerRows.filter((r) => r.method === '現金').length,
      qrRows: registerRows.filter((r) => r.method === 'QR').length,
      qrTransactions: Object.fromEntries(['取引完了', '返金完了', '取引失敗'].map((s) => [s, qrTxs.filter((t) => t.status === s).length])),
      qrRowsWithoutTransaction: registerRows.filter((r) => r.method === 'QR' && !qrTxs.some((t) => t.id === r.qrId)).length,
    },
  };
}

function sumAmounts(payments: Payment[]): number {
  return payments.reduce((s, p) => s + p.amount, 0);
}
