import { Link } from 'react-router-dom';
import { api, download, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { ActionStatus, useActionStatus } from '../components/ActionStatus';
import { DataTable } from '../components/DataTable';
import { ErrorMessage, Loading } from '../components/Feedback';
import { count, dateTime, yen } from '../format';
import { useLoad, useTitle } from '../hooks';

type Run = Schemas['ExportRunDto'];
type Status = Schemas['ExportStatusDto'];

/**
 * 連携出力: per business system, what it has not been sent yet and the files written for it (rows, sum,
 * download as CSV — the bytes sent — or Excel), with 今すぐ出力 and 再送.
 */
export function ExportsPage() {
  useTitle('連携出力');
  const { hasRole } = useAuth();
  const canRun = hasRole('staff', 'manager');
  const status = useLoad(() => ok(api.GET('/api/exports/status')), []);
  const runs = useLoad(() => ok(api.GET('/api/exports/runs')), []);
  const action = useActionStatus();

  function changed() {
    status.reload();
    runs.reload();
  }

  const exportNow = (system?: string) =>
    action.run(async () => {
      const done = await ok(api.POST('/api/exports/results', { body: system ? { system } : {} }));
      changed();
      return done.length
        ? done.map((r) => `${r.system}: ${count(r.rows)}件 ${yen(r.amount)}（#${r.run}）`).join('、') + ' を出力しました。'
        : '連携先がありません。';
    });

  return (
    <>
      <h1>連携出力</h1>
      <p className="muted">
        各業務システムへ、前回の出力以降の速報・確報・取消・処理を1ファイルで送ります。
        <Link to="/failed-debits">口座振替不能一覧</Link>
        {hasRole('admin', 'manager') && (
          <>
            {' '}
            ・<Link to="/export-targets">連携先の設定</Link>
          </>
        )}
      </p>
      <ErrorMessage error={status.error} />
      {!status.data ? (
        !status.error && <Loading />
      ) : (
        <section className="card" aria-labelledby="systems-title">
          <h2 id="systems-title" className="card-title">
            連携先
          </h2>
          {status.data.length === 0 ? (
            <p>連携先がまだありません（管理者が「連携先の設定」で登録します）。</p>
          ) : (
            <SystemTable systems={status.data} canRun={canRun} busy={action.busy} onExport={(s) => void exportNow(s)} />
          )}
          {canRun && status.data.length > 0 && (
            <div className="actions">
              <button type="button" className="primary" onClick={() => void exportNow()} disabled={action.busy}>
                {action.busy ? '出力中…' : 'すべての連携先へ今すぐ出力'}
              </button>
            </div>
          )}
          <ActionStatus outcome={action.outcome} statusRef={action.ref} />
        </section>
      )}
      <ErrorMessage error={runs.error} />
      {runs.data && <RunTable runs={runs.data} canRun={canRun} onChanged={changed} />}
    </>
  );
}

function SystemTable({
  systems,
  canRun,
  busy,
  onExport,
}: {
  systems: Status[];
  canRun: boolean;
  busy: boolean;
  onExport(system: string): void;
}) {
  return (
    <DataTable
      head={
        <>
          <th scope="col">連携先</th>
          <th scope="col">前回の出力</th>
          <th scope="col" className="num">
            未送信
          </th>
          <th scope="col">状態</th>
          {canRun && <th scope="col">操作</th>}
        </>
      }
    >
      {systems.map((s) => (
        <tr key={s.system}>
          <td>
            {s.name} <span className="muted mono">{s.system}</span>
          </td>
          <td>{s.lastRunAt ? `${dateTime(s.lastRunAt)}（#${s.lastRunId}）` : '未出力'}</td>
          <td className="num">{count(s.pendingEvents)}件</td>
          <td>{s.pendingEvents > 0 ? <span className="badge warn">取込後 未出力</span> : <span className="badge ok">送信済</span>}</td>
          {canRun && (
            <td>
              <button type="button" onClick={() => onExport(s.system)} disabled={busy}>
                今すぐ出力
              </button>
            </td>
          )}
        </tr>
      ))}
    </DataTable>
  );
}

function RunTable({ runs, canRun, onChanged }: { runs: Run[]; canRun: boolean; onChanged(): void }) {
  const action = useActionStatus();
  const get = (run: Run, format: 'csv' | 'xlsx') =>
    action.run(async () => {
      const name = format === 'csv' ? run.fileName : run.fileName.replace(/\.csv$/, '.xlsx');
      await download('/api/exports/runs/{id}/file', { format }, name, { id: run.id });
      return `#${run.id} の${format === 'csv' ? 'CSV' : 'Excel'}をダウンロードしました。`;
    });
  const resend = (run: Run) =>
    action.run(async () => {
      const done = await ok(api.POST('/api/exports/runs/{id}/resend', { params: { path: { id: run.id } } }));
      onChanged();
      return `#${done.run} を再送しました（同じ内容 ${done.sha256.slice(0, 12)}…${done.file ? `、${done.file}` : ''}）。`;
    });
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title" className="card-title">
        出力履歴
      </h2>
      {runs.length === 0 ? (
        <p>まだ出力していません。</p>
      ) : (
        <DataTable
          head={
            <>
              <th scope="col">#</th>
              <th scope="col">連携先</th>
              <th scope="col">出力日時</th>
              <th scope="col">出力者</th>
              <th scope="col" className="num">
                件数
              </th>
              <th scope="col" className="num">
                合計
              </th>
              <th scope="col">ファイル</th>
              <th scope="col">操作</th>
            </>
          }
        >
          {runs.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td className="mono">{r.system}</td>
              <td>{dateTime(r.createdAt)}</td>
              <td>{r.createdBy}</td>
              <td className="num">{count(r.rows)}</td>
              <td className="num">{yen(r.amount)}</td>
              <td className="mono" title={`sha256 ${r.sha256}`}>
                {r.fileName}
                {r.selection === 'range' && (
                  <span className="muted">
                    {' '}
                    （{r.fromOn}〜{r.toOn}）
                  </span>
                )}
              </td>
              <td className="row-actions">
                <button type="button" onClick={() => void get(r, 'csv')} disabled={action.busy} aria-label={`#${r.id} のCSV`}>
                  CSV
                </button>
                <button type="button" onClick={() => void get(r, 'xlsx')} disabled={action.busy} aria-label={`#${r.id} のExcel`}>
                  Excel
                </button>
                {canRun && (
                  <button type="button" onClick={() => void resend(r)} disabled={action.busy} aria-label={`#${r.id} を再送`}>
                    再送
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ActionStatus outcome={action.outcome} statusRef={action.ref} />
    </section>
  );
}
