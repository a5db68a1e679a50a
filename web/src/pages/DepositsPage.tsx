import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ok, Schemas } from '../api';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, Loading } from '../components/Feedback';
import { count, dateWithWareki, todayInTokyo, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { formatLabel, PAYOUT_STATUS_LABELS } from '../labels';

type Deposit = Schemas['DepositDto'];

/** What a cell shows per status: a mark that reads without colour too. */
const MARK: Record<Deposit['status'], string> = {
  matched: '✓',
  late: '遅',
  mismatch: '差',
  missing: '×',
  unexpected: '？',
  pending: '…',
};
const TONE: Record<Deposit['status'], string> = {
  matched: 'ok',
  late: 'warn',
  mismatch: 'bad',
  missing: 'bad',
  unexpected: 'warn',
  pending: '',
};
/** The exception a status raises, to open the queue at the right place (counter cash has its own type). */
function exceptionType(d: Deposit): string | null {
  if (d.status === 'unexpected') return 'unexpected_deposit';
  if (d.status !== 'missing' && d.status !== 'mismatch') return null;
  if (d.format === 'city-cash') return 'cash_not_deposited';
  return d.status === 'missing' ? 'deposit_missing' : 'deposit_amount_mismatch';
}

const dayOf = (d: Deposit) => (d.dueOn ?? d.arrivedOn)!;
const providerKey = (d: Deposit) => `${d.format} ${d.provider}`;
const difference = (d: Deposit) => (d.arrivedAmount ?? 0) - (d.expectedAmount ?? 0);

function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** 入金照合: each provider's expected payouts of a month against the deposits of the city's bank statements. */
export function DepositsPage() {
  useTitle('入金照合');
  const [params, setParams] = useSearchParams();
  const summary = useLoad(() => ok(api.GET('/api/deposits/summary')), []);
  // Without a month: the month the statements reach (the clock), else this month.
  const month = params.get('month') ?? (summary.data ? (summary.data.coveredTo ?? todayInTokyo()).slice(0, 7) : '');
  const days = month ? daysOf(month) : [];
  const deposits = useLoad(
    () =>
      month
        ? ok(api.GET('/api/deposits', { params: { query: { from: days[0], to: days[days.length - 1] } } }))
        : Promise.resolve(undefined),
    [month],
  );
  const [selected, setSelected] = useState<Deposit | null>(null);

  return (
    <>
      <h1>入金照合</h1>
      <div className="filters">
        <label>
          対象月（収入日）
          <input type="month" value={month} onChange={(e) => e.target.value && (setSelected(null), setParams({ month: e.target.value }))} />
        </label>
        {summary.data && (
          <span className="muted filter-note">
            入出金明細は {summary.data.coveredTo ? dateWithWareki(summary.data.coveredTo) : '未取込'} まで取込済み
          </span>
        )}
        <Link className="filter-note" to="/payout-sources">
          入金元の設定
        </Link>
      </div>
      <ErrorMessage error={summary.error ?? deposits.error} />
      {(summary.loading || deposits.loading) && <Loading />}
      {deposits.data && !deposits.loading && (
        <>
          <PayoutCalendar days={days} deposits={deposits.data.deposits} selected={selected} onSelect={setSelected} />
          {selected && <PayoutDetail key={`${providerKey(selected)} ${dayOf(selected)} ${selected.referenceNo}`} deposit={selected} />}
          <Differences deposits={deposits.data.deposits} onSelect={setSelected} />
        </>
      )}
    </>
  );
}

interface CalendarProps {
  days: string[];
  deposits: Deposit[];
  selected: Deposit | null;
  onSelect(d: Deposit): void;
}

/** Providers × days: one mark per expected payout (or unexplained deposit); a click opens what is behind it. */
function PayoutCalendar({ days, deposits, selected, onSelect }: CalendarProps) {
  const providers = [...new Set(deposits.map(providerKey))].sort();
  if (providers.length === 0) return <p className="muted">この月の入金予定・入金はありません。</p>;
  const byCell = new Map<string, Deposit[]>();
  for (const d of deposits) {
    const key = `${providerKey(d)}|${dayOf(d)}`;
    byCell.set(key, [...(byCell.get(key) ?? []), d]);
  }
  return (
    <section className="card" aria-labelledby="payout-calendar">
      <h2 id="payout-calendar" className="card-title">
        入金元 × 日（✓ 一致・遅 遅延・差 金額相違・× 未着・？ 想定外・… 入金待ち）
      </h2>
      <div className="table-wrap">
        <table className="data payout-calendar">
          <thead>
            <tr>
              <th scope="col">入金元</th>
              {days.map((day) => (
                <th scope="col" key={day} className="num">
                  {Number(day.slice(8))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {providers.map((provider) => (
              <tr key={provider}>
                <th scope="row">
                  {formatLabel(provider.split(' ')[0])}
                  <br />
                  <span className="muted">{provider.split(' ')[1]}</span>
                </th>
                {days.map((day) => (
                  <td key={day} className="payout-cell">
                    {(byCell.get(`${provider}|${day}`) ?? []).map((d) => (
                      <button
                        type="button"
                        key={`${d.status}${d.referenceNo}`}
                        className={`payout-mark ${TONE[d.status]}${selected === d ? ' selected' : ''}`}
                        aria-label={`${formatLabel(d.format)} ${d.provider} ${day} ${PAYOUT_STATUS_LABELS[d.status]}`}
                        title={`予定 ${yen(d.expectedAmount)} / 着金 ${yen(d.arrivedAmount)} / 差額 ${yen(difference(d))}`}
                        onClick={() => onSelect(d)}
                      >
                        {MARK[d.status]}
                      </button>
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One payout: expected (count, gross, fees), arrived, difference; the deposit's file; the payments behind it. */
function PayoutDetail({ deposit: d }: { deposit: Deposit }) {
  const type = exceptionType(d);
  return (
    <section className="card" aria-labelledby="payout-detail">
      <h2 id="payout-detail" className="card-title">
        {formatLabel(d.format)} {d.provider} {d.dueOn ? `収入日 ${dateWithWareki(d.dueOn)}` : `入金 ${dateWithWareki(d.arrivedOn)}`}{' '}
        <span className={`badge ${TONE[d.status]}`}>{PAYOUT_STATUS_LABELS[d.status]}</span>
      </h2>
      <dl className="fields">
        <dt>入金予定</dt>
        <dd>
          {d.expectedAmount === null
            ? '—（対応する確報なし）'
            : `${yen(d.expectedAmount)}（${count(d.expectedCount)}件 ${yen(d.grossAmount)} − 手数料 ${yen(d.feeAmount)}）`}
        </dd>
        <dt>着金</dt>
        <dd>{d.arrivedAmount === null ? 'なし' : `${yen(d.arrivedAmount)}（勘定日 ${dateWithWareki(d.arrivedOn)}）`}</dd>
        <dt>差額</dt>
        <dd className={difference(d) !== 0 && d.arrivedAmount !== null && d.expectedAmount !== null ? 'bad' : ''}>
          {d.arrivedAmount === null || d.expectedAmount === null ? '—' : yen(difference(d))}
        </dd>
        <dt>入出金明細</dt>
        <dd>
          {d.fileName
            ? `${d.fileName}（照会番号 ${d.referenceNo}、振込依頼人 ${d.payerName ?? '記載なし'}、入金明細ID ${d.statementEntryId}）`
            : '—'}
        </dd>
      </dl>
      {type && (
        <p>
          <Link to={`/exceptions?type=${type}&date=${dayOf(d)}`}>この入金の例外を開く</Link>
        </p>
      )}
      {d.dueOn && <PaymentsBehind format={d.format} provider={d.provider} dueOn={d.dueOn} />}
    </section>
  );
}

function PaymentsBehind({ format, provider, dueOn }: { format: Deposit['format']; provider: string; dueOn: string }) {
  const payments = useLoad(
    () => ok(api.GET('/api/deposits/payments', { params: { query: { format, provider, dueOn } } })),
    [format, provider, dueOn],
  );
  if (payments.error) return <ErrorMessage error={payments.error} />;
  if (!payments.data) return <Loading label="内訳を読み込み中…" />;
  return (
    <section aria-labelledby="payments-behind">
      <h3 id="payments-behind">内訳（{payments.data.payments.length}件）</h3>
      <DataTable
        head={
          <>
            <th scope="col">納付日</th>
            <th scope="col">納付番号・参照</th>
            <th scope="col" className="num">
              金額
            </th>
            <th scope="col">ファイル</th>
          </>
        }
      >
        {payments.data.payments.map((p) => (
          <tr key={`${p.paymentId}${p.cancellation}`}>
            <td>{p.paidOn}</td>
            <td>
              {p.billNumber ? <Link to={`/search?billNumber=${p.billNumber}`}>{p.billNumber}</Link> : p.paymentRef}
              {p.cancellation && <span className="badge warn">取消</span>}
            </td>
            <td className="num">{yen(p.amount)}</td>
            <td>{p.fileName}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** Everything of the month that is not simply matched, in a list (the calendar's marks in words). */
function Differences({ deposits, onSelect }: { deposits: Deposit[]; onSelect(d: Deposit): void }) {
  const rows = deposits.filter((d) => d.status !== 'matched' && d.status !== 'pending');
  return (
    <section className="card" aria-labelledby="payout-differences">
      <h2 id="payout-differences" className="card-title">
        確認が必要な入金（{rows.length}件）
      </h2>
      {rows.length === 0 ? (
        <p className="ok">✓ この月の入金はすべて予定どおりです</p>
      ) : (
        <DataTable
          head={
            <>
              <th scope="col">日</th>
              <th scope="col">入金元</th>
              <th scope="col">状態</th>
              <th scope="col" className="num">
                入金予定
              </th>
              <th scope="col" className="num">
                着金
              </th>
              <th scope="col" className="num">
                差額
              </th>
            </>
          }
        >
          {rows.map((d) => (
            <tr key={`${providerKey(d)}${dayOf(d)}${d.referenceNo}`}>
              <td>{dayOf(d)}</td>
              <td>
                {formatLabel(d.format)} {d.provider}
              </td>
              <td>
                <button type="button" className="link" onClick={() => onSelect(d)}>
                  {PAYOUT_STATUS_LABELS[d.status]}
                </button>
              </td>
              <td className="num">{yen(d.expectedAmount)}</td>
              <td className="num">{yen(d.arrivedAmount)}</td>
              <td className="num">{d.expectedAmount === null || d.arrivedAmount === null ? '—' : yen(difference(d))}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
