import type { IsoDate } from '../../src/common/calendar';
import type { ExceptionType } from '../../src/common/codes';
import { billNumber, withWrongBarcodeCheck, withWrongCheckDigit } from '../layouts';
import { pick } from '../random';
import { CVS } from '../stores';
import { FY, REMINDER_LIMIT } from './facts';
import type { NovemberContext, Payment, PaymentRecord } from './model';
import { newPayment, slipBarcode, speedDay, storeOf } from './payments';
import { dueOf, plantBill } from './population';

/**
 * Step 3, planted payments at the main 収納代行 (numbered as the cases of samples/README.md), each with the files
 * its 速報, 確報 and 取消 come in; then step 4, the second 収納代行's records, its ordinary ones and its planted ones.
 * Examples of matched payments are chosen among the ordinary ones after the files are written.
 */
export function plantPayments(ctx: NovemberContext): void {
  plantReferenceProblems(ctx);
  plantAmountProblems(ctx);
  plantLatePayments(ctx);
  plantCancellations(ctx);
  plantLoneRecords(ctx);
  plantBillChanges(ctx);
  plantDamagedLines(ctx);
}

interface Files {
  speed?: IsoDate | null;
  confirm?: IsoDate | null;
  cancel?: IsoDate | null;
}

/** A planted main-収納代行 payment with explicit 速報/確報/取消 files (null: that record never comes). */
function plant(ctx: NovemberContext, name: string, description: string, expected: ExceptionType[], p: Payment, files: Files): Payment {
  p.caseName = name;
  const speed = files.speed === undefined ? speedDay(p.paidOn) : files.speed;
  if (speed) p.records.push({ dataType: '01', fileDay: speed });
  if (files.confirm) p.records.push({ dataType: '02', fileDay: files.confirm });
  if (files.cancel) p.records.push({ dataType: '03', fileDay: files.cancel });
  ctx.payments.push(p);
  ctx.cases.push({ case: name, description, payment: p, expected });
  return p;
}

const reminder = { reissue: '1', payLimit: REMINDER_LIMIT };

/** 2–3: unknown_bill and invalid_reference (the 納付番号's check digit, or the barcode's). */
function plantReferenceProblems(ctx: NovemberContext): void {
  // A well-formed 納付番号 that no bill has.
  let carried = billNumber('02', FY, '03', 999001);
  let code = slipBarcode('A', carried, null, 15000, { reissue: '0', payLimit: '2027-01-31' });
  plant(
    ctx,
    'unknown_bill',
    '納付番号のチェックデジットは正しいが該当する調定がない',
    ['unknown_bill'],
    newPayment(ctx, 'A', null, '2026-11-10', storeOf(ctx, 'lawson', 1), '1405', carried, code),
    { confirm: '2026-11-11' },
  );

  // The 納付番号's check digit is wrong (the barcode's own check digit verifies) …
  let bill = plantBill(ctx, '02', FY, '03', dueOf('02', FY, '03'), 32600);
  carried = withWrongCheckDigit(bill.billNumber);
  code = slipBarcode('A', carried, bill, bill.amount);
  plant(
    ctx,
    'invalid_reference_bill_number',
    '納付番号のチェックデジット誤り（バーコード自体のチェックデジットは正しい）。調定の本体15桁と一致しても消し込まない',
    ['invalid_reference'],
    newPayment(ctx, 'A', bill, '2026-11-11', storeOf(ctx, 'family', 2), '1922', carried, code),
    { confirm: '2026-11-13' },
  );

  // … and one whose barcode check digit is wrong (its 納付番号 verifies and names a real bill).
  bill = plantBill(ctx, '01', FY, '04', dueOf('01', FY, '04'), 18700);
  code = withWrongBarcodeCheck(slipBarcode('A', bill.billNumber, bill, bill.amount));
  plant(
    ctx,
    'invalid_reference_barcode',
    'バーコード（44桁）のチェックデジット誤り。納付番号は正しく実在する調定を指すが消し込まない',
    ['invalid_reference'],
    newPayment(ctx, 'A', bill, '2026-11-12', storeOf(ctx, 'seven', 2), '1041', bill.billNumber, code),
    { confirm: '2026-11-16' },
  );
}

