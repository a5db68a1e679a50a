import { Injectable } from '@nestjs/common';
import { Channel, COUNTER_CHANNELS, ELTAX_COUNTER_MEANS } from '../common/codes';
import { CHANNEL_LABELS, ELTAX_MEANS_LABELS } from '../common/labels';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { CashlessReportDto, ReportGrouping, ReportRowDto, ShareDto } from './cashless-report.dto';

interface Sums {
  key: string | null;
  label: string | null;
  is_total: boolean;
  count: number;
  amount: number;
  cashless_count: number;
  cashless_amount: number;
  non_counter_count: number;
  non_counter_amount: number;
}

const KEYS: Record<ReportGrouping, { key: string; label: string }> = {
  category: { key: 'category', label: 'category_name' },
  // eLTAX is split by 納付手段: a bank-counter eL-QR payment is cash, a card one is not.
  channel: { key: "CASE WHEN channel = 'eltax' THEN 'eltax:' || coalesce(means_code, '99') ELSE channel END", label: 'channel' },
  month: { key: "to_char(paid_on, 'YYYY-MM')", label: "to_char(paid_on, 'YYYY-MM')" },
};

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

function shares(s: Sums): ShareDto {
  return {
    count: s.count, amount: s.amount, cashlessCount: s.cashless_count, cashlessAmount: s.cashless_amount,
    shareByCount: share(s.cashless_count, s.count), shareByAmount: share(s.cashless_amount, s.amount),
    nonCounterShareByCount: share(s.non_counter_count, s.count), nonCounterShareByAmount: share(s.non_counter_amount, s.amount),
  };
}

/**
 * The cashless share against the plan's 50% (令和12年度末). Counts each received payment once by
 * its channel, in the fiscal year domain.md assigns it (出納整理期間 included). Which channels count
 * is configuration and can be overridden per report; the definition used travels with the answer.
 */
@Injectable()
export class CashlessReportService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  async report(fiscalYear: number, by: ReportGrouping, cashless?: Channel[]): Promise<CashlessReportDto> {
    const cashlessChannels = cashless?.length ? cashless : this.config.CASHLESS_CHANNELS;
    const eltaxMeans = this.config.ELTAX_CASHLESS_MEANS;
    const { key, label } = KEYS[by];
    const sums: Sums[] = await this.db.dataSource.query(
      `WITH received AS (
         SELECT p.channel, p.means_code, p.amount, p.paid_on, coalesce(p.category_code, b.category_code) AS category,
                (p.channel = ANY($2::text[]) AND (p.channel <> 'eltax' OR p.means_code = ANY($3::text[]))) AS cashless,
                (p.channel = ANY($4::text[]) OR (p.channel = 'eltax' AND p.means_code = ANY($5::text[]))) AS counter,
                extract(year FROM p.paid_on)::int - CASE WHEN extract(month FROM p.paid_on) < 4 THEN 1 ELSE 0 END AS paid_fy,
                coalesce(b.fiscal_year, CASE WHEN p.reference_valid THEN 2000 + substr(p.bill_number, 3, 2)::int END) AS bill_fy
           FROM payment p
           LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number
          WHERE p.municipality_code = $1 AND p.state <> 'cancelled'
            AND p.paid_on BETWEEN make_date($6, 4, 1) AND make_date($6 + 1, 5, 31)
       ), attributed AS (
         SELECT r.*, c.name AS category_name,
                CASE WHEN extract(month FROM r.paid_on) IN (4, 5) AND r.bill_fy < r.paid_fy THEN r.paid_fy - 1 ELSE r.paid_fy END AS fiscal_year
           FROM received r
           LEFT JOIN revenue_category c ON c.municipality_code = $1 AND c.code = r.category
       )
       SELECT ${key} AS key, min(${label}) AS label, grouping(${key}) = 1 AS is_total,
              count(*)::int AS count, coalesce(sum(amount), 0)::bigint AS amount,
              (count(*) FILTER (WHERE cashless))::int AS cashless_count,
              coalesce(sum(amount) FILTER (WHERE cashless), 0)::bigint AS cashless_amount,
              (count(*) FILTER (WHERE NOT counter))::int AS non_counter_count,
              coalesce(sum(amount) FILTER (WHERE NOT counter), 0)::bigint AS non_counter_amount
         FROM attributed WHERE fiscal_year = $6
        GROUP BY GROUPING SETS ((${key}), ())
        ORDER BY is_total, key NULLS LAST`,
      [this.config.MUNICIPALITY_CODE, cashlessChannels, eltaxMeans, COUNTER_CHANNELS, ELTAX_COUNTER_MEANS, fiscalYear],
    );
    const total = sums.find((s) => s.is_total);
    const rows: ReportRowDto[] = sums
      .filter((s) => !s.is_total)
      .map((s) => ({ key: s.key, label: this.labelOf(by, s), ...shares(s) }));
    const [adoption]: { categories: number; with_cashless: number }[] = await this.db.dataSource.query(
      `SELECT (SELECT count(*) FROM revenue_category WHERE municipality_code = $1)::int AS categories,
              (SELECT count(DISTINCT p.category_code) FROM payment p
                WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND p.category_code IS NOT NULL
                  AND p.paid_on BETWEEN make_date($2, 4, 1) AND make_date($2 + 1, 3, 31)
                  AND p.channel = ANY($3::text[]) AND (p.channel <> 'eltax' OR p.means_code = ANY($4::text[])))::int AS with_cashless`,
      [this.config.MUNICIPALITY_CODE, fiscalYear, cashlessChannels, eltaxMeans],
    );
    return {
      fiscalYear,
      target: 0.5,
      cashlessChannels,
      definition: {
        cashlessChannels,
        eltaxCashlessMeans: eltaxMeans,
        counterChannels: COUNTER_CHANNELS,
        eltaxCounterMeans: ELTAX_COUNTER_MEANS,
        description:
          `キャッシュレス: ${cashlessChannels.map((c) => CHANNEL_LABELS[c]).join('・')}` +
          (cashlessChannels.includes('eltax') ? ` (eLTAXは納付手段 ${eltaxMeans.join('・')})` : '') +
          '。窓口: 金融機関窓口・市役所窓口現金・eLTAX金融機関窓口。取消を除く受領済みの納付を1件と数え、出納整理期間の納付は調定の年度に計上。',
      },
      total: shares(total ?? { key: null, label: null, is_total: true, count: 0, amount: 0, cashless_count: 0, cashless_amount: 0, non_counter_count: 0, non_counter_amount: 0 }),
      by,
      rows,
      categoryAdoption: {
        categories: adoption.categories,
        withCashless: adoption.with_cashless,
        share: share(adoption.with_cashless, adoption.categories),
      },
    };
  }

  private labelOf(by: ReportGrouping, s: Sums): string {
    if (s.key === null) return '不明';
    if (by === 'channel' && s.key.startsWith('eltax:')) {
      const means = s.key.slice('eltax:'.length);
      return `eLTAX（${ELTAX_MEANS_LABELS[means] ?? means}）`;
    }
    if (by === 'channel') return CHANNEL_LABELS[s.key as Channel] ?? s.key;
    return s.label ?? s.key;
  }
}
