import { isBankHoliday, type IsoDate } from '../../src/common/calendar';
import type { ExceptionType } from '../../src/common/codes';
import { bankPayment, cardPayment, debitPayment, eltaxPayment, konbiniPayment } from './channels';
import { FY } from './facts';
import { check, type Payment, type Rec, type YearContext } from './model';
import { plantBill } from './population';

/**
 * Step 4, planted payments: their bills get their own notices and 通知書番号 first, so the ordinary payments
 * drawn next keep away from them. Each becomes a case of the manifest with the exceptions it must raise.
 * (The counter's planted rows come with the counter step; the control-total cases with their files.)
 */
export function plantPayments(ctx: YearContext): void {
  plantDuplicates(ctx);
  plantCancellations(ctx);
  plantLatePayments(ctx);
}

export function plant(ctx: YearContext, name: string, expected: ExceptionType[], description: string, payment: Payment): Payment {
  payment.caseName = name;
  ctx.plants.push({ name, description, expected, payment });
  return payment;
}

/** A payment undone by a later record (eLTAX 取消区分 1, card 取消, bank-counter 取消区分 1). */
function cancelledBy(payment: Payment, record: Rec): void {
  payment.cancelled = true;
  payment.records.push(record);
}

export function atBusinessDay(d: IsoDate): IsoDate {
  check(!isBankHoliday(d), `planted day ${d} is a business day`);
  return d;
}

/** 1–2: eL-QR after a convenience-store payment of the same bill, the reverse, and 口座振替 then the paper slip. */
function plantDuplicates(ctx: YearContext): void {
  let bill = plantBill(ctx, '02', FY, '02', 38400);
  plant(
    ctx,
    'eltax_dup_konbini_first',
    [],
    '固定資産税第2期（納期限 2025-07-31）をコンビニで納付（7-18）: 消込済',
    konbiniPayment(ctx, bill, '2025-07-18', false, { hhmm: '1241' }),
  );
  plant(
    ctx,
    'eltax_dup_eltax_second',
    ['duplicate_payment'],
    '同じ調定を 7-28 に eL-QR（ペイジー・インターネットバンキング）でも納付: 二重納付',
    eltaxPayment(ctx, bill, '2025-07-28', '03'),
  );

  bill = plantBill(ctx, '01', FY, '02', 27000);
  plant(
    ctx,
    'eltax_first_konbini_dup_eltax',
    [],
    '市県民税第2期（納期限 2025-08-31 日 → 実質 9-01）を eL-QR（クレジットカード）で納付（8-20）: 消込済',
    eltaxPayment(ctx, bill, '2025-08-20', '05'),
  );
  plant(
    ctx,
    'eltax_first_konbini_dup_konbini',
    ['duplicate_payment'],
    '同じ調定の納付書を 8-26 にコンビニでも納付（速報・確報）: 二重納付',
    konbiniPayment(ctx, bill, '2025-08-26', false, { hhmm: '1905' }),
  );

  bill = plantBill(ctx, '04', FY, '03', 24600, { way: 'debit' });
  plant(
    ctx,
    'debit_then_bank_debit',
    [],
    '国保税第3期（納期限 2025-08-31 日 → 実質 9-01）を口座振替（振替済）: 消込済',
    debitPayment(ctx, bill, bill.notice!.account!, '0'),
  );
  plant(
    ctx,
    'debit_then_bank_counter',
    ['duplicate_payment'],
    '振替済を知らずに 9-04 に納付書で金融機関窓口でも納付: 二重納付',
    bankPayment(ctx, bill, atBusinessDay('2025-09-04')),
  );
}

