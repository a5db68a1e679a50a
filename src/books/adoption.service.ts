import { Injectable } from '@nestjs/common';
import { todayInTokyo } from '../common/calendar';
import type { Channel } from '../common/codes';
import { AppConfig } from '../config/app-config';
import { CashlessReportService } from '../reports/cashless-report.service';
import type { AdoptionDto, AdoptionTrendDto, ProcedureDto } from './books.dto';
import { BooksRepository } from './books.repository';

/** 令和12年度末: the plan's horizon for キャッシュレス決済導入率 50%. */
export const PLAN_HORIZON = '2031-03-31';
const TARGET = 0.5;

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

/** Months from `YYYY-MM` a to b, both included. */
function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/** Ordinary least squares through (x, y); null with fewer than two points. */
export function linearTrend(points: { x: number; y: number }[]): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * The plan's KPI read as the plan reads it (issue #11): 導入率 — the share of the 手続台帳's procedures that accept a
 * cashless channel (the configured set) — beside 利用率, the share of payments made cashless, by count and amount;
 * the monthly trend of both and a projection to 令和12年度末.
 */
@Injectable()
export class AdoptionService {
  constructor(
    private readonly books: BooksRepository,
    private readonly cashless: CashlessReportService,
    private readonly config: AppConfig,
  ) {}

  async adoption(fiscalYear: number): Promise<AdoptionDto> {
    const cashlessChannels = new Set<Channel>(this.config.CASHLESS_CHANNELS);
    const procedures = this.ledger(await this.books.procedures(), cashlessChannels);
    const yearEnd = `${fiscalYear + 1}-03-31`;
    const today = todayInTokyo();
    const asOf = today < yearEnd ? today : yearEnd;
    const adoptionAt = (day: string) => procedures.filter((p) => p.cashlessSince !== null && p.cashlessSince <= day).length;

    const [previous, current] = await Promise.all([
      this.cashless.report(fiscalYear - 1, 'month'),
      this.cashless.report(fiscalYear, 'month'),
    ]);
    // A calendar month can hold payments of two fiscal years (出納整理期間): add both reports' rows up.
    const months = new Map<string, { count: number; amount: number; cashlessCount: number; cashlessAmount: number }>();
    for (const row of [...previous.rows, ...current.rows]) {
      if (!row.key) continue;
      const m = months.get(row.key) ?? { count: 0, amount: 0, cashlessCount: 0, cashlessAmount: 0 };
      months.set(row.key, {
        count: m.count + row.count,
        amount: m.amount + row.amount,
        cashlessCount: m.cashlessCount + row.cashlessCount,
        cashlessAmount: m.cashlessAmount + row.cashlessAmount,
      });
    }
    const trend: AdoptionTrendDto[] = [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({
        month,
        adoptionShare: share(adoptionAt(`${month}-31`), procedures.length),
        usageByCount: m.count ? share(m.cashlessCount, m.count) : null,
        usageByAmount: m.amount ? share(m.cashlessAmount, m.amount) : null,
      }));

    const first = trend[0]?.month;
    const points = first
      ? trend.filter((t) => t.usageByCount !== null).map((t) => ({ x: monthsBetween(first, t.month), y: t.usageByCount! }))
      : [];
    const line = linearTrend(points);
    const projectedUsage = line && first ? Math.min(1, Math.max(0, line.intercept + line.slope * monthsBetween(first, '2031-03'))) : null;
    const adoptionShare = share(adoptionAt(asOf), procedures.length);
    const projectedAdoption = share(adoptionAt(PLAN_HORIZON), procedures.length);
    return {
      fiscalYear,
      asOf,
      target: TARGET,
      procedures,
      adoptionShare,
      proceduresAccepting: adoptionAt(asOf),
      proceduresTotal: procedures.length,
      usageByCount: current.total.shareByCount,
      usageByAmount: current.total.shareByAmount,
      trend,
      projection: {
        asOf: PLAN_HORIZON,
        adoptionShare: projectedAdoption,
        usageByCount: projectedUsage === null ? null : Math.round(projectedUsage * 10_000) / 10_000,
        method:
          '導入率: 手続台帳を令和12年度末（2031-03-31）時点で読む（開始日が将来の経路＝導入予定を含み、それ以上の伸びは仮定しない）。' +
          '利用率: 表示した各月の利用率（件数）に最小二乗法で直線を当てはめ、2031年3月まで延長（0〜100%に丸める）。' +
          ' / adoption: the ledger read on 2031-03-31 (planned introductions included, no further growth assumed); usage: ' +
          'a least-squares line through the monthly usage share by count, extended to March 2031 (clamped to 0–100%).',
      },
      gap: Math.round((TARGET - adoptionShare) * 10_000) / 10_000,
      projectedGap: Math.round((TARGET - projectedAdoption) * 10_000) / 10_000,
    };
  }

  /** The 手続台帳 as the screen edits it: each procedure, its channels since when, and whether each counts as cashless. */
  async procedures(): Promise<ProcedureDto[]> {
    return this.ledger(await this.books.procedures(), new Set<Channel>(this.config.CASHLESS_CHANNELS));
  }

  private ledger(rows: Awaited<ReturnType<BooksRepository['procedures']>>, cashless: Set<Channel>): ProcedureDto[] {
    const byCode = new Map<string, ProcedureDto>();
    for (const r of rows) {
      const p = byCode.get(r.code) ?? { code: r.code, name: r.name, category: r.category, channels: [], cashlessSince: null };
      if (r.channel && r.since) {
        const isCashless = cashless.has(r.channel);
        p.channels.push({ channel: r.channel, since: r.since, cashless: isCashless });
        if (isCashless && (p.cashlessSince === null || r.since < p.cashlessSince)) p.cashlessSince = r.since;
      }
      byCode.set(r.code, p);
    }
    return [...byCode.values()];
  }
}
