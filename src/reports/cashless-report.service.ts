import { Injectable } from '@nestjs/common';
import { Channel, CHANNELS, COUNTER_CHANNELS, ELTAX_COUNTER_MEANS, FORMAT_CHANNEL } from '../common/codes';
import { CHANNEL_LABELS, ELTAX_MEANS_LABELS } from '../common/labels';
import { AppConfig } from '../config/app-config';
import type { CashlessReportDto, ReportGrouping, ReportRowDto, ShareDto } from './cashless-report.dto';
import { CashlessDefinition, ReceivedSums, ReportsRepository } from './reports.repository';

/** The total of a year without a received payment. */
const NO_PAYMENTS: ReceivedSums = {
  key: null,
  label: null,
  is_total: true,
  count: 0,
  amount: 0,
  cashless_count: 0,
  cashless_amount: 0,
  non_counter_count: 0,
  non_counter_amount: 0,
};

/** Each channel's fees and count over the year, and the cost of one payment (yen, one decimal). */
function costsByChannel(fees: { format: string; count: number; fees: number }[]): CashlessReportDto['costs']['byChannel'] {
  const byChannel = new Map<Channel, { count: number; fees: number }>();
  for (const f of fees) {
    const channel = FORMAT_CHANNEL[f.format as keyof typeof FORMAT_CHANNEL];
    const sums = byChannel.get(channel) ?? { count: 0, fees: 0 };
    sums.count += f.count;
    sums.fees += f.fees;
    byChannel.set(channel, sums);
  }
  return CHANNELS.filter((c) => byChannel.has(c)).map((channel) => {
    const { count, fees: total } = byChannel.get(channel)!;
    return { channel, count, fees: total, costPerPayment: count === 0 ? 0 : Math.round((total / count) * 10) / 10 };
  });
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

function shares(s: ReceivedSums): ShareDto {
  return {
    count: s.count,
    amount: s.amount,
    cashlessCount: s.cashless_count,
    cashlessAmount: s.cashless_amount,
    shareByCount: share(s.cashless_count, s.count),
    shareByAmount: share(s.cashless_amount, s.amount),
    nonCounterShareByCount: share(s.non_counter_count, s.count),
    nonCounterShareByAmount: share(s.non_counter_amount, s.amount),
  };
}

/**
 * The cashless share against the plan's 50% (令和12年度末). Counts each received payment once by
 * its channel, in the fiscal year the view payment_accounting assigns it (domain.md, 出納整理期間 included). Which channels count
 * is configuration and can be overridden per report; the definition used travels with the answer.
 */
@Injectable()
export class CashlessReportService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly config: AppConfig,
  ) {}

  async report(fiscalYear: number, by: ReportGrouping, cashless?: Channel[]): Promise<CashlessReportDto> {
    const cashlessChannels = cashless?.length ? cashless : this.config.CASHLESS_CHANNELS;
    const eltaxMeans = this.config.ELTAX_CASHLESS_MEANS;
    const definition: CashlessDefinition = { channels: cashlessChannels, eltaxMeans };
    const sums = await this.reports.received(fiscalYear, by, definition);
    const total = sums.find((s) => s.is_total);
    const rows: ReportRowDto[] = sums.filter((s) => !s.is_total).map((s) => ({ key: s.key, label: this.labelOf(by, s), ...shares(s) }));
    const adoption = await this.reports.categoryAdoption(fiscalYear, definition);
    const monthlyFees = await this.reports.monthlyFees(fiscalYear);
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
          '。窓口: 金融機関窓口・市役所窓口現金・eLTAX金融機関窓口。取消を除く受領済みの納付を1件と数え、' +
          '会計年度は納付日による（4〜5月の納付のうち前年度の調定分は出納整理期間として前年度に計上、滞納繰越分は納付日の年度）。',
      },
      total: shares(total ?? NO_PAYMENTS),
      by,
      rows,
      categoryAdoption: {
        categories: adoption.categories,
        withCashless: adoption.withCashless,
        share: share(adoption.withCashless, adoption.categories),
      },
      costs: {
        description:
          '入金元の手数料表（1件当たり手数料 × 件数 + 金額 × 手数料率）による各経路の手数料と1件当たりコスト。窓口現金は入金元「counter」の1件当たり額（窓口の取扱コスト）を計上。',
        byChannel: costsByChannel(monthlyFees),
        monthlyFees,
      },
    };
  }

  private labelOf(by: ReportGrouping, s: ReceivedSums): string {
    if (s.key === null) return '不明';
    if (by === 'channel' && s.key.startsWith('eltax:')) {
      const means = s.key.slice('eltax:'.length);
      return `eLTAX（${ELTAX_MEANS_LABELS[means] ?? means}）`;
    }
    if (by === 'channel') return CHANNEL_LABELS[s.key as Channel] ?? s.key;
    return s.label ?? s.key;
  }
}