/** 4–5: the slip's amount differs from the 調定額; a bill paid twice (store, then app the same evening). */
function plantAmountProblems(ctx: NovemberContext): void {
  let bill = plantBill(ctx, '04', FY, '06', dueOf('04', FY, '06'), 38500);
  let code = slipBarcode('A', bill.billNumber, bill, 35000);
  plant(
    ctx,
    'amount_short',
    '調定額 38,500円に対し 35,000円の納付（過少 3,500円）',
    ['amount_short'],
    newPayment(ctx, 'A', bill, '2026-11-13', storeOf(ctx, 'seven', 0), '1210', bill.billNumber, code),
    { confirm: '2026-11-17' },
  );

  const payer = pick(ctx.rng, ctx.payers);
  bill = plantBill(ctx, '02', FY, '03', dueOf('02', FY, '03'), 43200, { payer });
  plantBill(ctx, '02', FY, '04', dueOf('02', FY, '04'), 43200, { payer }); // same payer's next installment, open: a 充当 target
  code = slipBarcode('A', bill.billNumber, bill, 45000);
  plant(
    ctx,
    'amount_over',
    '調定額 43,200円に対し 45,000円の納付（過誤納 1,800円）。同じ宛名番号に未納の第4期があり充当できる',
    ['amount_over'],
    newPayment(ctx, 'A', bill, '2026-11-09', storeOf(ctx, 'paypay'), '0915', bill.billNumber, code),
    { confirm: '2026-11-10' },
  );

  bill = plantBill(ctx, '02', FY, '03', dueOf('02', FY, '03'), 27800);
  plant(
    ctx,
    'duplicate_first_store',
    '二重納付の1件目（コンビニ）: 消込済',
    [],
    newPayment(ctx, 'A', bill, '2026-11-12', storeOf(ctx, 'seven', 1), '1015'),
    { confirm: '2026-11-13' },
  );
  plant(
    ctx,
    'duplicate_second_app',
    '二重納付の2件目（同じ日の夜に PayPay）: 二重納付',
    ['duplicate_payment'],
    newPayment(ctx, 'A', bill, '2026-11-12', storeOf(ctx, 'paypay'), '2103'),
    { confirm: '2026-11-16' },
  );
}

/** 6: late_payment (this year's, a reminder slip, three 滞納繰越分), and two that are not late. */
function plantLatePayments(ctx: NovemberContext): void {
  let bill = plantBill(ctx, '04', FY, '05', dueOf('04', FY, '05'), 21400); // printed 2026-10-31 (Sat), effective 11-02
  plant(
    ctx,
    'late_payment_current_year',
    '国保税第5期 納期限 2026-10-31（土）→ 実質 11-02、11-05 納付',
    ['late_payment'],
    newPayment(ctx, 'A', bill, '2026-11-05', storeOf(ctx, 'lawson', 0), '1830'),
    { confirm: '2026-11-06' },
  );

  bill = plantBill(ctx, '03', FY, '01', dueOf('03', FY, '01'), 10800, { slip: reminder }); // printed 2026-05-31 (Sun)
  plant(
    ctx,
    'late_payment_reissued_slip',
    '軽自動車税 納期限 2026-05-31、催告書の再発行納付書（再発行区分1）で au PAY 納付',
    ['late_payment'],
    newPayment(ctx, 'A', bill, '2026-11-10', storeOf(ctx, 'aupay'), '1644'),
    { confirm: '2026-11-11' },
  );

  for (const [category, installment, paidOn, place, time, confirm, amount] of [
    ['01', '04', '2026-11-04', 'seven', '0958', '2026-11-05', 45600],
    ['02', '03', '2026-11-17', 'dbarai', '2219', '2026-11-18', 86300],
    ['04', '08', '2026-11-20', 'family', '1333', '2026-11-24', 30100],
  ] as const) {
    bill = plantBill(ctx, category, FY - 1, installment, dueOf(category, FY - 1, installment), amount, { slip: reminder });
    plant(
      ctx,
      `late_payment_arrears_${category}`,
      `滞納繰越分（令和7年度 科目${category} 第${Number(installment)}期、納期限 ${bill.dueDate}）の納付`,
      ['late_payment'],
      newPayment(ctx, 'A', bill, paidOn, storeOf(ctx, place, 1), time),
      { confirm },
    );
  }

  const holidaySlip = { reissue: '0', payLimit: '2026-11-26' };
  bill = plantBill(ctx, '09', FY, '00', '2026-11-23', 5600, { updatedOn: '2026-10-26', slip: holidaySlip });
  plant(
    ctx,
    'not_late_holiday_due',
    '納期限 2026-11-23（勤労感謝の日）→ 実質 11-24、11-24 納付は期限内',
    [],
    newPayment(ctx, 'A', bill, '2026-11-24', storeOf(ctx, 'ministop'), '0852'),
    { confirm: '2026-11-25' },
  );

  bill = plantBill(ctx, '01', FY, '03', dueOf('01', FY, '03'), 52300); // printed 2026-10-31 (Sat)
  plant(
    ctx,
    'not_late_saturday_due',
    '市県民税第3期 納期限 2026-10-31（土）→ 実質 11-02、11-02 納付は期限内',
    [],
    newPayment(ctx, 'A', bill, '2026-11-02', storeOf(ctx, 'family', 0), '1320'),
    { confirm: '2026-11-04' },
  );
}