/** 3: cancellations — eLTAX 取消区分 1, card 取消, bank-counter 取消区分 1. */
function plantCancellations(ctx: YearContext): void {
  let bill = plantBill(ctx, '03', FY, '01', 10800);
  const eltax = plant(
    ctx,
    'eltax_cancelled',
    ['cancelled_payment'],
    '軽自動車税 eL-QR（クレジットカード）5-20 の納付を 5-23 作成の取消区分1の行が取り消す。調定は未納に戻る',
    eltaxPayment(ctx, bill, '2025-05-20', '05'),
  );
  cancelledBy(eltax, { dataType: '1', day: '2025-05-23' });

  bill = plantBill(ctx, '01', FY, '03', 45000);
  const card = plant(
    ctx,
    'card_cancelled',
    ['cancelled_payment'],
    '市県民税第3期のクレジット納付（10-20）を 10-22 の取消行（元決済ID）が取り消す',
    cardPayment(ctx, bill, '2025-10-20', '21:14:05'),
  );
  card.card!.cancelOn = '2025-10-22';
  card.card!.cancelTime = '10:03:40';
  cancelledBy(card, { dataType: '取消', day: '2025-10-22' });

  bill = plantBill(ctx, '02', FY, '03', 52300);
  const bank = plant(
    ctx,
    'bank_counter_cancelled',
    ['cancelled_payment'],
    '固定資産税第3期の窓口収納（12-19）を同じ納付番号・収納日・金額の取消区分1の行が取り消す',
    bankPayment(ctx, bill, atBusinessDay('2025-12-19')),
  );
  cancelledBy(bank, { dataType: '1', day: '2025-12-19' });
}

/** 4: late payments — 滞納繰越分 of FY2024 (one in FY2024's 出納整理期間), and FY2025 bills paid in April–May 2026. */
function plantLatePayments(ctx: YearContext): void {
  const late: ExceptionType[] = ['late_payment'];
  let bill = plantBill(ctx, '04', FY - 1, '10', 31200);
  plant(
    ctx,
    'late_fy2024_paid_may_2025',
    late,
    '令和6年度 国保税第10期（納期限 2025-03-31）を 2025-05-15 に金融機関窓口で納付: 期限後、出納整理期間なので令和6年度に計上',
    bankPayment(ctx, bill, atBusinessDay('2025-05-15')),
  );

  bill = plantBill(ctx, '01', FY - 1, '04', 18500);
  plant(
    ctx,
    'late_fy2024_arrears_konbini',
    late,
    '令和6年度 市県民税第4期（納期限 2025-01-31）の滞納繰越分を催告書の再発行納付書（再発行区分1）で 2025-07-08 にコンビニ納付',
    konbiniPayment(ctx, bill, '2025-07-08', false, { hhmm: '1112', slip: { reissue: '1', payLimit: '2025-07-31' } }),
  );

  bill = plantBill(ctx, '02', FY - 1, '04', 64100);
  plant(
    ctx,
    'late_fy2024_arrears_eltax',
    late,
    '令和6年度 固定資産税第4期（納期限 2025-02-28）の滞納繰越分を 2025-09-10 に eL-QR（インターネットバンキング）で納付',
    eltaxPayment(ctx, bill, '2025-09-10', '03'),
  );

  bill = plantBill(ctx, '06', FY - 1, '09', 9870);
  plant(
    ctx,
    'late_fy2024_arrears_bank',
    late,
    '令和6年度 後期高齢者医療保険料第9期（納期限 2025-03-31）の滞納繰越分を 2025-11-20 に金融機関窓口で納付',
    bankPayment(ctx, bill, atBusinessDay('2025-11-20')),
  );

  bill = plantBill(ctx, '04', FY, '10', 28700);
  plant(
    ctx,
    'late_fy2025_paid_april_2026',
    late,
    '国保税第10期（納期限 2026-03-31）を 2026-04-10 に金融機関窓口で納付: 期限後、出納整理期間なので令和7年度に計上',
    bankPayment(ctx, bill, atBusinessDay('2026-04-10')),
  );

  bill = plantBill(ctx, '01', FY, '04', 33000);
  plant(
    ctx,
    'late_fy2025_paid_may_2026',
    late,
    '市県民税第4期（納期限 2026-01-31 土 → 実質 2-02）を督促状の再発行納付書で 2026-05-20 にコンビニ納付: 期限後、令和7年度に計上',
    konbiniPayment(ctx, bill, '2026-05-20', false, { hhmm: '1830', slip: { reissue: '1', payLimit: '2026-05-31' } }),
  );
}
