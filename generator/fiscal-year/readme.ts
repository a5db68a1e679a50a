import { CARD_LAUNCH, SEED, WINDOW_FROM, WINDOW_TO } from './facts';
import type { YearContext } from './model';
import type { YearTotals } from './totals';

const yen = (n: number) => n.toLocaleString('en-US');
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Step 12, the README's fiscal-year section, its numbers taken from what the steps drew and the totals. */
export function yearReadme(ctx: YearContext, { byFiscalYear, manifest: totals, cancelledAsDrawn }: YearTotals): string {
  const fyLine = (fy: string) => {
    const t = byFiscalYear[fy];
    if (!t) return `- FY${fy}: none`;
    const ch = Object.entries(t.byContractChannel)
      .map(([c, v]) => `${c} ${v.count} (${yen(v.amount)})`)
      .join(', ');
    const means = Object.entries(t.eltaxByMeans)
      .map(([m, v]) => `${m}×${v.count}`)
      .join(' ');
    const cashless = `Cashless ${t.cashless.count} (${pct(t.cashless.shareByCount)} by count, ${pct(t.cashless.shareByAmount)} by amount)`;
    const eltax = means ? `; eltax by 納付手段 ${means}` : '';
    return `- FY${fy}: ${t.received} payments, ${yen(t.receivedAmount)} yen — ${ch}${eltax}. ${cashless}.`;
  };
  const { bills, shutsunoSeiri: s, directDebit, counter } = totals;
  const billsByFy = Object.entries(bills.byFiscalYear)
    .map(([y, n]) => `FY${y}: ${n}`)
    .join(', ');
  const billsFiles = ctx.files.filter((f) => f.format === 'bills').length;
  const failed = directDebit.failed;
  const failedCodes = Object.entries(failed.byResultCode)
    .map(([c, n]) => `code ${c}×${n}`)
    .join(', ');
  const cancelled = Object.entries(cancelledAsDrawn)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  const qr = counter.qrTransactions;
  const counterPayments = `${s.counterNoBill.count} counter payments (${yen(s.counterNoBill.amount)} yen)`;
  const registerRows = `${counter.registerRows} rows (${counter.cashRows} cash, ${counter.qrRows} QR, ${counter.registerVoids} voided)`;
  return `## The fiscal year: FY2025 (令和7年度) and its 出納整理期間
Written by \`samples/year.ts\` (seed ${SEED}), after the November month: payments from ${WINDOW_FROM} to ${WINDOW_TO}.

- **Population**: ${ctx.payers.length} 宛名番号 (a city of ~13,000 people), ${ctx.notices.length} notices; ${bills.distinct} distinct bills
  (${billsByFy}) in ${billsFiles} bills files.
- **Bills** (\`bills/\`): \`choutei_20250401.csv\` is the full set of 2025-04-01 (FY2025 固定資産税 4期 4/30, 7/31, 12/25, 2/28;
  住宅使用料 and 保育所利用料 12期; ${bills.byFiscalYear['2024']} open FY2024 bills, 滞納繰越, never paid except planted arrears). Updates:
  軽自動車税 (5/31) on 2025-05-01, 市県民税 (4期 6/30, 8/31, 10/31, 1/31) and 国保税 (10期 June–March) on 2025-06-10,
  介護保険料 (8期) and 後期高齢者医療保険料 (9期) on 2025-07-10; every first business day of a month new 随時 bills (期別 00:
  生活環境課手数料 and 市民課証明交付手数料, due 3–5 weeks later), mid-year 国保 notices, ${bills.reduced} 減額更正 (paid, if at all, after
  the update at the new amount) and ${bills.cancelled} 取消 (never paid). FY2026 固定資産税・住宅使用料・保育所利用料 come on 2026-04-01,
  FY2026 軽自動車税 on 2026-05-01. The November scenario's ${bills.novemberArrearsCarried} FY2025 bills (its 滞納繰越分) are here with the same
  number, amount and 納期限, unpaid all year (some with a failed 口座振替).
- **Channels**: a notice has a habit (口座振替 8–30% by category; else bank counter, convenience store, app, eL-QR for
  the taxes 01–04), a payer now and then pays another way, card payments (科目 01–06) from ${CARD_LAUNCH}. Payments fall between
  the notice and the effective 納期限 (mostly in its last two weeks); 固定資産税 and 市県民税 payers often pay every
  installment at once (全期前納). Bank counters and eL-QR 納付手段 01 only on business days; 口座振替 on the effective 納期限.
  The 市民課 and 生活環境課 counters take certificate fees (科目 10: 300, 450, 750 yen × 件数) and 科目 09 fees, in cash
  or by PayPay (6% → 14% of rows over the window); every QR row of the register has its 取引完了 with the same 取引番号
  and amount, except the planted ones.
- **Files**: \`konbini/SYUNO_<arrival>.dat\` one a month (a header/trailer group per delivery day; 速報 in the group of the
  収納日 or the next business day, 確報 1–3 delivery days later), the last one (June 2026) with the 確報 of late May;
  \`konbini-csv/DSK_<arrival>.csv\` likewise for 住宅使用料/保育所利用料 (plus 郵便振替 \`12\`); \`eltax/ELTAX_<arrival>.csv\`,
  \`bank-counter/OCR_<arrival>.csv\`, \`credit-card/CARD_<arrival>.csv\`, \`qr-counter/PAYPAY_<arrival>.csv\`,
  \`city-cash/MADOGUCHI_<arrival>.csv\` one a month (arrival = first business day after the month);
  \`zengin-furikae/FURIKAE_<arrival>.dat\` one per 引落日, arriving two business days after it (the header carries 引落日 as
  MMDD only: it resolves against the arrival date, so import these with \`--received-on\` = the date in the name).
  All CP932 and CRLF except \`eltax/ELTAX_20251001.csv\` (UTF-8 with BOM).

### Expected results of the fiscal year
Received payments as the report counts them (once, by channel; cancelled ones, failed debits and QR register rows
excluded; eLTAX by 納付手段; fiscal year by domain.md's rule: a bill's year is that of its 納期限, and April–May
payments count in the previous year only for that year's own bills):
${['2024', '2025', '2026'].map(fyLine).join('\n')}

FY2026 above counts the FY2026 bills paid in April–May 2026 and the counter in April–May 2026 only; the November
month adds to it (see the totals below). 出納整理期間 (2026-04-01 … 05-31): ${s.previousYearBills.count} payments of FY2025
bills (${yen(s.previousYearBills.amount)} yen, counted in FY2025), ${s.carriedBills.count} of older bills (滞納繰越分,
${yen(s.carriedBills.amount)} yen, counted in FY2026 as carried), ${s.currentYearBills.count} of FY2026 bills
(${yen(s.currentYearBills.amount)} yen) and ${counterPayments}, all three counted in FY2026.
口座振替: ${directDebit.records} debits, ${failed.count} failed (${failedCodes}; ${yen(failed.amount)} yen, not payments).
Cancelled: ${totals.payments.cancelled} (${cancelled}).
Counter register: ${registerRows}; QR 取引完了 ${qr['取引完了']}, 返金完了 ${qr['返金完了']}, 取引失敗 ${qr['取引失敗']}.
`;
}
