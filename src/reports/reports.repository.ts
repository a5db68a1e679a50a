import { Injectable } from '@nestjs/common';
import { Channel, COUNTER_CHANNELS, ELTAX_COUNTER_MEANS } from '../common/codes';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { ReportGrouping } from './cashless-report.dto';

/** One group's sums of a fiscal year's received payments, or the total (`is_total`). */
export interface ReceivedSums {
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

/** Which payments count as cashless: these channels, eLTAX only by these 納付手段. */
export interface CashlessDefinition {
  channels: Channel[];
  eltaxMeans: string[];
}

const GROUPS: Record<ReportGrouping, { key: string; label: string }> = {
  category: { key: 'category', label: 'category_name' },
  // eLTAX is split by 納付手段: a bank-counter eL-QR payment is cash, a card one is not.
  channel: { key: "CASE WHEN channel = 'eltax' THEN 'eltax:' || coalesce(means_code, '99') ELSE channel END", label: 'channel' },
  month: { key: "to_char(paid_on, 'YYYY-MM')", label: "to_char(paid_on, 'YYYY-MM')" },
};

/** The SQL of the reports: sums over received payments, never a row at a time. */
@Injectable()
export class ReportsRepository {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /**
   * A fiscal year's received payments (cancelled ones excluded), each counted in the year domain.md assigns
   * it (出納整理期間: April and May pay the bills of the year before), grouped and with the total last.
   */
  received(fiscalYear: number, by: ReportGrouping, cashless: CashlessDefinition): Promise<ReceivedSums[]> {
    const { key, label } = GROUPS[by];
    return this.db.dataSource.query(
      `WITH received AS (
         SELECT p.channel, p.means_code, p.amount, p.paid_on, coalesce(p.category_code, b.category_code) AS category,
                (p.channel = ANY($2::text[]) AND (p.channel <> 'eltax' OR p.means_code = ANY($3::text[]))) AS cashless,
                (p.channel = ANY($4::text[]) OR (p.channel = 'eltax' AND p.means_code = ANY($5::text[]))) AS counter,
                -- date_part, not extract: extract answers numeric, three times slower over a year's payments.
                date_part('year', p.paid_on)::int - CASE WHEN date_part('month', p.paid_on) < 4 THEN 1 ELSE 0 END AS paid_fy,
                coalesce(b.fiscal_year, CASE WHEN p.reference_valid THEN 2000 + substr(p.bill_number, 3, 2)::int END) AS bill_fy
           FROM payment p
           LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
          WHERE p.municipality_code = $1 AND p.state <> 'cancelled'
            AND p.paid_on BETWEEN make_date($6, 4, 1) AND make_date($6 + 1, 5, 31)
       ), attributed AS (
         SELECT r.*, c.name AS category_name,
                CASE WHEN date_part('month', r.paid_on) IN (4, 5) AND r.bill_fy < r.paid_fy THEN r.paid_fy - 1
                     ELSE r.paid_fy END AS fiscal_year
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
      [this.config.MUNICIPALITY_CODE, cashless.channels, cashless.eltaxMeans, COUNTER_CHANNELS, ELTAX_COUNTER_MEANS, fiscalYear],
    );
  }

  /** How many revenue categories there are, and how many were paid cashless in the fiscal year (April to March). */
  async categoryAdoption(fiscalYear: number, cashless: CashlessDefinition): Promise<{ categories: number; withCashless: number }> {
    const [adoption]: { categories: number; withCashless: number }[] = await this.db.dataSource.query(
      `SELECT (SELECT count(*) FROM revenue_category WHERE municipality_code = $1)::int AS categories,
              (SELECT count(DISTINCT p.category_code) FROM payment p
                WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND p.category_code IS NOT NULL
                  AND p.paid_on BETWEEN make_date($2, 4, 1) AND make_date($2 + 1, 3, 31)
                  AND p.channel = ANY($3::text[])
                  AND (p.channel <> 'eltax' OR p.means_code = ANY($4::text[])))::int AS "withCashless"`,
      [this.config.MUNICIPALITY_CODE, fiscalYear, cashless.channels, cashless.eltaxMeans],
    );
    return adoption;
  }
}
