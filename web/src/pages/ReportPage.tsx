import { FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, ok, Schemas } from '../api';
import { ActionStatus, useActionStatus } from '../components/ActionStatus';
import { CategoryShareChart, ChannelMixChart, MonthPoint, MonthlyTrendChart, ShareRow } from '../components/CashlessCharts';
import { ErrorMessage, Loading } from '../components/Feedback';
import { count, percent, todayInTokyo, wareki, warekiFiscalYear, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { CHANNEL_LABELS, CHANNELS } from '../labels';
import { DataTable, NumHeading } from '../components/DataTable';

type Grouping = Schemas['ReportGrouping'];
type Channel = Schemas['Channel'];
type CashlessReport = Schemas['CashlessReportDto'];

const GROUPINGS: Record<Grouping, string> = { month: '月別', channel: '経路別', category: '科目別' };

/** April starts the fiscal year: 2026-03-31 is still FY2025. */
function currentFiscalYear(): number {
  const [year, month] = todayInTokyo().split('-').map(Number);
  return month >= 4 ? year : year - 1;
}

/** 2025-04 → 2025年4月（令和7年4月） */
function monthName(key: string): string {
  const [year, month] = key.split('-').map(Number);
  return `${year}年${month}月（${wareki(`${key}-01`).replace(/\d+日$/, '')}）`;
}

/** April to March, then any April–May of the next year the 出納整理期間 brought in. */
function monthPoints(fiscalYear: number, rows: ShareRow[]): MonthPoint[] {
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    return `${month >= 4 ? fiscalYear : fiscalYear + 1}-${String(month).padStart(2, '0')}`;
  });
  const extra = rows.map((r) => r.key).filter((k): k is string => !!k && !months.includes(k));
  return [...months, ...extra.sort()].map((key) => {
    const row = rows.find((r) => r.key === key);
    const month = Number(key.slice(5));
    return {
      key,
      label: extra.includes(key) ? `${month}月（出納整理）` : `${month}月`,
      shareByCount: row?.shareByCount ?? null,
      shareByAmount: row?.shareByAmount ?? null,
    };
  });
}

function extremes(rows: ShareRow[], name: (row: ShareRow) => string): string {
  if (rows.length === 0) return 'データはありません。';
  const sorted = [...rows].sort((a, b) => b.shareByCount - a.shareByCount);
  const [high, low] = [sorted[0], sorted[sorted.length - 1]];
  return `件数ベースの最高は${name(high)}の${percent(high.shareByCount)}、最低は${name(low)}の${percent(low.shareByCount)}。`;
}

