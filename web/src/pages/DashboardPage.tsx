import { Link, useSearchParams } from 'react-router-dom';
import { api, ok, Schemas } from '../api';
import { DateField, DayText } from '../components/DateField';
import { ErrorMessage, Loading } from '../components/Feedback';
import { BatchRunSummary } from '../components/BatchRunView';
import { ControlsBadge } from '../components/ImportBatchView';
import { count, percent, wareki, yen } from '../format';
import { useEffect } from 'react';
import { useLoad, useTitle } from '../hooks';
import { channelLabel, formatLabel, typeLabel } from '../labels';
import { DataTable, LineCountHeadings } from '../components/DataTable';

type DailyReconciliation = Schemas['DailyReconciliationDto'];
type DailyChannel = Schemas['DailyChannel'];
type ExceptionCount = Schemas['ExceptionCount'];

/** The one exception type that is money to give back: it leads the list and stands out. */
const PROMINENT_TYPE = 'duplicate_payment';

export function DashboardPage() {
  useTitle('本日の消込');
  const [params, setParams] = useSearchParams();
  // Without a date the server picks the last business day, as the morning review needs.
  const date = params.get('date') ?? '';
  const daily = useLoad(() => ok(api.GET('/api/reconciliation/daily', { params: { query: { date } } })), [date]);
  const shownDate = date || daily.data?.date || '';
  const samplesLoading = daily.data?.samplesLoading ?? null;
  const { reload } = daily;
  // While the demo loads its samples in the background, the dashboard looks again every few seconds.
  useEffect(() => {
    if (!samplesLoading) return;
    const timer = setTimeout(reload, 3000);
    return () => clearTimeout(timer);
  }, [samplesLoading, reload]);

  return (
    <>
      <h1>本日の消込</h1>
      <div className="filters">
        <DateField label="対象日（納付日・受信日）" value={shownDate} onChange={(day) => day && setParams({ date: day })} />
        {!date && daily.data?.dateChoice === 'latest_import_day' && (
          <span className="muted filter-note">前営業日に取込がないため、取込のある最新日を表示しています</span>
        )}
        {!date && daily.data?.dateChoice !== 'latest_import_day' && <span className="muted filter-note">前営業日を表示しています</span>}
        {shownDate && (
          <Link className="filter-note" to={`/days?date=${shownDate}`}>
            この日の締め
          </Link>
        )}
      </div>
      <ExportWarning />
      {samplesLoading && (
        <p className="notice" role="status">
          サンプルデータを読み込んでいます（{count(samplesLoading.filesLoaded)} / {count(samplesLoading.filesTotal)} ファイル）。
          読み込みが終わると、取込のある最新日を表示します。
        </p>
      )}
      <ErrorMessage error={daily.error} />
      {daily.loading && !samplesLoading && <Loading />}
      {daily.data && (!daily.loading || samplesLoading) && <DailyView daily={daily.data} />}
    </>
  );
}

/** 連携出力: a business system that has not been sent what the last imports brought (the 督促 run would not know). */
function ExportWarning() {
  const status = useLoad(() => ok(api.GET('/api/exports/status')), []);
  const behind = (status.data ?? []).filter((s) => s.pendingEvents > 0);
  if (behind.length === 0) return null;
  return (
    <p className="notice warn" role="status">
      連携出力が取込後に実行されていません:{' '}
      {behind.map((s, i) => (
        <span key={s.system}>
          {i > 0 && '、'}
          {s.name}（未送信 {count(s.pendingEvents)}件{s.pendingSince ? `、${s.pendingSince.slice(0, 16).replace('T', ' ')} 以降` : ''}）
        </span>
      ))}
      。<Link to="/exports">連携出力へ</Link>
    </p>
  );
}

