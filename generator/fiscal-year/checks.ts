import { businessDaysBetween, isBankHoliday } from '../../src/common/calendar';
import { isValidBarcode, isValidBillNumber } from '../../src/common/check-digit';
import { barcodeAmount, ymd } from '../layouts';
import { WINDOW_FROM, WINDOW_TO } from './facts';
import { check, type YearContext } from './model';

/** Step 7, the model's self-checks: what the manifest promises about ordinary payments and the counter holds. */
export function checkModel(ctx: YearContext): void {
  checkCounter(ctx);
  checkOrdinaryPayments(ctx);
  checkBillNumbers(ctx);
}

/**
 * Every QR row but the planted ones has its 取引完了 with the same 取引番号 and amount, and the row whose
 * transaction never comes is followed by transactions more than 10 business days later.
 */
function checkCounter(ctx: YearContext): void {
  const { qrTxs } = ctx;
  const done = new Map(qrTxs.filter((t) => t.status === '取引完了').map((t) => [t.id, t]));
  const lastTx = qrTxs.reduce((m, t) => (t.on > m ? t.on : m), qrTxs[0].on);
  for (const row of ctx.registerRows.filter((r) => r.method === 'QR')) {
    const tx = done.get(row.qrId);
    if (row.caseName === 'qr_preliminary_only') {
      check(!tx && businessDaysBetween(row.on, lastTx) > 10, 'the lone QR row is past the 10 business days');
    } else if (row.caseName === 'qr_amount_short' || row.caseName === 'qr_amount_over') {
      check(tx && tx.amount !== row.amount, `${row.caseName} differs`);
    } else {
      check(tx && tx.amount === row.amount && tx.on === row.on, `QR row ${row.receiptNo} has its transaction`);
    }
  }
}

/** Ordinary payments are exact, on time, in the window and pay a payable bill at most once; planted bills stay apart. */
function checkOrdinaryPayments(ctx: YearContext): void {
  const seen = new Set<string>();
  for (const p of ctx.payments) {
    if (p.caseName || !p.bill) continue;
    const b = p.bill;
    check(!seen.has(b.billNumber), `bill paid once: ${b.billNumber}`);
    seen.add(b.billNumber);
    check(!b.planted && !b.neverPay && b.change?.kind !== 'cancel', `ordinary payment of a payable bill: ${b.billNumber}`);
    check(p.amount === b.amount, `ordinary payment exact: ${b.billNumber}`);
    check(p.paidOn <= b.effectiveDue && p.paidOn >= b.payableFrom, `ordinary payment on time, after the bill: ${b.billNumber} ${p.paidOn}`);
    check(p.paidOn >= WINDOW_FROM && p.paidOn <= WINDOW_TO, `payment in the window: ${b.billNumber}`);
    if (p.channel === 'bank_counter' || (p.channel === 'eltax' && p.eltax!.means === '01')) {
      check(!isBankHoliday(p.paidOn), `counter payment on a business day: ${b.billNumber}`);
    }
    if (p.konbini) {
      check(isValidBarcode(p.konbini.barcode) && barcodeAmount(p.konbini.barcode) === p.amount, `barcode of ${b.billNumber}`);
      check(`20${p.konbini.barcode.slice(30, 36)}` >= ymd(p.paidOn), `slip still accepted: ${b.billNumber}`);
    }
  }
  for (const b of ctx.plantedBills) check(!seen.has(b.billNumber), `planted bill untouched: ${b.billNumber}`);
}

/** 納付番号 are valid and unique, and only the carried FY2025 bills share a number with the November month. */
function checkBillNumbers(ctx: YearContext): void {
  const numbers = new Set(ctx.bills.map((b) => b.billNumber));
  check(numbers.size === ctx.bills.length, 'bill numbers unique');
  const carried = new Set(ctx.novemberArrears.map((b) => b.billNumber));
  for (const nb of ctx.input.novemberBills) {
    check(!numbers.has(nb.billNumber) || carried.has(nb.billNumber), `no clash with the November bill ${nb.billNumber}`);
  }
  for (const b of ctx.bills) check(isValidBillNumber(b.billNumber), `valid 納付番号 ${b.billNumber}`);
}

/** After the writers: every record of every payment stands in a file, at a line. */
export function checkEveryRecordWritten(ctx: YearContext): void {
  for (const p of [...ctx.payments, ...ctx.failedDebits]) {
    const ref = p.billNumber ?? p.qr?.txId ?? p.register?.receiptNo;
    for (const r of p.records) check(r.file && r.line, `record written: ${p.format} ${ref}`);
  }
}