/** 7: a 速報 and, in a later file, its 速報取消 (no 確報); one of the bills is then paid again. */
function plantCancellations(ctx: NovemberContext): void {
  let bill = plantBill(ctx, '05', FY, '05', dueOf('05', FY, '05'), 6540);
  plant(
    ctx,
    'cancelled_payment',
    '速報（11-07 土）を 11-11 のファイルの速報取消（03）が取り消す。調定は未納に戻る',
    ['cancelled_payment'],
    newPayment(ctx, 'A', bill, '2026-11-07', storeOf(ctx, 'lawson', 2), '1130'),
    { confirm: null, cancel: '2026-11-11' },
  );

  bill = plantBill(ctx, '06', FY, '05', dueOf('06', FY, '05'), 4230);
  plant(
    ctx,
    'cancelled_then_repaid_cancelled',
    '速報（11-13）を 11-16 のファイル（2グループ）の速報取消が取り消す',
    ['cancelled_payment'],
    newPayment(ctx, 'A', bill, '2026-11-13', storeOf(ctx, 'seven', 3), '1705'),
    { confirm: null, cancel: '2026-11-16' },
  );
  plant(
    ctx,
    'cancelled_then_repaid_repaid',
    '取り消された調定を 11-17 に PayPay で改めて納付: 消込済（二重納付ではない）',
    [],
    newPayment(ctx, 'A', bill, '2026-11-17', storeOf(ctx, 'paypay'), '2012'),
    { confirm: '2026-11-18' },
  );
}

/** 8–9: a 速報 never confirmed, a recent one still pending, and a 確報 with no 速報 before it. */
function plantLoneRecords(ctx: NovemberContext): void {
  let bill = plantBill(ctx, '02', FY, '03', dueOf('02', FY, '03'), 14900);
  plant(
    ctx,
    'preliminary_only',
    '11-05 の速報に確報が来ない。11-25 作成のファイルまで営業日で10日超',
    ['preliminary_only'],
    newPayment(ctx, 'A', bill, '2026-11-05', storeOf(ctx, 'lawson', 1), '1422'),
    { confirm: null },
  );

  bill = plantBill(ctx, '01', FY, '04', dueOf('01', FY, '04'), 27500);
  plant(
    ctx,
    'pending_recent_preliminary',
    '11-25 の速報、確報未着: 待ち（例外にしない）',
    [],
    newPayment(ctx, 'A', bill, '2026-11-25', storeOf(ctx, 'seven', 0), '0940'),
    { confirm: null },
  );

  bill = plantBill(ctx, '04', FY, '06', dueOf('04', FY, '06'), 16800);
  plant(
    ctx,
    'final_only',
    '速報なしで 11-13 のファイルに確報だけが来る（消込はする）',
    ['final_only'],
    newPayment(ctx, 'A', bill, '2026-11-12', storeOf(ctx, 'family', 1), '1537'),
    { speed: null, confirm: '2026-11-13' },
  );
}

/** 10: bill_cancelled, and a 減額更正 paid at the old amount. Both bills change in the update file of 11-20. */
function plantBillChanges(ctx: NovemberContext): void {
  const zuijiSlip = { reissue: '0', payLimit: '2026-11-28' };
  const cancelled = plantBill(ctx, '09', FY, '00', '2026-11-27', 24000, { updatedOn: '2026-10-28', slip: zuijiSlip });
  const reduced = plantBill(ctx, '02', FY, '03', dueOf('02', FY, '03'), 61200);
  ctx.cancelledBill = cancelled;
  ctx.reducedBill = reduced;
  plant(
    ctx,
    'bill_cancelled',
    '11-20 の更新ファイルで取消された調定への納付（11-21 土）',
    ['bill_cancelled'],
    newPayment(ctx, 'A', cancelled, '2026-11-21', storeOf(ctx, 'seven', 1), '1005'),
    { confirm: '2026-11-25' },
  );
  plant(
    ctx,
    'reduced_bill_overpaid',
    '11-20 に減額更正（61,200 → 55,800円）された調定を旧額 61,200円で納付（11-22 日）: 過誤納 5,400円',
    ['amount_over'],
    newPayment(ctx, 'A', reduced, '2026-11-22', storeOf(ctx, 'paypay'), '1548'),
    { confirm: '2026-11-25' },
  );
}