export function ReportPage() {
  useTitle('キャッシュレス率');
  const [params, setParams] = useSearchParams();
  const fiscalYear = Number(params.get('fiscalYear')) || currentFiscalYear();
  const cashless = params.get('cashless') ?? '';
  const report = useLoad(
    () =>
      Promise.all(
        (['month', 'channel', 'category'] as const).map((by) =>
          ok(api.GET('/api/reports/cashless', { params: { query: { fiscalYear, by, cashless } } })),
        ),
      ),
    [fiscalYear, cashless],
  );
  const [byMonth, byChannel, byCategory] = report.data ?? [];

  function update(next: { fiscalYear?: number; cashless?: string }) {
    const search = new URLSearchParams(params);
    if (next.fiscalYear !== undefined) search.set('fiscalYear', String(next.fiscalYear));
    if (next.cashless !== undefined) {
      if (next.cashless) search.set('cashless', next.cashless);
      else search.delete('cashless');
    }
    setParams(search);
  }

  return (
    <>
      <h1>キャッシュレス率</h1>
      <div className="card report-controls">
        <label>
          会計年度
          <select value={fiscalYear} onChange={(e) => update({ fiscalYear: Number(e.target.value) })}>
            {Array.from({ length: 8 }, (_, i) => currentFiscalYear() - i).map((fy) => (
              <option key={fy} value={fy}>
                {fy}年度（{warekiFiscalYear(fy)}）
              </option>
            ))}
          </select>
        </label>
        <Downloads fiscalYear={fiscalYear} cashless={cashless} />
      </div>
      <ErrorMessage error={report.error} />
      {report.loading && <Loading label="集計中…" />}
      {byMonth && byChannel && byCategory && (
        <>
          <Kpis report={byMonth} />
          <Definition report={byMonth} custom={!!cashless} onApply={(channels) => update({ cashless: channels })} />
          <section className="card panel" aria-labelledby="trend-title">
            <h2 id="trend-title">月別の推移</h2>
            <MonthlyTrendChart
              points={monthPoints(fiscalYear, byMonth.rows)}
              target={byMonth.target}
              summary={
                `月別キャッシュレス率の折れ線グラフ（目標${percent(byMonth.target, 0)}の線つき）。` +
                `${extremes(byMonth.rows, (r) => monthName(r.label))}数値は下の表にあります。`
              }
            />
            <ShareTable
              caption="月別のキャッシュレス率"
              heading="月"
              rows={byMonth.rows}
              total={byMonth.total}
              name={(r) => monthName(r.label)}
            />
          </section>
          <section className="card panel" aria-labelledby="channel-title">
            <h2 id="channel-title">経路別の件数</h2>
            <ChannelMixChart
              rows={byChannel.rows}
              summary={
                '経路別の納付件数の横棒グラフ。キャッシュレスの経路は青、現金・その他は灰色。' +
                `最多は${[...byChannel.rows].sort((a, b) => b.count - a.count)[0]?.label ?? '—'}。数値は下の表にあります。`
              }
            />
            <ChannelTable rows={byChannel.rows} total={byChannel.total} />
          </section>
          <CostTable costs={byChannel.costs} />
          <section className="card panel" aria-labelledby="category-title">
            <h2 id="category-title">科目別のキャッシュレス率</h2>
            <CategoryShareChart
              rows={byCategory.rows}
              target={byCategory.target}
              summary={`科目別キャッシュレス率の横棒グラフ（目標${percent(byCategory.target, 0)}の線つき）。${extremes(byCategory.rows, (r) => r.label)}数値は下の表にあります。`}
            />
            <ShareTable
              caption="科目別のキャッシュレス率"
              heading="科目"
              rows={byCategory.rows}
              total={byCategory.total}
              name={(r) => r.label}
            />
          </section>
        </>
      )}
    </>
  );
}

function Kpis({ report }: { report: CashlessReport }) {
  const { total, target, categoryAdoption } = report;
  const gap = (share: number) =>
    share >= target ? '目標達成' : `目標${percent(target, 0)}まで あと${((target - share) * 100).toFixed(1)}ポイント`;
  return (
    <div className="kpis" role="group" aria-label={`${warekiFiscalYear(report.fiscalYear)}の主な指標`}>
      <div className="kpi">
        <div className="label">キャッシュレス率（件数）</div>
        <div className="value">{percent(total.shareByCount)}</div>
        <div className="sub">
          {count(total.cashlessCount)} / {count(total.count)}件・{gap(total.shareByCount)}
        </div>
      </div>
      <div className="kpi">
        <div className="label">キャッシュレス率（金額）</div>
        <div className="value">{percent(total.shareByAmount)}</div>
        <div className="sub">
          {yen(total.cashlessAmount)} / {yen(total.amount)}・{gap(total.shareByAmount)}
        </div>
      </div>
      <div className="kpi">
        <div className="label">窓口外の割合（件数）</div>
        <div className="value">{percent(total.nonCounterShareByCount)}</div>
        <div className="sub">金額では {percent(total.nonCounterShareByAmount)}（金融機関・市役所の窓口以外）</div>
      </div>
      <div className="kpi">
        <div className="label">導入率（科目）</div>
        <div className="value">{percent(categoryAdoption.share)}</div>
        <div className="sub">
          {count(categoryAdoption.withCashless)} / {count(categoryAdoption.categories)}科目でキャッシュレス納付あり
        </div>
      </div>
      <div className="kpi">
        <div className="label">目標</div>
        <div className="value">{percent(target, 0)}</div>
        <div className="sub">令和12年度末（第2次DX推進計画）</div>
      </div>
    </div>
  );
}

