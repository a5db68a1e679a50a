import { FormEvent, useState } from 'react';
import { api, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { count, dateTime, dateWithWareki, yen } from '../format';
import { useLoad } from '../hooks';
import { formatLabel } from '../labels';
import { ActionStatus, useActionStatus } from './ActionStatus';
import { ErrorMessage, Loading } from './Feedback';
import { Pager, useCursor } from './Pager';
import { DataTable } from './DataTable';

type ImportBatch = Schemas['ImportBatchDto'];

/** 合計チェック: whether the file's own trailer totals agree with its records. */
export function ControlsBadge({ ok }: { ok: boolean }) {
  return <span className={`badge ${ok ? 'ok' : 'bad'}`}>{ok ? '✓ 一致' : '✗ 不一致'}</span>;
}

const BATCH_STATUS: Record<ImportBatch['status'], { label: string; tone: string }> = {
  imported: { label: '取込済', tone: 'ok' },
  held: { label: '取込保留', tone: 'warn' },
  rejected: { label: '差戻し', tone: 'bad' },
};

/** 取込済 / 取込保留 / 差戻し of a stored import. */
export function BatchStatusBadge({ status }: { status: ImportBatch['status'] }) {
  const { label, tone } = BATCH_STATUS[status] ?? { label: status, tone: '' };
  return <span className={`badge ${tone}`}>{label}</span>;
}

const ARRIVED_VIA: Record<ImportBatch['arrivedVia'], string> = {
  api: '画面・API からのアップロード',
  cli: 'CLI（サーバー上の操作）',
  batch: '受信フォルダ（夜間バッチ）',
};

/** The sums of a trailer are yen, its counts are records: the control's name says which. */
function controlValue(name: string, value: number | null): string {
  if (value === null) return '記載なし';
  return name.includes('金額') ? yen(value) : count(value);
}

function ControlsTable({ controls }: { controls: Schemas['ControlCheckDto'][] }) {
  if (controls.length === 0) return <p className="muted">このファイル形式には合計レコードがありません。</p>;
  return (
    <DataTable
      caption="合計チェック"
      narrow
      head={
        <>
          <th scope="col">項目</th>
          <th scope="col" className="num">
            ファイル記載値
          </th>
          <th scope="col" className="num">
            明細の集計
          </th>
          <th scope="col">判定</th>
        </>
      }
    >
      {controls.map((c) => (
        <tr key={c.name}>
          <td>{c.name}</td>
          <td className="num">{controlValue(c.name, c.expected)}</td>
          <td className="num">{controlValue(c.name, c.actual)}</td>
          <td>{c.expected === null ? <span className="badge warn">照合不可</span> : <ControlsBadge ok={c.expected === c.actual} />}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** File-level problems and warnings: a short list, each with its line when it has one; `total` when the list is the first of more. */
export function LineErrorList({
  title,
  errors,
  tone,
  total,
}: {
  title: string;
  errors: Schemas['LineErrorDto'][];
  tone: 'bad' | 'warn';
  total?: number;
}) {
  if (errors.length === 0) return null;
  const all = total ?? errors.length;
  return (
    <section aria-label={title}>
      <p className={`list-title ${tone}`}>
        {title}（{count(all)}件{all > errors.length && `、先頭の${count(errors.length)}件を表示`}）
      </p>
      <ul className="line-errors">
        {errors.map((e, i) => (
          <li key={i}>
            {e.line !== null && <span className="muted">{e.line}行目 </span>}
            {e.field && <strong>{e.field}: </strong>}
            {e.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

const LINES_PAGE_SIZE = 100;

/** Every rejected line as it arrived, a hundred at a time (the server pages them: a file may have thousands). */
function RejectedLinesTable({ batch }: { batch: ImportBatch }) {
  const cursor = useCursor();
  const { after } = cursor;
  const page = useLoad(
    () =>
      ok(
        api.GET('/api/imports/{id}/lines', {
          params: { path: { id: batch.id }, query: { status: 'rejected', limit: LINES_PAGE_SIZE, after } },
        }),
      ),
    [batch.id, after],
  );
  if (batch.rejected === 0) return <p className="muted">不正行はありません。</p>;
  return (
    <section aria-label="不正行">
      <ErrorMessage error={page.error} />
      {page.loading && <Loading label="不正行を読み込み中…" />}
      {page.data && (
        <DataTable
          caption={
            <>
              不正行（{count(batch.rejected)}行、取り込まれていません。{cursor.page}ページ目）
            </>
          }
          head={
            <>
              <th scope="col" className="num">
                行
              </th>
              <th scope="col">項目</th>
              <th scope="col">理由</th>
              <th scope="col">届いた行</th>
            </>
          }
        >
          {page.data.items.map((l) => (
            <tr key={l.line}>
              <td className="num">{l.line}</td>
              <td>{l.errors.map((e) => e.field ?? '—').join('、')}</td>
              <td>
                {l.errors.map((e, i) => (
                  <div key={i}>{e.message}</div>
                ))}
              </td>
              <td className="mono raw-line">{l.raw}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager label="不正行" page={cursor.page} nextCursor={page.data?.nextCursor} onNext={cursor.next} onPrevious={cursor.previous} />
    </section>
  );
}

/**
 * 取込保留: a manager other than the one who brought the file releases it (it is then loaded and matched) or
 * rejects it, each with a reason. The uploader and everyone else see that it waits.
 */
function HeldReview({
  batch,
  action,
  onReviewed,
}: {
  batch: ImportBatch;
  action: ReturnType<typeof useActionStatus>;
  onReviewed(change: Partial<ImportBatch>): void;
}) {
  const { user, hasRole } = useAuth();
  const [reason, setReason] = useState('');
  const own = user?.loginName === batch.importedBy;

  if (!hasRole('manager') || own) {
    return (
      <p className="notice warn">
        このファイルは取込保留中です。{own ? '持ち込んだ本人以外の' : ''}
        会計課長が内容を確認して解除するまで、消込にも集計にも含まれません。
      </p>
    );
  }

  async function review(event: FormEvent, decision: 'release' | 'reject') {
    event.preventDefault();
    let change: Partial<ImportBatch> = {};
    const done = await action.run(async () => {
      if (decision === 'release') {
        const result = await ok(api.POST('/api/imports/{id}/release', { params: { path: { id: batch.id } }, body: { reason } }));
        change = { status: 'imported', matchPending: !result.match };
        const match = result.match ? `、${count(result.match.matched)}件を消込しました` : '';
        return `取込 #${batch.id} の保留を解除しました。${count(result.files[0].accepted)}件を取り込み${match}。`;
      }
      await ok(api.POST('/api/imports/{id}/reject', { params: { path: { id: batch.id } }, body: { reason } }));
      change = { status: 'rejected' };
      return `取込 #${batch.id} を差し戻しました。同じファイルは改めて取り込めます。`;
    });
    const reviewedAt = new Date().toISOString();
    if (done) onReviewed({ ...change, reviewedBy: user?.loginName ?? null, reviewedAt, reviewReason: reason.trim() });
  }

  return (
    <section className="card held-review" aria-label="取込保留の確認">
      <p>{batch.importedBy} さんが持ち込んだファイルです。件数・合計チェック・不正行を確かめ、保留を解除するか差し戻してください。</p>
      <form onSubmit={(e) => review(e, 'release')}>
        <label>
          解除・差戻しの理由（必須）
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} rows={2} disabled={action.busy} />
        </label>
        <div className="toolbar">
          <button type="submit" className="primary" disabled={action.busy || !reason.trim()}>
            保留を解除して取り込む
          </button>
          <button type="button" disabled={action.busy || !reason.trim()} onClick={(e) => review(e, 'reject')}>
            差し戻す
          </button>
        </div>
      </form>
    </section>
  );
}

/** One import as `GET /api/imports/:id` returns it, with its rejected lines and, while held, its review. */
export function ImportBatchFacts({ batch: loaded, onChanged }: { batch: Schemas['ImportBatchDetailDto']; onChanged?(): void }) {
  // A review changes the batch here at once; the lists around it are told to reload.
  const [change, setChange] = useState<{ id: number; patch: Partial<ImportBatch> }>({ id: loaded.id, patch: {} });
  const batch = change.id === loaded.id ? { ...loaded, ...change.patch } : loaded;
  const action = useActionStatus();
  return (
    <>
      <dl className="fields">
        <dt>状態</dt>
        <dd>
          <BatchStatusBadge status={batch.status} />
          {batch.matchPending && <span className="badge warn">消込待ち</span>}
        </dd>
        <dt>ファイル名</dt>
        <dd>{batch.fileName}</dd>
        <dt>形式</dt>
        <dd>{formatLabel(batch.format)}</dd>
        <dt>持ち込んだ人</dt>
        <dd>
          {batch.importedBy}
          <span className="muted">（{ARRIVED_VIA[batch.arrivedVia] ?? batch.arrivedVia}）</span>
          {batch.sourcePath && <div className="mono muted">{batch.sourcePath}</div>}
        </dd>
        {batch.reviewedBy && (
          <>
            <dt>{batch.status === 'rejected' ? '差し戻した人' : '保留を解除した人'}</dt>
            <dd>
              {batch.reviewedBy}（{dateTime(batch.reviewedAt)}）: {batch.reviewReason}
            </dd>
          </>
        )}
        <dt>受信日</dt>
        <dd>{dateWithWareki(batch.receivedOn)}</dd>
        <dt>データ作成日</dt>
        <dd>{dateWithWareki(batch.dataCreatedOn)}</dd>
        {batch.providerCode && (
          <>
            <dt>収納代行コード</dt>
            <dd>{batch.providerCode}</dd>
          </>
        )}
        <dt>件数</dt>
        <dd>
          {count(batch.records)}件（取込 {count(batch.accepted)}、不正{' '}
          <span className={batch.rejected ? 'bad' : undefined}>{count(batch.rejected)}</span>）
        </dd>
        <dt>合計チェック</dt>
        <dd>
          <ControlsBadge ok={batch.controlsOk} />
        </dd>
        <dt>取込日時</dt>
        <dd>
          {dateTime(batch.startedAt)} 〜 {dateTime(batch.finishedAt)}
        </dd>
        <dt>サイズ</dt>
        <dd>{count(batch.sizeBytes)}バイト</dd>
        <dt>SHA-256</dt>
        <dd className="mono">{batch.sha256}</dd>
      </dl>
      {batch.status === 'held' && (
        <HeldReview
          batch={batch}
          action={action}
          onReviewed={(reviewed) => {
            setChange({ id: loaded.id, patch: reviewed });
            onChanged?.();
          }}
        />
      )}
      <ActionStatus outcome={action.outcome} statusRef={action.ref} />
      <LineErrorList title="ファイル全体の問題" errors={batch.controlIssues} tone="bad" />
      <ControlsTable controls={batch.controls} />
      <LineErrorList title="警告" errors={batch.warnings} tone="warn" total={batch.warningCount} />
      <RejectedLinesTable batch={batch} />
    </>
  );
}