/** 13: two damaged lines in the 11-19 file: rejected on import, their bills stay unpaid. */
function plantDamagedLines(ctx: NovemberContext): void {
  const damaged = (name: string, description: string, reason: string, p: Payment, damage: PaymentRecord['damage']) => {
    p.caseName = name;
    p.records.push({ dataType: '01', fileDay: '2026-11-19', damage });
    ctx.payments.push(p);
    ctx.cases.push({ case: name, description, payment: p, rejected: { reason }, expected: [] });
  };
  let bill = plantBill(ctx, '04', FY, '06', dueOf('04', FY, '06'), 19300);
  damaged(
    'rejected_short_record',
    '119バイトしかない速報レコード: 行として取込拒否、他の行は取り込む',
    'record is 119 bytes, not 120',
    newPayment(ctx, 'A', bill, '2026-11-19', storeOf(ctx, 'lawson', 0), '1111'),
    'short',
  );
  bill = plantBill(ctx, '05', FY, '05', dueOf('05', FY, '05'), 8120);
  damaged(
    'rejected_nonexistent_date',
    '収納日 20261131（存在しない日）の速報レコード: 行として取込拒否',
    '収納日 20261131 is not a date',
    newPayment(ctx, 'A', bill, '2026-11-19', storeOf(ctx, 'seven', 2), '1620'),
    'baddate',
  );
}

/**
 * Step 4, the second 収納代行 (電算システム CSV, one file of 11-24): the ordinary payments drawn for it get their
 * 速報 and, up to 11-20, their 確報 in that file; then its planted rows (速報取消, 郵便振替 12 and 22, a pending 速報).
 */
export function plantSecondAgent(ctx: NovemberContext): void {
  for (const p of ctx.payments) {
    if (p.agent !== 'B' || p.records.length) continue;
    p.records.push({ dataType: '01' });
    if (p.paidOn <= '2026-11-20') p.records.push({ dataType: '02' });
  }
  const csvPlant = (name: string, description: string, expected: ExceptionType[], p: Payment, types: PaymentRecord['dataType'][]) => {
    p.caseName = name;
    for (const dataType of types) p.records.push({ dataType });
    ctx.payments.push(p);
    ctx.cases.push({ case: name, description, payment: p, expected });
  };
  const housing = (amount: number) => plantBill(ctx, '07', FY, '08', dueOf('07', FY, '08'), amount);
  const nursery = (amount: number) => plantBill(ctx, '08', FY, '08', dueOf('08', FY, '08'), amount);
  csvPlant(
    'csv_cancelled_payment',
    '電算システムCSV: 速報（01）と同じファイルの速報取消（03）',
    ['cancelled_payment'],
    newPayment(ctx, 'B', housing(23500), '2026-11-18', storeOf(ctx, 'lawson', 0, 'B'), '1247'),
    ['01', '03'],
  );
  csvPlant(
    'csv_post_office_12',
    '電算システムCSV: 郵便振替（12, 窓口 911）。速報なしでも確報のみにしない',
    [],
    newPayment(ctx, 'B', nursery(16200), '2026-11-17', { cvs: CVS.postCounter, code: '091001' }, '0000'),
    ['12'],
  );
  csvPlant(
    'csv_post_office_22',
    '電算システムCSV: 郵便振替訂正（22, ATM 910）。同じバーコード・収納日の12がないので単独の納付',
    [],
    newPayment(ctx, 'B', housing(31800), '2026-11-19', { cvs: CVS.postAtm, code: '091002' }, '0000'),
    ['22'],
  );
  csvPlant(
    'csv_pending_preliminary',
    '電算システムCSV: 11-24 の速報、確報未着: 待ち',
    [],
    newPayment(ctx, 'B', nursery(12400), '2026-11-24', storeOf(ctx, 'family', 0, 'B'), '0817'),
    ['01'],
  );
}
