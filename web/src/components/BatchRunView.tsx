import type { Schemas } from '../api';
import { count, dateTime, dateWithWareki } from '../format';
import { BATCH_FILE_STATUS_LABELS, BATCH_RUN_STATUS_LABELS, BATCH_TRIGGER_LABELS, formatLabel } from '../labels';
import { DataTable } from './DataTable';

type BatchRun = Schemas['BatchRunDto'];

const RUN_BADGE: Record<BatchRun['status'], string> = { importing: 'warn', matching: 'warn', finished: 'ok', failed: 'bad' };
const FILE_BADGE: Record<BatchRun['fileList'][number]['status'], string> = {
  queued: 'warn',
  imported: 'ok',
  duplicate: 'warn',
  failed: 'bad',
  error: 'bad',
};

/** A run's status as a badge: 完了 with problems shows them. */
export function RunStatusBadge({ run }: { run: BatchRun }) {
  const trouble = run.status === 'finished' && (run.errors > 0 || run.failed > 0);
  return (
    <span className={`badge ${trouble ? 'warn' : RUN_BADGE[run.status]}`}>
      {BATCH_RUN_STATUS_LABELS[run.status]}
      {trouble && '（要確認）'}
    </span>
  );
}

/** One run: when, what it took, what matching did, what ran after it, and the files expected but not arrived. */
export function BatchRunSummary({ run }: { run: BatchRun }) {
  return (
    <dl className="fields">
      <dt>状態</dt>
      <dd>
        <RunStatusBadge run={run} /> {BATCH_TRIGGER_LABELS[run.trigger]}（対象日 {dateWithWareki(run.night)}）
      </dd>
      <dt>開始・終了</dt>
      <dd>
        {dateTime(run.startedAt)} 〜 {run.finishedAt ? dateTime(run.finishedAt) : '実行中'}
      </dd>
      <dt>ファイル</dt>
      <dd>
        {count(run.files)} 件（取込 {count(run.imported)}・重複 {count(run.duplicates)}・取込不可 {count(run.failed)}・障害{' '}
        {count(run.errors)}
        {run.queued > 0 && `・待機中 ${count(run.queued)}`}）
      </dd>
      <dt>レコード</dt>
      <dd>
        {count(run.records)} 件（受理 {count(run.accepted)}・エラー {count(run.rejected)}）
      </dd>
      <dt>消込</dt>
      <dd>{run.match ? `${count(run.match.matched)} 件消込 / ${count(run.match.evaluated)} 件評価` : '—'}</dd>
      <dt>後続処理</dt>
      <dd>{run.exports.length ? `${run.exports.length} 件` : 'なし'}</dd>
      <dt>未着</dt>
      <dd>
        {run.missingFiles.length === 0 ? (
          <span className="ok">✓ なし</span>
        ) : (
          run.missingFiles.map((m) => (
            <span key={`${m.format}-${m.day}`} className="badge warn">
              {formatLabel(m.format)} {dateWithWareki(m.day)}
            </span>
          ))
        )}
      </dd>
      {run.error && (
        <>
          <dt>エラー</dt>
          <dd className="bad">{run.error}</dd>
        </>
      )}
    </dl>
  );
}

export function BatchRunFiles({ files }: { files: BatchRun['fileList'] }) {
  if (files.length === 0) return <p className="muted">受信フォルダにファイルはありませんでした。</p>;
  return (
    <DataTable
      head={
        <>
          <th scope="col">ファイル</th>
          <th scope="col">形式</th>
          <th scope="col">結果</th>
          <th scope="col">レコード</th>
          <th scope="col">エラー</th>
          <th scope="col">移動先</th>
        </>
      }
    >
      {files.map((f) => (
        <tr key={f.id}>
          <td>{f.path}</td>
          <td>{formatLabel(f.format)}</td>
          <td>
            <span className={`badge ${FILE_BADGE[f.status]}`}>{BATCH_FILE_STATUS_LABELS[f.status]}</span>
            {f.error && <div className="muted">{f.error}</div>}
          </td>
          <td className="num">{count(f.records)}</td>
          <td className="num">{count(f.errorCount)}</td>
          <td>{f.movedTo ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}
