import { FormEvent, useState } from 'react';
import { api, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, Loading } from '../components/Feedback';
import { dateTime, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { FORMATS, formatLabel } from '../labels';

type PayoutSource = Schemas['PayoutSourceDto'];
type SetPayoutSource = Schemas['SetPayoutSourceDto'];

const PAYING_FORMATS = FORMATS.filter((f) => f !== 'bills' && f !== 'zengin-deposit');
const EMPTY: SetPayoutSource = {
  format: 'konbini',
  provider: '',
  payerName: '',
  fees: 'gross',
  feePerItem: 0,
  feeRate: 0,
  toleranceDays: 0,
  lagDays: 1,
};

/** 入金元: who pays out each provider's collections, as the bank statement names them; set by an admin. */
export function PayoutSourcesPage() {
  useTitle('入金元');
  const { hasRole } = useAuth();
  const sources = useLoad(() => ok(api.GET('/api/payout-sources')), []);
  const [editing, setEditing] = useState<SetPayoutSource>(EMPTY);

  return (
    <>
      <h1>入金元</h1>
      <p className="muted">
        収納代行・eLTAX・カード・QR決済・金融機関・口座振替・窓口現金の入金が、市の口座の入出金明細にどの振込依頼人名で載るか。
        名前は全角・半角、小書き、空白、法人略語（ｶ) など）を無視して照合し、10文字以上の前方一致でも一致とみなします。
      </p>
      <ErrorMessage error={sources.error} />
      {sources.loading && <Loading />}
      {sources.data && (
        <section className="card" aria-labelledby="payout-source-list">
          <h2 id="payout-source-list" className="card-title">
            設定済みの入金元（{sources.data.payoutSources.length}件）
          </h2>
          <SourceTable sources={sources.data.payoutSources} onEdit={hasRole('admin') ? setEditing : undefined} />
        </section>
      )}
      {hasRole('admin') ? (
        <SourceForm key={`${editing.format} ${editing.provider}`} initial={editing} onSaved={sources.reload} />
      ) : (
        <p className="muted">入金元の設定は管理者が行います。</p>
      )}
    </>
  );
}

function SourceTable({ sources, onEdit }: { sources: PayoutSource[]; onEdit?: (s: SetPayoutSource) => void }) {
  return (
    <DataTable
      head={
        <>
          <th scope="col">形式</th>
          <th scope="col">事業者キー</th>
          <th scope="col">振込依頼人名</th>
          <th scope="col">手数料</th>
          <th scope="col" className="num">
            許容日数
          </th>
          <th scope="col">更新</th>
          {onEdit && <th scope="col">操作</th>}
        </>
      }
    >
      {sources.map((s) => (
        <tr key={s.id}>
          <td>{formatLabel(s.format)}</td>
          <td>{s.providerCode}</td>
          <td>{s.payerName}</td>
          <td>
            {s.fees === 'net' ? '差引後' : '総額'}
            {(s.feePerItem > 0 || s.feeRate > 0) && `（${yen(s.feePerItem)}/件 + ${s.feeRate}%）`}
          </td>
          <td className="num">{s.toleranceDays}</td>
          <td>
            {dateTime(s.updatedAt)} {s.updatedBy}
          </td>
          {onEdit && (
            <td>
              <button
                type="button"
                className="link"
                onClick={() =>
                  onEdit({
                    format: s.format,
                    provider: s.providerCode,
                    payerName: s.payerName,
                    fees: s.fees,
                    feePerItem: s.feePerItem,
                    feeRate: s.feeRate,
                    toleranceDays: s.toleranceDays,
                    lagDays: s.lagDays,
                  })
                }
              >
                編集
              </button>
            </td>
          )}
        </tr>
      ))}
    </DataTable>
  );
}

function SourceForm({ initial, onSaved }: { initial: SetPayoutSource; onSaved(): void }) {
  const [form, setForm] = useState<SetPayoutSource>(initial);
  const [error, setError] = useState<Error>();
  const [saved, setSaved] = useState<string>();
  const set = <K extends keyof SetPayoutSource>(key: K, value: SetPayoutSource[K]) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSaved(undefined);
    try {
      const source = await ok(api.PUT('/api/payout-sources', { body: form }));
      setSaved(`${formatLabel(source.format)} ${source.providerCode} を保存しました`);
      onSaved();
    } catch (err) {
      setError(err as Error);
    }
  }

  return (
    <section className="card" aria-labelledby="payout-source-form">
      <h2 id="payout-source-form" className="card-title">
        入金元を設定する
      </h2>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <label>
          形式
          <select value={form.format} onChange={(e) => set('format', e.target.value as SetPayoutSource['format'])}>
            {PAYING_FORMATS.map((f) => (
              <option key={f} value={f}>
                {formatLabel(f)}
              </option>
            ))}
          </select>
        </label>
        <label>
          事業者キー
          <input value={form.provider} required onChange={(e) => set('provider', e.target.value)} />
        </label>
        <label>
          振込依頼人名（半角カナ）
          <input value={form.payerName} required onChange={(e) => set('payerName', e.target.value)} />
        </label>
        <label>
          手数料
          <select value={form.fees} onChange={(e) => set('fees', e.target.value as SetPayoutSource['fees'])}>
            <option value="gross">総額で入金</option>
            <option value="net">手数料を差し引いて入金</option>
          </select>
        </label>
        <label>
          1件当たり手数料（円）
          <input type="number" min={0} value={form.feePerItem} onChange={(e) => set('feePerItem', Number(e.target.value))} />
        </label>
        <label>
          手数料率（%）
          <input type="number" min={0} step="0.0001" value={form.feeRate} onChange={(e) => set('feeRate', Number(e.target.value))} />
        </label>
        <label>
          許容日数（営業日）
          <input type="number" min={0} max={30} value={form.toleranceDays} onChange={(e) => set('toleranceDays', Number(e.target.value))} />
        </label>
        <label>
          入金までの日数（QR、営業日）
          <input type="number" min={0} max={30} value={form.lagDays} onChange={(e) => set('lagDays', Number(e.target.value))} />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            保存する
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {saved && <p role="status">{saved}</p>}
    </section>
  );
}
