import { FormEvent, useState } from 'react';
import { api, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { ActionStatus, useActionStatus } from '../components/ActionStatus';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, Loading } from '../components/Feedback';
import { dateTime } from '../format';
import { useLoad, useTitle } from '../hooks';

type Target = Schemas['ExportTargetDto'];

const blank = { system: '', name: '', categories: '', encoding: 'cp932' as 'cp932' | 'utf8', dir: '', columns: '' };

const list = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** 連携先の設定: the business systems, their categories, encoding, drop folder and columns (admins change them). */
export function ExportTargetsPage() {
  useTitle('連携先の設定');
  const { hasRole } = useAuth();
  const targets = useLoad(() => ok(api.GET('/api/export-targets')), []);
  const [form, setForm] = useState(blank);
  const action = useActionStatus();
  const edit = (t: Target) =>
    setForm({
      system: t.system,
      name: t.name,
      categories: t.categories.join(','),
      encoding: t.encoding,
      dir: t.dir ?? '',
      columns: t.columns.join(','),
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const saved = await action.run(async () => {
      const body = {
        name: form.name || undefined,
        categories: list(form.categories),
        encoding: form.encoding,
        dir: form.dir.trim() || null,
        columns: form.columns.trim() ? (list(form.columns) as Schemas['ResultColumn'][]) : undefined,
      };
      const t = await ok(api.PUT('/api/export-targets/{system}', { params: { path: { system: form.system.trim() } }, body }));
      return `${t.name}（${t.system}）を保存しました。`;
    });
    if (saved) {
      setForm(blank);
      targets.reload();
    }
  }

  return (
    <>
      <h1>連携先の設定</h1>
      <p className="muted">
        収納結果を受け取る業務システムごとに、科目・文字コード・出力フォルダ・列の並びを設定します。契約上の列（連番〜消込状態）は常に含まれます。
      </p>
      <ErrorMessage error={targets.error} />
      {!targets.data ? (
        !targets.error && <Loading />
      ) : (
        <DataTable
          head={
            <>
              <th scope="col">連携先</th>
              <th scope="col">科目</th>
              <th scope="col">文字コード</th>
              <th scope="col">出力フォルダ</th>
              <th scope="col">列</th>
              <th scope="col">更新</th>
              {hasRole('admin') && <th scope="col">操作</th>}
            </>
          }
        >
          {targets.data.map((t) => (
            <tr key={t.system}>
              <td>
                {t.name} <span className="muted mono">{t.system}</span>
              </td>
              <td className="mono">{t.categories.join(', ')}</td>
              <td>{t.encoding === 'cp932' ? 'Shift_JIS (CP932)' : 'UTF-8 (BOM)'}</td>
              <td className="mono">{t.dir ?? '—'}</td>
              <td className="mono">{t.columns.join(', ')}</td>
              <td>
                {t.updatedBy} {dateTime(t.updatedAt)}
              </td>
              {hasRole('admin') && (
                <td>
                  <button type="button" onClick={() => edit(t)}>
                    編集
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {hasRole('admin') && (
        <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="target-form">
          <h2 id="target-form" className="card-title">
            連携先を追加・変更
          </h2>
          <label>
            連携先コード（英小文字・数字）
            <input
              value={form.system}
              onChange={(e) => setForm({ ...form, system: e.target.value })}
              required
              pattern="[a-z0-9][a-z0-9_\-]{0,31}"
            />
          </label>
          <label>
            名称
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} maxLength={100} />
          </label>
          <label>
            科目コード（カンマ区切り 例: 01,02,03,04）
            <input value={form.categories} onChange={(e) => setForm({ ...form, categories: e.target.value })} required />
          </label>
          <label>
            文字コード
            <select value={form.encoding} onChange={(e) => setForm({ ...form, encoding: e.target.value as 'cp932' | 'utf8' })}>
              <option value="cp932">Shift_JIS (CP932)</option>
              <option value="utf8">UTF-8 (BOM付き)</option>
            </select>
          </label>
          <label>
            出力フォルダ（絶対パス・空欄なら keshikomi 内に保管のみ）
            <input value={form.dir} onChange={(e) => setForm({ ...form, dir: e.target.value })} maxLength={500} />
          </label>
          <label>
            列の並び（任意・カンマ区切りのキー。例: eventId,seq,billNumber）
            <input value={form.columns} onChange={(e) => setForm({ ...form, columns: e.target.value })} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={action.busy}>
              保存
            </button>
          </div>
          <ActionStatus outcome={action.outcome} statusRef={action.ref} />
        </form>
      )}
    </>
  );
}
