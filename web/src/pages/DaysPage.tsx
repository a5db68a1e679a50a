import { FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { DateField } from '../components/DateField';
import { ErrorMessage, Loading } from '../components/Feedback';
import { dateTime, dateWithWareki, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { channelLabel, typeLabel } from '../labels';
import { DataTable } from '../components/DataTable';

type DayStatus = Schemas['DayStatusDto'];

// What the server answers when open exceptions keep the day from closing (workflow.service.ts closeDay).
const DAY_NOT_READY = 'DAY_NOT_READY';
const BLOCKING_SHOWN = 100;

/** Without a date: the last business day as the server counts it (holidays are its data), the day usually closed next. */
function dayToShow(date: string): Promise<string> {
  return date ? Promise.resolve(date) : ok(api.GET('/api/reconciliation/daily')).then((d) => d.date);
}

export function DaysPage() {
  useTitle('日次締め');
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? '';
  const day = useLoad(() => dayToShow(date), [date]);

  return (
    <>
      <h1>日次締め</h1>
      <div className="filters">
        <DateField label="営業日" value={day.data ?? ''} onChange={(next) => next && setParams({ date: next })} />
        {!date && <span className="muted filter-note">前営業日を表示しています</span>}
      </div>
      <ErrorMessage error={day.error} />
      {day.data && <DayPanel key={day.data} date={day.data} />}
    </>
  );
}

function DayPanel({ date }: { date: string }) {
  const { hasRole } = useAuth();
  const status = useLoad(() => ok(api.GET('/api/days/{date}', { params: { path: { date } } })), [date]);
  const blocking = useLoad(
    () => ok(api.GET('/api/exceptions', { params: { query: { date, status: 'open', limit: BLOCKING_SHOWN } } })),
    [date],
  );

  function changed() {
    status.reload();
    blocking.reload();
  }

  if (status.error) return <ErrorMessage error={status.error} />;
  if (!status.data) return <Loading />;
  const closed = status.data.closed;
  return (
    <section className="card" aria-labelledby="day-title">
      <h2 id="day-title" className="card-title">
        {dateWithWareki(date)} {closed ? <span className="badge ok">締め済</span> : <span className="badge warn">未締め</span>}
      </h2>
      <p>
        {closed
          ? 'この日の消込と例外処理は締め済みです。変更するには締めを解除してください。'
          : 'この日の例外がすべて解決・対応不要になるか、担当者付きで確認中になると締められます。'}
      </p>
      {!closed && <BlockingExceptions date={date} ids={status.data.blockingExceptionIds} page={blocking.data} error={blocking.error} />}
      {hasRole('manager') ? (
        <DayActions date={date} closed={closed} blocking={status.data.blockingExceptionIds} onChanged={changed} />
      ) : (
        <p className="muted">締めと締めの解除は会計課長が行います。</p>
      )}
      <DayHistory history={status.data.history} />
    </section>
  );
}

function DayHistory({ history }: { history: DayStatus['history'] }) {
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="day-history">
      <h3 id="day-history">締めの履歴</h3>
      <ul>
        {history.map((h) => (
          <li key={h.at + h.action}>
            {dateTime(h.at)} {h.actor} が{h.action === 'close' ? '締め' : '締めを解除'}
            {h.reason && <span className="muted">（{h.reason}）</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface BlockingProps {
  date: string;
  ids: number[];
  page: Schemas['ExceptionPageDto'] | undefined;
  error: Error | undefined;
}

function BlockingExceptions({ date, ids, page, error }: BlockingProps) {
  if (error) return <ErrorMessage error={error} />;
  if (!page) return <Loading label="この日の例外を確認中…" />;
  if (ids.length === 0) return <p className="ok">✓ 締めを妨げる例外はありません</p>;
  const unassigned = ids.length - page.items.filter((e) => ids.includes(e.id)).length;
  return (
    <section aria-labelledby="blocking-title">
      <h3 id="blocking-title">締めを妨げる例外（{ids.length}件）</h3>
      {unassigned > 0 && page.nextCursor === null && (
        <p className="muted">うち{unassigned}件は担当者のいない確認中です。担当者を決めると持ち越せます。</p>
      )}
      <DataTable
        head={
          <>
            <th scope="col">例外</th>
            <th scope="col">チャネル</th>
            <th scope="col">納付番号</th>
            <th scope="col" className="num">
              納付額
            </th>
          </>
        }
      >
        {page.items.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`/exceptions/${e.id}`}>
                #{e.id} {typeLabel(e.type)}
              </Link>
            </td>
            <td>{channelLabel(e.channel)}</td>
            <td className="mono">{e.billNumber ?? '—'}</td>
            <td className="num">{yen(e.paidAmount)}</td>
          </tr>
        ))}
      </DataTable>
      <p>
        <Link to={`/exceptions?date=${date}&status=open`}>例外一覧でこの日の未処理を開く</Link>
      </p>
    </section>
  );
}

interface DayActionsProps {
  date: string;
  closed: boolean;
  blocking: number[];
  onChanged(): void;
}

/** 締める / 締めを解除 for managers; the result (or the refusal) takes the focus. */
function DayActions({ date, closed, blocking, onChanged }: DayActionsProps) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ done: string } | { error: unknown } | null>(null);
  const message = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (result) message.current?.focus();
  }, [result]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (closed && !reason.trim()) {
      setResult({ error: new Error('締めを解除する理由を入力してください。') });
      return;
    }
    setBusy(true);
    try {
      const day = { params: { path: { date } } };
      const said = reason.trim();
      if (closed) await ok(api.POST('/api/days/{date}/reopen', { ...day, body: { reason: said } }));
      else await ok(api.POST('/api/days/{date}/close', { ...day, body: said ? { reason: said } : {} }));
      setResult({ done: `${dateWithWareki(date)}の${closed ? '締めを解除しました' : '締めを完了しました'}。` });
      setReason('');
      onChanged();
    } catch (error) {
      setResult({ error });
      // The refusal may be about exceptions opened since the page loaded: show the current ones.
      if (error instanceof ApiError && error.code === DAY_NOT_READY) onChanged();
    } finally {
      setBusy(false);
    }
  }

  const refused = result && 'error' in result;
  return (
    <form onSubmit={submit} className="day-actions" noValidate>
      <label>
        {closed ? '解除の理由（必須）' : '理由・メモ（任意）'}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required={closed} maxLength={2000} />
      </label>
      <div className="actions">
        <button type="submit" className={closed ? 'danger' : 'primary'} disabled={busy}>
          {busy ? '処理中…' : closed ? '締めを解除' : '締める'}
        </button>
      </div>
      <div ref={message} tabIndex={-1} className="action-result">
        {result && 'done' in result && (
          <p className="notice" role="status">
            {result.done}
          </p>
        )}
        {refused && <ErrorMessage error={result.error} />}
        {refused && result.error instanceof ApiError && result.error.code === DAY_NOT_READY && blocking.length > 0 && (
          <p>
            締めを妨げている例外:{' '}
            {blocking.map((id, i) => (
              <span key={id}>
                {i > 0 && '、'}
                <Link to={`/exceptions/${id}`}>#{id}</Link>
              </span>
            ))}
          </p>
        )}
      </div>
    </form>
  );
}