function DailyView({ daily }: { daily: DailyReconciliation }) {
  return (
    <>
      <MatchKpis payments={daily.payments} openExceptions={daily.openExceptions} />
      <div className="grid dashboard-grid">
        <section className="card" aria-labelledby="daily-imports">
          <h2 id="daily-imports" className="card-title">
            この日の取込ファイル
          </h2>
          <DailyImports imports={daily.imports} />
        </section>
        <section className="card" aria-labelledby="missing-files">
          <h2 id="missing-files" className="card-title">
            未着ファイル
          </h2>
          <MissingFiles files={daily.missingFiles} />
        </section>
        <DepositsTile />
      </div>
      <LastNightRun />
      <section className="card" aria-labelledby="daily-payments">
        <h2 id="daily-payments" className="card-title">
          チャネル別の入金（納付日 {wareki(daily.date)}）
        </h2>
        <ChannelTable payments={daily.payments} />
      </section>
      <section className="card" aria-labelledby="open-exceptions">
        <h2 id="open-exceptions" className="card-title">
          未処理の例外（全期間）
        </h2>
        <OpenExceptions counts={daily.openExceptions} />
      </section>
    </>
  );
}

/** 入金照合: payouts missing or short, and counter cash received but not yet seen paid in. */
function DepositsTile() {
  const summary = useLoad(() => ok(api.GET('/api/deposits/summary')), []);
  const s = summary.data;
  return (
    <section className="card" aria-labelledby="deposits-tile">
      <h2 id="deposits-tile" className="card-title">
        入金照合
      </h2>
      <ErrorMessage error={summary.error} />
      {!s ? (
        !summary.error && <Loading />
      ) : (
        <>
          <ul className="plain">
            <li className={s.missingCount ? 'bad' : 'ok'}>
              未着 {count(s.missingCount)}件 {yen(s.missingAmount)}
            </li>
            <li className={s.shortCount ? 'bad' : 'ok'}>
              金額相違 {count(s.shortCount)}件 差額 {yen(s.shortAmount)}
            </li>
            <li className={s.unexpectedCount ? 'bad' : 'ok'}>想定外入金 {count(s.unexpectedCount)}件</li>
            <li>
              窓口現金 収納済・未払込 {yen(s.counterCashNotDeposited.amount)}（{count(s.counterCashNotDeposited.days)}日分
              {s.counterCashNotDeposited.since && `、${s.counterCashNotDeposited.since}から`}）
            </li>
          </ul>
          <p className="muted">入出金明細は {s.coveredTo ? wareki(s.coveredTo) : '未取込'} まで</p>
          <Link to="/deposits">入金照合を開く</Link>
        </>
      )}
    </section>
  );
}

function sum<T>(rows: T[], value: (row: T) => number): number {
  return rows.reduce((total, row) => total + value(row), 0);
}

function MatchKpis({ payments, openExceptions }: { payments: DailyChannel[]; openExceptions: ExceptionCount[] }) {
  const total = sum(payments, (p) => p.count);
  const share = (n: number) => (total ? n / total : null);
  const auto = sum(payments, (p) => p.autoMatched);
  const manual = sum(payments, (p) => p.manuallyMatched);
  const unmatched = sum(payments, (p) => p.unmatched);
  const exceptions = sum(openExceptions, (e) => e.count);
  return (
    <section className="kpis" aria-label="消込率">
      <Kpi label="入金" value={`${count(total)}件`} sub={yen(sum(payments, (p) => p.amount))} />
      <Kpi label="自動消込" value={percent(share(auto))} sub={`${count(auto)}件`} />
      <Kpi label="手動消込" value={percent(share(manual))} sub={`${count(manual)}件`} />
      <Kpi label="未消込" value={percent(share(unmatched))} sub={`${count(unmatched)}件`} tone={unmatched ? 'bad' : undefined} />
      <Kpi label="未処理の例外（全期間）" value={`${count(exceptions)}件`} sub="確認中を含む" tone={exceptions ? 'warn' : undefined} />
    </section>
  );
}

function Kpi({ label, value, sub, tone }: { label: string; value: string; sub: string; tone?: 'bad' | 'warn' }) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      <div className="sub">{sub}</div>
    </div>
  );
}