interface DefinitionProps {
  report: CashlessReport;
  custom: boolean;
  onApply(channels: string): void;
}

/** The definition the server used, and a way to count other channels as cashless (a what-if). */
function Definition({ report, custom, onApply }: DefinitionProps) {
  return (
    <section className="card panel definition" aria-labelledby="definition-title">
      <h2 id="definition-title">集計の定義{custom && <span className="badge warn">変更した定義で集計中</span>}</h2>
      <p>{report.definition.description}</p>
      <details>
        <summary>キャッシュレスとみなす経路を変える</summary>
        <DefinitionForm
          key={report.cashlessChannels.join()}
          chosen={report.cashlessChannels}
          eltaxMeans={report.definition.eltaxCashlessMeans}
          onApply={onApply}
        />
      </details>
    </section>
  );
}

function DefinitionForm({ chosen, eltaxMeans, onApply }: { chosen: Channel[]; eltaxMeans: string[]; onApply(channels: string): void }) {
  const [draft, setDraft] = useState(new Set(chosen));

  function toggle(channel: Channel) {
    const next = new Set(draft);
    if (!next.delete(channel)) next.add(channel);
    setDraft(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(CHANNELS.filter((c) => draft.has(c)).join(','));
  }

  return (
    <form onSubmit={submit}>
      <fieldset className="channel-choice">
        <legend>キャッシュレスとして数える経路</legend>
        {CHANNELS.map((c) => (
          <label key={c} className="inline">
            <input type="checkbox" checked={draft.has(c)} onChange={() => toggle(c)} />
            {CHANNEL_LABELS[c]}
            {c === 'eltax' && <span className="muted">（納付手段 {eltaxMeans.join('・')} のみ）</span>}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={draft.size === 0}>
          この定義で集計
        </button>
        <button type="button" onClick={() => onApply('')}>
          既定の定義に戻す
        </button>
      </div>
    </form>
  );
}

/** CSV and Excel of one grouping, with the same definition as on screen. */
function Downloads({ fiscalYear, cashless }: { fiscalYear: number; cashless: string }) {
  const [by, setBy] = useState<Grouping>('month');
  const status = useActionStatus();
  const get = (format: 'csv' | 'xlsx') =>
    status.run(async () => {
      await download('/api/reports/cashless', { fiscalYear, by, cashless, format }, `cashless-FY${fiscalYear}-${by}.${format}`);
      return `${fiscalYear}年度 ${GROUPINGS[by]}の${format === 'csv' ? 'CSV' : 'Excel'}をダウンロードしました。`;
    });
  return (
    <div className="downloads">
      <div className="downloads-row">
        <label>
          ダウンロードする集計
          <select value={by} onChange={(e) => setBy(e.target.value as Grouping)}>
            {Object.entries(GROUPINGS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void get('csv')} disabled={status.busy}>
          CSVをダウンロード
        </button>
        <button type="button" onClick={() => void get('xlsx')} disabled={status.busy}>
          Excelをダウンロード
        </button>
      </div>
      <ActionStatus outcome={status.outcome} statusRef={status.ref} />
    </div>
  );
}

interface ShareTableProps {
  caption: string;
  heading: string;
  rows: ShareRow[];
  total: CashlessReport['total'];
  name(row: ShareRow): string;
}

function ShareTable({ caption, heading, rows, total, name }: ShareTableProps) {
  return (
    <DataTable
      caption={caption}
      className="totals"
      head={
        <>
          <th scope="col">{heading}</th>
          <NumHeading>件数</NumHeading>
          <NumHeading>うちキャッシュレス</NumHeading>
          <NumHeading>率（件数）</NumHeading>
          <NumHeading>金額</NumHeading>
          <NumHeading>うちキャッシュレス</NumHeading>
          <NumHeading>率（金額）</NumHeading>
          <NumHeading>窓口外（件数）</NumHeading>
        </>
      }
      foot={<ShareCells name="合計" share={total} />}
    >
      {rows.map((row) => (
        <ShareCells key={row.key ?? row.label} name={name(row)} share={row} />
      ))}
    </DataTable>
  );
}

function ShareCells({ name, share }: { name: string; share: CashlessReport['total'] }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className="num">{count(share.count)}</td>
      <td className="num">{count(share.cashlessCount)}</td>
      <td className="num">{percent(share.shareByCount)}</td>
      <td className="num">{yen(share.amount)}</td>
      <td className="num">{yen(share.cashlessAmount)}</td>
      <td className="num">{percent(share.shareByAmount)}</td>
      <td className="num">{percent(share.nonCounterShareByCount)}</td>
    </tr>
  );
}

/** Channels: how the year's payments split between them, and which side of the definition each is on. */
function ChannelTable({ rows, total }: { rows: ShareRow[]; total: CashlessReport['total'] }) {
  const part = (value: number, whole: number) => percent(whole === 0 ? 0 : value / whole);
  return (
    <DataTable
      caption="経路別の件数と金額"
      className="totals"
      head={
        <>
          <th scope="col">経路</th>
          <th scope="col">区分</th>
          <NumHeading>件数</NumHeading>
          <NumHeading>構成比（件数）</NumHeading>
          <NumHeading>金額</NumHeading>
          <NumHeading>構成比（金額）</NumHeading>
        </>
      }
      foot={
        <tr>
          <th scope="row">合計</th>
          <td>キャッシュレス {percent(total.shareByCount)}</td>
          <td className="num">{count(total.count)}</td>
          <td className="num">{percent(1)}</td>
          <td className="num">{yen(total.amount)}</td>
          <td className="num">{percent(1)}</td>
        </tr>
      }
    >
      {rows.map((row) => (
        <tr key={row.key ?? row.label}>
          <th scope="row">{row.label}</th>
          <td>{row.cashlessCount > 0 ? <span className="badge ok">キャッシュレス</span> : <span className="badge">現金・その他</span>}</td>
          <td className="num">{count(row.count)}</td>
          <td className="num">{part(row.count, total.count)}</td>
          <td className="num">{yen(row.amount)}</td>
          <td className="num">{part(row.amount, total.amount)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** 1件当たりコスト: what each channel costs the city per payment, from the payout sources' fee table (入金元). */
function CostTable({ costs }: { costs: CashlessReport['costs'] }) {
  return (
    <section className="card panel" aria-labelledby="cost-title">
      <h2 id="cost-title">経路別の手数料と1件当たりコスト</h2>
      <p className="muted">{costs.description}</p>
      {costs.byChannel.length === 0 ? (
        <p className="muted">入金元（手数料表）が設定されていません。</p>
      ) : (
        <DataTable
          caption="経路別の手数料（収入日の年度）"
          head={
            <>
              <th scope="col">経路</th>
              <NumHeading>件数</NumHeading>
              <NumHeading>手数料</NumHeading>
              <NumHeading>1件当たり</NumHeading>
            </>
          }
        >
          {[...costs.byChannel]
            .sort((a, b) => b.costPerPayment - a.costPerPayment)
            .map((c) => (
              <tr key={c.channel}>
                <th scope="row">{CHANNEL_LABELS[c.channel]}</th>
                <td className="num">{count(c.count)}</td>
                <td className="num">{yen(c.fees)}</td>
                <td className="num">{c.costPerPayment.toLocaleString('ja-JP')}円</td>
              </tr>
            ))}
        </DataTable>
      )}
    </section>
  );
}
