import { FormEvent, ReactNode, useState } from 'react';
import { api, ok, Schemas } from '../api';
import { dateWithWareki, todayInTokyo, yen } from '../format';
import { useLoad } from '../hooks';
import { CHANNELS, channelLabel, yearClassLabel } from '../labels';
import { ActionStatus, useActionStatus } from './ActionStatus';
import { DataTable } from './DataTable';
import { DateField } from './DateField';
import { ErrorMessage, Loading } from './Feedback';

// The data behind the books, on the 帳票 page: 歳入科目 (an admin edits), refund payouts (a manager records), the
// 手続台帳 (an admin edits).

/** 歳入科目 of each 科目 × 年度区分; an admin edits a row in place. */
export function Accounts({ editable }: { editable: boolean }) {
  const accounts = useLoad(() => ok(api.GET('/api/books/accounts')), []);
  const [editing, setEditing] = useState<string>();
  return (
    <section className="card" aria-labelledby="books-accounts">
      <h2 id="books-accounts" className="card-title">
        歳入科目（会計・款・項・目・節）
      </h2>
      <ErrorMessage error={accounts.error} />
      {!accounts.data && !accounts.error && <Loading />}
      {accounts.data && (
        <DataTable
          head={
            <>
              <th scope="col">科目</th>
              <th scope="col">年度区分</th>
              <th scope="col">歳入科目</th>
              <th scope="col">更新</th>
              {editable && <th scope="col">操作</th>}
            </>
          }
        >
          {accounts.data.map((a) => {
            const key = `${a.category}-${a.yearClass}`;
            return (
              <tr key={key}>
                <td>{a.categoryName}</td>
                <td>{yearClassLabel(a.yearClass)}</td>
                <td>
                  {editing === key ? (
                    <AccountForm
                      account={a}
                      onDone={() => {
                        setEditing(undefined);
                        accounts.reload();
                      }}
                    />
                  ) : (
                    a.account
                  )}
                </td>
                <td className="muted">{a.updatedBy}</td>
                {editable && (
                  <td>
                    {editing !== key && (
                      <button type="button" className="link" onClick={() => setEditing(key)}>
                        編集
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

const PARTS = [
  ['ledger', '会計'],
  ['kan', '款'],
  ['kou', '項'],
  ['moku', '目'],
  ['setsu', '節'],
] as const;

function AccountForm({ account, onDone }: { account: Schemas['RevenueAccountDto']; onDone(): void }) {
  const [values, setValues] = useState<Schemas['UpdateRevenueAccountDto']>({
    ledger: account.ledger,
    kan: account.kan,
    kou: account.kou,
    moku: account.moku,
    setsu: account.setsu,
  });
  const save = () =>
    ok(
      api.PUT('/api/books/accounts/{category}/{yearClass}', {
        params: { path: { category: account.category, yearClass: account.yearClass } },
        body: values,
      }),
    );
  return (
    <EditForm save={save} onDone={onDone}>
      {PARTS.map(([field, label]) => (
        <label key={field}>
          {label}
          <input value={values[field]} required maxLength={60} onChange={(e) => setValues({ ...values, [field]: e.target.value })} />
        </label>
      ))}
    </EditForm>
  );
}

/** A row edited in place by an admin: its fields, 保存 (saves, says so, closes) and 取消 (closes). */
function EditForm({ save, onDone, children }: { save(): Promise<unknown>; onDone(): void; children: ReactNode }) {
  const status = useActionStatus();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const saved = await status.run(async () => {
      await save();
      return '保存しました。';
    });
    if (saved) onDone();
  }
  return (
    <form className="account-form" onSubmit={(e) => void submit(e)}>
      {children}
      <button type="submit" disabled={status.busy}>
        保存
      </button>
      <button type="button" className="link" onClick={onDone}>
        取消
      </button>
      <ActionStatus outcome={status.outcome} statusRef={status.ref} />
    </form>
  );
}

/** Decided refunds; a manager records the day each was paid out, and it leaves 還付未済. */
export function Refunds({ canRecord }: { canRecord: boolean }) {
  const refunds = useLoad(() => ok(api.GET('/api/books/refunds')), []);
  return (
    <section className="card" aria-labelledby="books-refunds">
      <h2 id="books-refunds" className="card-title">
        還付の支出
      </h2>
      <ErrorMessage error={refunds.error} />
      {refunds.data && refunds.data.length === 0 && <p>還付決定はありません。</p>}
      {refunds.data && refunds.data.length > 0 && (
        <DataTable
          narrow
          head={
            <>
              <th scope="col">還付</th>
              <th scope="col">納付番号</th>
              <th scope="col" className="num">
                金額
              </th>
              <th scope="col">支出日</th>
            </>
          }
        >
          {refunds.data.map((r) => (
            <tr key={r.resolutionId}>
              <td>#{r.resolutionId}</td>
              <td>{r.billNumber ?? '—'}</td>
              <td className="num">{yen(r.amount)}</td>
              <td>
                {r.paidOn ? (
                  `${dateWithWareki(r.paidOn)}（${r.recordedBy}）`
                ) : canRecord ? (
                  <RecordPayout resolutionId={r.resolutionId} onDone={refunds.reload} />
                ) : (
                  '未支出（還付未済）'
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function RecordPayout({ resolutionId, onDone }: { resolutionId: number; onDone(): void }) {
  const [paidOn, setPaidOn] = useState(todayInTokyo());
  const status = useActionStatus();
  async function record(e: FormEvent) {
    e.preventDefault();
    const done = await status.run(async () => {
      await ok(api.POST('/api/books/refunds/{id}/payment', { params: { path: { id: resolutionId } }, body: { paidOn } }));
      return '支出日を記録しました。';
    });
    if (done) onDone();
  }
  return (
    <form className="inline-form" onSubmit={(e) => void record(e)}>
      <DateField label="支出日" value={paidOn} onChange={setPaidOn} required />
      <button type="submit" disabled={status.busy}>
        記録
      </button>
      <ActionStatus outcome={status.outcome} statusRef={status.ref} />
    </form>
  );
}

/** 手続台帳: each procedure and the channels it accepts since when (導入率 is read from it); an admin edits a row. */
export function Procedures({ editable }: { editable: boolean }) {
  const procedures = useLoad(() => ok(api.GET('/api/books/procedures')), []);
  const [editing, setEditing] = useState<string>();
  return (
    <section className="card" aria-labelledby="books-procedures">
      <h2 id="books-procedures" className="card-title">
        手続台帳（導入率の分母）
      </h2>
      <ErrorMessage error={procedures.error} />
      {!procedures.data && !procedures.error && <Loading />}
      {procedures.data && (
        <DataTable
          head={
            <>
              <th scope="col">手続</th>
              <th scope="col">受付経路（開始日、★キャッシュレス）</th>
              {editable && <th scope="col">操作</th>}
            </>
          }
        >
          {procedures.data.map((p) => (
            <tr key={p.code}>
              <td>
                {p.name} <span className="muted">{p.code}</span>
              </td>
              <td>
                {editing === p.code ? (
                  <ProcedureForm
                    procedure={p}
                    onDone={() => {
                      setEditing(undefined);
                      procedures.reload();
                    }}
                  />
                ) : (
                  p.channels.map((c) => `${c.cashless ? '★' : ''}${channelLabel(c.channel)}（${c.since}〜）`).join('、') || '—'
                )}
              </td>
              {editable && (
                <td>
                  {editing !== p.code && (
                    <button type="button" className="link" onClick={() => setEditing(p.code)}>
                      編集
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function ProcedureForm({ procedure, onDone }: { procedure: Schemas['ProcedureDto']; onDone(): void }) {
  const [since, setSince] = useState<Record<string, string>>(Object.fromEntries(procedure.channels.map((c) => [c.channel, c.since])));
  const save = () => {
    const channels = CHANNELS.filter((c) => since[c]).map((channel) => ({ channel, since: since[channel] }));
    return ok(
      api.PUT('/api/books/procedures/{code}', {
        params: { path: { code: procedure.code } },
        body: { name: procedure.name, category: procedure.category, channels },
      }),
    );
  };
  return (
    <EditForm save={save} onDone={onDone}>
      {CHANNELS.map((channel) => (
        <label key={channel}>
          {channelLabel(channel)}（受付開始日、空欄: 受け付けない）
          <input type="date" value={since[channel] ?? ''} onChange={(e) => setSince({ ...since, [channel]: e.target.value })} />
        </label>
      ))}
    </EditForm>
  );
}
