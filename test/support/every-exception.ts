import { billNumber, billsCsv, konbiniFile } from './files';
import type { TestApp } from './test-app';

/** Bills and konbini files that raise one exception of each of the eleven types, through the real parsers. */
export const BILL = {
  paid: billNumber('02', 2026, '03', 6001), // paid twice: duplicate_payment
  next: billNumber('02', 2026, '04', 6002), // the same payer's next installment: where 充当 goes
  short: billNumber('05', 2026, '01', 6003),
  over: billNumber('01', 2026, '02', 6004),
  cancelled: billNumber('03', 2026, '01', 6005),
  late: billNumber('04', 2026, '05', 6006),
  withdrawn: billNumber('06', 2026, '01', 6007), // its payment is cancelled by the provider
  finalOnly: billNumber('07', 2026, '11', 6008),
  preliminary: billNumber('08', 2026, '11', 6009),
  trailer: billNumber('09', 2026, '11', 6010), // paid in the file whose trailer is wrong
  unknown: billNumber('02', 2026, '03', 6999),
};
const badCheckDigit = BILL.paid.slice(0, 15) + String((Number(BILL.paid[15]) + 1) % 10);

export async function intakeEveryExceptionType(t: TestApp): Promise<void> {
  await t.intake('bills', {
    'bills.csv': billsCsv([
      { number: BILL.paid, amount: 10000, due: '2026-11-30', payer: '0000000042' },
      { number: BILL.next, amount: 10000, due: '2026-12-25', payer: '0000000042' },
      { number: BILL.short, amount: 3000, due: '2026-11-30' },
      { number: BILL.over, amount: 10000, due: '2026-11-30' },
      { number: BILL.cancelled, amount: 5000, due: '2026-11-30', status: '取消' },
      { number: BILL.late, amount: 8000, due: '2026-11-10' },
      { number: BILL.withdrawn, amount: 5000, due: '2026-11-30' },
      { number: BILL.finalOnly, amount: 6000, due: '2026-11-30' },
      { number: BILL.preliminary, amount: 7000, due: '2026-11-30' },
      { number: BILL.trailer, amount: 100, due: '2026-11-30' },
    ]),
  });
  await t.intake('konbini', {
    'S1105.dat': konbiniFile('2026-11-05', [{ type: '01', bill: BILL.preliminary, amount: 7000, paidOn: '2026-11-05' }]),
  });
  await t.intake('konbini', {
    'S1120.dat': konbiniFile('2026-11-20', [
      { type: '01', bill: BILL.paid, amount: 10000, paidOn: '2026-11-20', time: '0900' },
      { type: '01', bill: BILL.paid, amount: 10000, paidOn: '2026-11-20', time: '1200', cvs: '820' },
      { type: '01', bill: BILL.short, amount: 2900, paidOn: '2026-11-20' },
      { type: '01', bill: BILL.over, amount: 12000, paidOn: '2026-11-20' },
      { type: '01', bill: BILL.cancelled, amount: 5000, paidOn: '2026-11-20' },
      { type: '01', bill: BILL.late, amount: 8000, paidOn: '2026-11-18' },
      { type: '01', bill: BILL.withdrawn, amount: 5000, paidOn: '2026-11-19', time: '0800' },
      { type: '02', bill: BILL.finalOnly, amount: 6000, paidOn: '2026-11-18' },
      { type: '01', bill: BILL.unknown, amount: 4000, paidOn: '2026-11-19' },
      { type: '01', bill: badCheckDigit, amount: 3000, paidOn: '2026-11-19' },
    ]),
  });
  await t.intake('konbini', {
    'S1121.dat': konbiniFile('2026-11-21', [{ type: '03', bill: BILL.withdrawn, amount: 5000, paidOn: '2026-11-19', time: '0800' }]),
  });
  const broken = konbiniFile('2026-11-21', [{ type: '01', bill: BILL.trailer, amount: 100, paidOn: '2026-11-21' }]);
  broken.write('000002', broken.indexOf(Buffer.from('\r\n8')) + 3, 'latin1'); // trailer: 速報件数 1 → 2
  await t.intake('konbini', { 'broken-trailer.dat': broken });
}
