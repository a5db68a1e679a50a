import { cmp } from '../output';
import { FY } from './facts';
import { check, type Payment, type YearContext } from './model';

interface Example {
  name: string;
  /** The first ordinary payment (by day, then as drawn) of this kind. */
  of: (p: Payment) => boolean;
  description: (p: Payment) => string;
}

const yen = (n: number) => n.toLocaleString('en-US');

/** Rules that must *not* raise an exception, each shown on an ordinary payment. */
const EXAMPLES: Example[] = [
  {
    name: 'fy2025_zuiji_paid_april_2026',
    of: (p) => p.bill!.fiscalYear === FY && p.paidOn >= '2026-04-01' && p.channel === 'bank_counter',
    description: () => '令和7年度の随時調定（3月発行、納期限4月）を 2026年4月に期限内納付: 出納整理期間なので令和7年度に計上',
  },
  {
    name: 'fy2025_zuiji_paid_april_2026_konbini',
    of: (p) => p.bill!.fiscalYear === FY && p.paidOn >= '2026-04-01' && p.channel === 'convenience_store',
    description: () => '令和7年度の随時調定（3月発行）を 2026年4月にコンビニで期限内納付（速報・確報）: 令和7年度に計上',
  },
  {
    name: 'fy2026_bill_paid_may_2026',
    of: (p) => p.bill!.fiscalYear === FY + 1 && p.bill!.category === '03' && p.paidOn >= '2026-05-01',
    description: () => '令和8年度 軽自動車税を 2026年5月に納付: 令和8年度に計上（出納整理期間の納付でも調定が現年度）',
  },
  {
    name: 'fy2026_debit_april_2026',
    of: (p) => p.bill!.fiscalYear === FY + 1 && p.bill!.category === '02' && p.channel === 'direct_debit',
    description: () => '令和8年度 固定資産税第1期（納期限 2026-04-30）の口座振替: 令和8年度に計上',
  },
  {
    name: 'reduced_bill_paid_new_amount',
    of: (p) => p.bill!.change?.kind === 'reduce',
    description: ({ bill, paidOn }) =>
      `${bill!.change!.on} の更新ファイルで減額更正（${yen(bill!.originalAmount)} → ${yen(bill!.amount)}円）された調定を ${paidOn} に更正後の額で納付: 消込済`,
  },
  {
    name: 'eltax_bank_counter_means_01',
    of: (p) => p.channel === 'eltax' && p.eltax!.means === '01',
    description: () => 'eL-QR を金融機関窓口で現金納付（納付手段区分01）: eltax だがキャッシュレスではなく窓口',
  },
  {
    name: 'post_office_12',
    of: (p) => p.konbini?.cvs.code === '911',
    description: ({ bill }) =>
      `${bill!.category === '07' ? '住宅使用料' : '保育所利用料'}の納付書を郵便局窓口で納付（電算システムCSVの12、収納時刻 0000）: ` +
      'channel bank_counter、速報なしでも確報のみにしない',
  },
];

const FAILED_DEBIT_LABELS: Record<string, string> = {
  '1': '資金不足',
  '2': '取引なし',
  '3': '預金者の都合',
  '4': '依頼書なし',
  '8': '委託者の都合',
  '9': 'その他',
};

const byDay = (a: Payment, b: Payment) => cmp(a.paidOn, b.paidOn) || a.id - b.id;

/**
 * Step 9, examples among the ordinary payments (after the files, so they point at real lines): one for each rule
 * of EXAMPLES, and the first failed debit of each 振替結果コード. They join the cases with no exception expected.
 */
export function chooseExamples(ctx: YearContext): void {
  const ordinary = ctx.payments.filter((p) => !p.caseName && p.bill);
  // All chosen before any is named, so one payment may stand for two rules.
  const chosen = EXAMPLES.map((e) => ({ e, p: ordinary.filter(e.of).sort(byDay)[0] }));
  for (const { e, p } of chosen) {
    check(p, `an ordinary payment for ${e.name}`);
    p.caseName = e.name;
    ctx.examples.push({ name: e.name, description: e.description(p), expected: [], payment: p });
  }
  for (const [code, label] of Object.entries(FAILED_DEBIT_LABELS)) {
    const f = ctx.failedDebits.filter((p) => p.failedResult === code && !p.caseName).sort(byDay)[0];
    check(f, `a failed debit with code ${code}`);
    f.caseName = `failed_debit_${code}`;
    const description = `口座振替の振替不能（振替結果コード${code} ${label}）: 納付ではない。調定は未納のまま（例外にしない）`;
    ctx.examples.push({ name: f.caseName, description, expected: [], payment: f });
  }
}