function DailyImports({ imports }: { imports: DailyReconciliation['imports'] }) {
  if (imports.length === 0) return <p className="muted">この日に受信したファイルはありません。</p>;
  return (
    <DataTable
      head={
        <>
          <th scope="col">ファイル</th>
          <th scope="col">形式</th>
          <LineCountHeadings />
          <th scope="col">合計</th>
        </>
      }
    >
      {imports.map((i) => (
        <tr key={i.id}>
          <td>
            <Link to={`/imports?id=${i.id}`}>{i.fileName}</Link>
          </td>
          <td>{formatLabel(i.format)}</td>
          <td className="num">{count(i.records)}</td>
          <td className="num">{count(i.accepted)}</td>
          <td className={`num${i.rejected ? ' bad' : ''}`}>{count(i.rejected)}</td>
          <td>
            <ControlsBadge ok={i.controlsOk} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The last nightly run, as the morning review starts from it; its page has every run. */
function LastNightRun() {
  const runs = useLoad(() => ok(api.GET('/api/batch/runs', { params: { query: { limit: 1 } } })), []);
  const run = runs.data?.items[0];
  return (
    <section className="card" aria-labelledby="last-night-run">
      <h2 id="last-night-run" className="card-title">
        夜間取込（最新）
      </h2>
      <ErrorMessage error={runs.error} />
      {runs.data && !run && <p className="muted">夜間取込の記録はまだありません。</p>}
      {run && <BatchRunSummary run={run} />}
      <Link to="/batch">夜間取込の記録</Link>
    </section>
  );
}

function MissingFiles({ files }: { files: DailyReconciliation['missingFiles'] }) {
  if (files.length === 0) return <p className="ok">✓ すべて着信</p>;
  return (
    <DataTable
      head={
        <>
          <th scope="col">ファイル</th>
          <th scope="col">最終受信日</th>
        </>
      }
    >
      {files.map((f) => (
        <tr key={f.format}>
          <td>
            <span className="badge warn">未着</span> {formatLabel(f.format)}
          </td>
          <td>{f.lastReceivedOn ? <DayText date={f.lastReceivedOn} /> : <span className="muted">受信記録なし</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ChannelTable({ payments }: { payments: DailyChannel[] }) {
  if (payments.length === 0) return <p className="muted">この日の納付はありません。</p>;
  return (
    <DataTable
      head={
        <>
          <th scope="col">チャネル</th>
          <th scope="col" className="num">
            件数
          </th>
          <th scope="col" className="num">
            金額
          </th>
          <th scope="col" className="num">
            自動消込
          </th>
          <th scope="col" className="num">
            手動消込
          </th>
          <th scope="col" className="num">
            未消込
          </th>
        </>
      }
      foot={
        payments.length > 1 && (
          <tr>
            <th scope="row">合計</th>
            <td className="num">{count(sum(payments, (p) => p.count))}</td>
            <td className="num">{yen(sum(payments, (p) => p.amount))}</td>
            <td className="num">{count(sum(payments, (p) => p.autoMatched))}</td>
            <td className="num">{count(sum(payments, (p) => p.manuallyMatched))}</td>
            <td className="num">{count(sum(payments, (p) => p.unmatched))}</td>
          </tr>
        )
      }
    >
      {payments.map((p) => (
        <tr key={p.channel}>
          <td>{channelLabel(p.channel)}</td>
          <td className="num">{count(p.count)}</td>
          <td className="num">{yen(p.amount)}</td>
          <td className="num">{count(p.autoMatched)}</td>
          <td className="num">{count(p.manuallyMatched)}</td>
          <td className={`num${p.unmatched ? ' bad' : ''}`}>{count(p.unmatched)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function OpenExceptions({ counts }: { counts: ExceptionCount[] }) {
  if (counts.length === 0) return <p className="ok">✓ 未処理の例外はありません</p>;
  const rows = [...counts].sort((a, b) => Number(b.type === PROMINENT_TYPE) - Number(a.type === PROMINENT_TYPE));
  return (
    <DataTable
      className="exception-counts"
      head={
        <>
          <th scope="col">例外の種別</th>
          <th scope="col" className="num">
            件数（未処理・確認中）
          </th>
        </>
      }
    >
      {rows.map((e) => {
        const to = `/exceptions?type=${e.type}&status=open`;
        return e.type === PROMINENT_TYPE ? (
          <tr key={e.type} className="attention">
            <td>
              <Link to={to} className="attention-link">
                {typeLabel(e.type)} {count(e.count)}件を確認する →
              </Link>
              <div className="muted">還付または充当の判断が必要です</div>
            </td>
            <td className="num">{count(e.count)}</td>
          </tr>
        ) : (
          <tr key={e.type}>
            <td>
              <Link to={to}>{typeLabel(e.type)}</Link>
            </td>
            <td className="num">{count(e.count)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
