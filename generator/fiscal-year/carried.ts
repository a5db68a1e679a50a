import type { ExceptionType } from '../../src/common/codes';
import { bankPayment, konbiniPayment } from './channels';
import { FY } from './facts';
import type { YearContext } from './model';
import { atBusinessDay, plant } from './planted';
import { makeBill, plantBill } from './population';
import { pick } from '../random';

/**
 * Step 6b, the fiscal year by law in the samples (issue #11, domain.md "Which fiscal year"): 滞納繰越分 paid in
 * April–May. A bill of an earlier year than the one that just ended has no 出納整理期間, so its payment counts in
 * the fiscal year of its 納付日, as `carried`.
 * Drawn after the counter (step 6), so every earlier draw — and the files it made — stays as it was.
 */
export function plantCarriedPayments(ctx: YearContext): void {
  const late: ExceptionType[] = ['late_payment'];
  let bill = plantBill(ctx, '01', FY - 2, '04', 22400, { createdOn: '2023-06-09' });
  plant(
    ctx,
    'carried_fy2023_paid_april_2025',
    late,
    '令和5年度 市県民税第4期（納期限 2024-01-31）の滞納繰越分を 2025-04-15 に金融機関窓口で納付: 出納整理期間の対象外、令和7年度の滞納繰越分に計上',
    bankPayment(ctx, bill, atBusinessDay('2025-04-15')),
  );

  bill = plantBill(ctx, '02', FY - 1, '04', 41800);
  plant(
    ctx,
    'carried_fy2024_paid_may_2026',
    late,
    '令和6年度 固定資産税第4期（納期限 2025-02-28）の滞納繰越分を 2026-05-15 に金融機関窓口で納付: 令和8年度の滞納繰越分に計上（令和7年度ではない）',
    bankPayment(ctx, bill, atBusinessDay('2026-05-15')),
  );

  bill = plantBill(ctx, '04', FY - 1, '08', 26500);
  plant(
    ctx,
    'carried_fy2024_paid_april_2026_konbini',
    late,
    '令和6年度 国保税第8期（納期限 2025-01-31）の滞納繰越分を催告書の再発行納付書で 2026-04-21 にコンビニ納付: 令和8年度の滞納繰越分に計上',
    konbiniPayment(ctx, bill, '2026-04-21', false, { hhmm: '1505', slip: { reissue: '1', payLimit: '2026-04-30' } }),
  );

  plantStatedFiscalYear(ctx);
}

/**
 * A 随時 bill of March 2026 whose 納期限 falls in April: by its 納期限 it would belong to FY2026, but the bills file states
 * 会計年度 2025 (the optional column), so its April payment counts in FY2025's 出納整理期間.
 */
function plantStatedFiscalYear(ctx: YearContext): void {
  const payerId = pick(ctx.rng, ctx.payers);
  const owner = { payerId, category: '09', way: 'bank' as const, account: null, bills: [] as ReturnType<typeof makeBill>[] };
  const bill = makeBill(ctx, {
    category: '09',
    fy: FY,
    installment: '00',
    due: '2026-04-10',
    amount: 8400,
    payerId,
    notice: ctx.noticeNumbers.nextPlanted++,
    createdOn: '2026-03-16',
    owner,
  });
  bill.accountingYear = FY;
  bill.planted = true;
  owner.bills.push(bill);
  ctx.plantedBills.push(bill);
  plant(
    ctx,
    'stated_fiscal_year_zuiji_paid_april_2026',
    [],
    '生活環境課手数料の随時調定（2026-03-16、納期限 2026-04-10）: 調定データが会計年度 2025 と明示 → 2026-04-08 の金融機関窓口納付は令和7年度（出納整理期間）に計上',
    bankPayment(ctx, bill, atBusinessDay('2026-04-08')),
  );
}
