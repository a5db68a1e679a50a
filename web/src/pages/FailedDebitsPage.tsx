import { FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { ActionStatus, useActionStatus } from '../components/ActionStatus';
import { DataTable } from '../components/DataTable';
import { DateField, DayText } from '../components/DateField';
import { ErrorMessage, Loading } from '../components/Feedback';
import { dateTime, todayInTokyo, yen } from '../format';
import { useLoad, useTitle } from '../hooks';

type FailedDebit = Schemas['FailedDebitDto'];

/** The first day of the month three months back: the 振替不能 still worth following up. */
function defaultFrom(): string {
  const [y, m] = todayInTokyo().split('-').map(Number);
  const back = new Date(Date.UTC(y, m - 4, 1));
  return back.toISOString().slice(0, 10);
}

/** 口座振替不能一覧: each failed debit with its 振替結果 and 宛名番号, and who followed it up (再振替, 納付書). */
export function FailedDebitsPage() {
  useTitle('口座振替不能');
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? defaultFrom();
  const to = params.get('to') ?? todayInTokyo();
  const open = params.get('open') === 'true';
  const list = useLoad(
    () => ok(api.GET('/api/exports/failed-debits', { params: { query: { from, to, open: open ? 'true' : undefined } } })),
    [from, to, open],
  );
  const action = useActionStatus();
  const set = (next: Record<string, string>) => setParams({ from, to, ...(open ? { open: 'true' } : {}), ...next });

  const get = (format: 'csv' | 'xlsx') =>
    action.run(async () => {
      await download('/api/exports/failed-debits', { from, to, format }, `failed-debits-${from}-${to}.${format}`);
      return `口座振替不能一覧の${format === 'csv' ? 'CSV' : 'Excel'}をダウンロードしました。`;
    });

  return (
    <>
      <h1>口座振替不能一覧</h1>
      <div className="filters">
        <DateField label="引落日（から）" value={from} onChange={(v) => v && set({ from: v })} />
        <DateField label="引落日（まで）" value={to} onChange={(v) => v && set({ to: v })} />
        <label className="checkbox">
          <input type="checkbox" checked={open} onChange={(e) => setParams({ from, to, ...(e.target.checked ? { open: 'true' } : {}) })} />
          未対応のみ
        </label>
        <button type="button" onClick={() => void get('csv')} disabled={action.busy}>
          CSV
        </button>
        <button type="button" onClick={() => void get('xlsx')} disabled={action.busy}>
          Excel
        </button>
      </div>
      <ActionStatus outcome={action.outcome} statusRef={action.ref} />
      <ErrorMessage error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.rows.length === 0 ? (
        <p>この期間の振替不能はありません。</p>
      ) : (
        <DataTable
          caption={`${list.data.rows.length}件`}
          head={
            <>
              <th scope="col">引落日</th>
              <th scope="col">振替結果</th>
              <th scope="col">宛名番号</th>
              <th scope="col">納付番号</th>
              <th scope="col" className="num">
                金額
              </th>
              <th scope="col">対応</th>
            </>
          }
        >
          {list.data.rows.map((d) => (
            <FailedDebitRow key={d.id} debit={d} canFollowUp={hasRole('staff', 'manager')} onChanged={list.reload} />
          ))}
        </DataTable>
      )}
    </>
  );
}

function FailedDebitRow({ debit, canFollowUp, onChanged }: { debit: FailedDebit; canFollowUp: boolean; onChanged(): void }) {
  const [note, setNote] = useState('');
  const action = useActionStatus();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const done = await action.run(async () => {
      await ok(api.POST('/api/exports/failed-debits/{id}/follow-up', { params: { path: { id: debit.id } }, body: { note } }));
      return '対応済みにしました。';
    });
    if (done) onChanged();
  }
  return (
    <tr>
      <td>
        <DayText date={debit.debitOn} />
      </td>
      <td>
        {debit.resultCode} {debit.resultLabel}
      </td>
      <td className="mono">{debit.payerId ?? '—'}</td>
      <td className="mono">{debit.billNumber ?? '—'}</td>
      <td className="num">{yen(debit.amount)}</td>
      <td>
        {debit.followedUpBy ? (
          <span>
            <span className="badge ok">対応済</span> {debit.followUpNote}{' '}
            <span className="muted">
              （{debit.followedUpBy} {dateTime(debit.followedUpAt)}）
            </span>
          </span>
        ) : canFollowUp ? (
          <form onSubmit={(e) => void submit(e)} className="inline-form">
            <label>
              <span className="visually-hidden">#{debit.id} の対応内容</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="再振替依頼・納付書送付など" maxLength={2000} />
            </label>
            <button type="submit" disabled={action.busy || !note.trim()}>
              対応済みにする
            </button>
            <ActionStatus outcome={action.outcome} statusRef={action.ref} />
          </form>
        ) : (
          <span className="badge warn">未対応</span>
        )}
      </td>
    </tr>
  );
}
