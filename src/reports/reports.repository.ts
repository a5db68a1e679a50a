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
   * A fiscal year's received payments (cancelled ones excluded), each counted in the year the view
   * `payment_accounting` assigns it (domain.md "Which fiscal year"), grouped and with the total last.
   */
  received(fiscalYear: number, by: ReportGrouping, cashless: CashlessDefinition): Promise<ReceivedSums[]> {
    const { key, label } = GROUPS[by];
    return this.db.dataSource.query(
      `WITH attributed AS (
         SELECT p.channel, p.means_code, p.amount, p.paid_on, c.name AS category_name, a.category_code AS category,
                (p.channel = ANY($2::text[]) AND (p.channel <> 'eltax' OR p.means_code = ANY($3::text[]))) AS cashless,
                (p.channel = ANY($4::text[]) OR (p.channel = 'eltax' AND p.means_code = ANY($5::text[]))) AS counter
           FROM payment p
           JOIN payment_accounting a ON a.payment_id = p.id
           LEFT JOIN revenue_category c ON c.municipality_code = $1 AND c.code = a.category_code
          WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND a.fiscal_year = $6
            AND p.paid_on BETWEEN make_date($6, 4, 1) AND make_date($6 + 1, 5, 31)
       )
       SELECT ${key} AS key, min(${label}) AS label, grouping(${key}) = 1 AS is_total,
              count(*)::int AS count, coalesce(sum(amount), 0)::bigint AS amount,
              (count(*) FILTER (WHERE cashless))::int AS cashless_count,
              coalesce(sum(amount) FILTER (WHERE cashless), 0)::bigint AS cashless_amount,
              (count(*) FILTER (WHERE NOT counter))::int AS non_counter_count,
              coalesce(sum(amount) FILTER (WHERE NOT counter), 0)::bigint AS non_counter_amount
         FROM attributed
        GROUP BY GROUPING SETS ((${key}), ())
        ORDER BY is_total, key NULLS LAST`,
      [this.config.MUNICIPALITY_CODE, cashless.channels, cashless.eltaxMeans, COUNTER_CHANNELS, ELTAX_COUNTER_MEANS, fiscalYear],
    );
  }

  /** How many revenue categories there are, and how many were paid cashless in the fiscal year. */
  async categoryAdoption(fiscalYear: number, cashless: CashlessDefinition): Promise<{ categories: number; withCashless: number }> {
    const [adoption]: { categories: number; withCashless: number }[] = await this.db.dataSource.query(
      `SELECT (SELECT count(*) FROM revenue_category WHERE municipality_code = $1)::int AS categories,
              (SELECT count(DISTINCT a.category_code) FROM payment p JOIN payment_accounting a ON a.payment_id = p.id
                WHERE p.municipality_code = $1 AND p.state <> 'cancelled' AND a.category_code IS NOT NULL
                  AND a.fiscal_year = $2 AND p.paid_on BETWEEN make_date($2, 4, 1) AND make_date($2 + 1, 5, 31)
                  AND p.channel = ANY($3::text[])
                  AND (p.channel <> 'eltax' OR p.means_code = ANY($4::text[])))::int AS "withCashless"`,
      [this.config.MUNICIPALITY_CODE, fiscalYear, cashless.channels, cashless.eltaxMeans],
    );
    return adoption;
  }

  /**
   * Fees by the payout sources' fee table (view `expected_payout`), per provider and month of 収入日, over the
   * payouts of the fiscal year (April to March): the counts and fees the monthly invoices should show.
   */
  monthlyFees(fiscalYear: number): Promise<{ format: string; provider: string; month: string; count: number; fees: number }[]> {
    return this.db.dataSource.query(
      `SELECT x.format, x.provider_code AS provider, to_char(x.due_on, 'YYYY-MM') AS month,
              sum(x.expected_count)::int AS count, sum(x.fee_amount)::bigint AS fees
         FROM expected_payout x
        WHERE x.municipality_code = $1 AND x.payout_source_id IS NOT NULL
          AND x.due_on BETWEEN make_date($2, 4, 1) AND make_date($2 + 1, 3, 31)
        GROUP BY 1, 2, 3
        ORDER BY 3, 1, 2`,
      [this.config.MUNICIPALITY_CODE, fiscalYear],
    );
  }
}
