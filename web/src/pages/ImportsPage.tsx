import { FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ok, Schemas, upload } from '../api';
import { useAuth } from '../auth';
import { DateField, DayText } from '../components/DateField';
import { ErrorMessage, Loading } from '../components/Feedback';
import { BatchStatusBadge, ControlsBadge, ImportBatchFacts, LineErrorList } from '../components/ImportBatchView';
import { Pager, useCursor } from '../components/Pager';
import { count, dateTime, percent } from '../format';
import { useLoad, useTitle } from '../hooks';
import { FORMATS, formatLabel } from '../labels';
import { DataTable, LineCountHeadings } from '../components/DataTable';

type FormatCode = Schemas['FormatCode'];
type ImportResult = Schemas['ImportResultDto'];

const AUTO = 'auto';
const HISTORY_PAGE_SIZE = 50;

const formatName = (format: string) => (format === AUTO ? '自動判定' : formatLabel(format));

/** Every 取込形式 as an option of a select, by its Japanese name. */
function FormatOptions() {
  return FORMATS.map((f) => (
    <option key={f} value={f}>
      {formatLabel(f)}
    </option>
  ));
}

export function ImportsPage() {
  useTitle('取込');
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('id')) || undefined;
  // Bumped after an upload or a review so the lists show the new state.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);

  return (
    <>
      <h1>取込</h1>
      {openId && <BatchDetailPanel id={openId} onClose={() => setParams({})} onChanged={changed} />}
      {hasRole('staff', 'manager', 'operator') ? (
        <UploadPanel onUploaded={changed} />
      ) : (
        <p className="muted">ファイルの取込は会計課職員・会計課長が行います。ここでは取込履歴を確認できます。</p>
      )}
      <HeldImports refreshKey={changes} />
      <ImportHistory selectedId={openId} refreshKey={changes} />
    </>
  );
}

/**
 * 取込保留: uploads waiting for a second person. A manager other than the uploader opens one to release or
 * reject it; until then it is neither matched nor counted in any report.
 */
function HeldImports({ refreshKey }: { refreshKey: number }) {
  const held = useLoad(() => ok(api.GET('/api/imports', { params: { query: { status: 'held', limit: 100 } } })), [refreshKey]);
  if (!held.data?.items.length) return <ErrorMessage error={held.error} />;
  return (
    <section className="card" aria-labelledby="held-title">
      <h2 id="held-title" className="card-title">
        取込保留（{count(held.data.items.length)}件、課長の確認待ち）
      </h2>
      <p className="muted">画面やAPIから取り込んだファイルは、持ち込んだ人以外の会計課長が確認して解除するまで消込・集計に含まれません。</p>
      <ul>
        {held.data.items.map((b) => (
          <li key={b.id}>
            <Link to={{ search: `?id=${b.id}` }}>
              取込 #{b.id} {b.fileName}
            </Link>{' '}
            <span className="muted">
              {formatLabel(b.format)}・{count(b.records)}件（不正 {count(b.rejected)}）・{b.importedBy}・{dateTime(b.startedAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function BatchDetailPanel({ id, onClose, onChanged }: { id: number; onClose(): void; onChanged(): void }) {
  const detail = useLoad(() => ok(api.GET('/api/imports/{id}', { params: { path: { id } } })), [id]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [id]);
  return (
    <section className="card" aria-labelledby="import-detail-title">
      <div className="section-head">
        <h2 id="import-detail-title" ref={heading} tabIndex={-1}>
          取込 #{id} の詳細
        </h2>
        <button type="button" onClick={onClose}>
          閉じる
        </button>
      </div>
      {detail.loading && <Loading />}
      <ErrorMessage error={detail.error} />
      {detail.data && !detail.loading && <ImportBatchFacts batch={detail.data} onChanged={onChanged} />}
    </section>
  );
}

/** What happened to one uploaded file: the server's result, or why the upload itself failed. */
interface Outcome {
  fileName: string;
  requestedFormat: string;
  result?: ImportResult;
  match?: Schemas['MatchSummaryDto'] | null;
  error?: unknown;
}

interface Progress {
  index: number;
  total: number;
  fileName: string;
  fraction: number;
}

function UploadPanel({ onUploaded }: { onUploaded(): void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [format, setFormat] = useState(AUTO);
  const [receivedOn, setReceivedOn] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (outcomes) resultHeading.current?.focus();
  }, [outcomes]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setOutcomes(null);
    const done: Outcome[] = [];
    // One file after another: the server serialises imports anyway, and each result arrives as its file ends.
    for (const [index, file] of files.entries()) {
      setProgress({ index, total: files.length, fileName: file.name, fraction: 0 });
      const form = new FormData();
      form.append('format', format);
      if (receivedOn) form.append('receivedOn', receivedOn);
      if (dryRun) form.append('dryRun', 'true');
      form.append('file', file);
      try {
        const intake = await upload(form, (fraction) => setProgress({ index, total: files.length, fileName: file.name, fraction }));
        done.push({ fileName: file.name, requestedFormat: format, result: intake.files[0], match: intake.match });
      } catch (error) {
        done.push({ fileName: file.name, requestedFormat: format, error });
      }
    }
    setProgress(null);
    setOutcomes(done);
    // A dry run changes nothing and is usually followed by the real import of the same files: keep them selected.
    if (!dryRun) {
      setFiles([]);
      if (fileInput.current) fileInput.current.value = '';
      onUploaded();
    }
  }

  const busy = progress !== null;
  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title" className="card-title">
        ファイルを取り込む
      </h2>
      <form onSubmit={submit}>
        <div className="filters">
          <label>
            ファイル（複数選択できます）
            <input
              ref={fileInput}
              type="file"
              multiple
              required
              disabled={busy}
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            />
          </label>
          <label>
            形式
            <select value={format} onChange={(e) => setFormat(e.target.value)} disabled={busy}>
              <option value={AUTO}>自動判定</option>
              <FormatOptions />
            </select>
          </label>
          <DateField label="受信日" value={receivedOn} onChange={setReceivedOn} disabled={busy} hint="空欄なら本日" />
          <label className="inline">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} disabled={busy} />
            検証のみ（登録しない）
          </label>
          <button type="submit" className="primary" disabled={busy || files.length === 0}>
            {dryRun ? '検証する' : '取り込む'}
          </button>
        </div>
      </form>
      {progress && <UploadProgress progress={progress} />}
      {outcomes && (
        <section aria-labelledby="upload-result-title">
          <h3 id="upload-result-title" ref={resultHeading} tabIndex={-1}>
            取込結果
          </h3>
          <p role="status">{outcomeSummary(outcomes)}</p>
          {outcomes.map((o, i) => (
            <UploadOutcome key={i} outcome={o} />
          ))}
        </section>
      )}
    </section>
  );
}

function outcomeSummary(outcomes: Outcome[]): string {
  const by = (status: ImportResult['status']) => outcomes.filter((o) => o.result?.status === status).length;
  const failed = outcomes.filter((o) => o.error).length + by('failed');
  const dryRun = outcomes.some((o) => o.result?.dryRun);
  const done = dryRun ? `検証 ${by('imported')}` : `取込 ${by('imported')}`;
  const held = by('held') ? `、保留 ${by('held')}` : '';
  return `${outcomes.length}件のファイルを処理しました（${done}${held}、重複 ${by('duplicate')}、失敗 ${failed}）。`;
}

function UploadProgress({ progress }: { progress: Progress }) {
  const { index, total, fileName, fraction } = progress;
  return (
    <div className="upload-progress">
      {/* The phase is announced; the percentage is only shown, so screen readers are not flooded. */}
      <p role="status">
        {index + 1} / {total} 件目: {fileName} {fraction < 1 ? 'を送信中…' : 'をサーバーで取込・消込中…'}
      </p>
      <label>
        送信状況 {percent(fraction, 0)}
        <progress value={fraction} max={1} />
      </label>
    </div>
  );
}

function UploadOutcome({ outcome }: { outcome: Outcome }) {
  const { fileName, result, match, error, requestedFormat } = outcome;
  return (
    <article className="outcome">
      <h4>
        {fileName} {result && <ResultBadge result={result} />}
        {error !== undefined && <span className="badge bad">送信失敗</span>}
      </h4>
      <ErrorMessage error={error} />
      {result && (
        <>
          <p>
            形式: {formatName(result.format)}
            {requestedFormat === AUTO && result.format !== AUTO && <span className="muted">（自動判定）</span>}
            {(result.status === 'imported' || result.status === 'held') && (
              <>
                {' '}
                ・ {count(result.records)}件（取込 {count(result.accepted)}、不正{' '}
                <span className={result.rejected ? 'bad' : undefined}>{count(result.rejected)}</span>）
              </>
            )}
          </p>
          {result.status === 'held' && (
            <p className="notice warn">取込保留です。あなた以外の会計課長が内容を確認して解除するまで、消込にも集計にも含まれません。</p>
          )}
          {result.status === 'duplicate' && result.duplicateOf !== undefined && (
            <p>
              同じ内容のファイルは取込済みです: <Link to={{ search: `?id=${result.duplicateOf}` }}>取込 #{result.duplicateOf}</Link>
            </p>
          )}
          {match && <MatchLine match={match} />}
          {result.batchId ? <BatchOutcome id={result.batchId} /> : <ResultProblems result={result} />}
        </>
      )}
    </article>
  );
}

function ResultBadge({ result }: { result: ImportResult }) {
  if (result.status === 'failed') return <span className="badge bad">取込失敗</span>;
  if (result.status === 'duplicate') return <span className="badge warn">重複（取込済み）</span>;
  if (result.status === 'held') return <span className="badge warn">取込保留</span>;
  if (result.dryRun) return <span className="badge">検証のみ（未登録）</span>;
  return <span className="badge ok">取込済</span>;
}

function MatchLine({ match }: { match: Schemas['MatchSummaryDto'] }) {
  // `flagged` counts every open exception after the run, not only the ones this file raised.
  const open = Object.values(match.flagged).reduce((total, n) => total + (n ?? 0), 0);
  return (
    <p>
      消込: {count(match.evaluated)}件を照合、{count(match.matched)}件を消込
      {match.reversed > 0 && `、${count(match.reversed)}件の消込を取消`}。未処理の例外は全体で{' '}
      <Link to="/exceptions?status=open">{count(open)}件</Link>です。
    </p>
  );
}

/** A stored import: its detail has the controls and the rejected lines as they arrived. */
function BatchOutcome({ id }: { id: number }) {
  const detail = useLoad(() => ok(api.GET('/api/imports/{id}', { params: { path: { id } } })), [id]);
  if (detail.loading) return <Loading label="取込結果を読み込み中…" />;
  if (detail.error) return <ErrorMessage error={detail.error} />;
  return (
    <>
      <p>
        <Link to={{ search: `?id=${id}` }}>取込 #{id}</Link>
      </p>
      {detail.data && <ImportBatchFacts batch={detail.data} />}
    </>
  );
}

/** A dry run or a refused file is not stored, so only the reported errors are there to show. */
function ResultProblems({ result }: { result: ImportResult }) {
  const fileErrors = result.errors.filter((e) => e.line === null);
  const lineErrors = result.errors.filter((e) => e.line !== null);
  return (
    <>
      <LineErrorList title={result.status === 'failed' ? '取り込めなかった理由' : 'ファイル全体の問題'} errors={fileErrors} tone="bad" />
      <LineErrorList title="警告" errors={result.warnings} tone="warn" total={result.warningCount} />
      {lineErrors.length > 0 && <LineErrorTable errors={lineErrors} total={result.errorCount - fileErrors.length} />}
    </>
  );
}

function LineErrorTable({ errors, total }: { errors: Schemas['LineErrorDto'][]; total: number }) {
  const more = total > errors.length ? `全${count(total)}件のうち先頭の${count(errors.length)}件。` : '';
  return (
    <DataTable
      caption={<>不正行（{more}検証のみのため、届いた行は保存されていません）</>}
      head={
        <>
          <th scope="col" className="num">
            行
          </th>
          <th scope="col">項目</th>
          <th scope="col">理由</th>
        </>
      }
    >
      {errors.map((e, i) => (
        <tr key={i}>
          <td className="num">{e.line}</td>
          <td>{e.field ?? '—'}</td>
          <td>{e.message}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ImportHistory({ selectedId, refreshKey }: { selectedId: number | undefined; refreshKey: number }) {
  const [format, setFormat] = useState<FormatCode | ''>('');
  const [receivedOn, setReceivedOn] = useState('');
  const cursor = useCursor();
  const { after, reset } = cursor;
  const page = useLoad(
    () => ok(api.GET('/api/imports', { params: { query: { format: format || undefined, receivedOn, limit: HISTORY_PAGE_SIZE, after } } })),
    [format, receivedOn, after, refreshKey],
  );
  // New imports are the newest, so after an upload the history goes back to its first page.
  useEffect(reset, [refreshKey, reset]);

  function filter(nextFormat: FormatCode | '', nextReceivedOn: string) {
    setFormat(nextFormat);
    setReceivedOn(nextReceivedOn);
    reset();
  }

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">取込履歴</h2>
      <div className="filters">
        <label>
          形式
          <select value={format} onChange={(e) => filter(e.target.value as FormatCode | '', receivedOn)}>
            <option value="">すべて</option>
            <FormatOptions />
          </select>
        </label>
        <DateField label="受信日" value={receivedOn} onChange={(day) => filter(format, day)} hint="すべての日" />
        {(format || receivedOn) && (
          <button type="button" onClick={() => filter('', '')}>
            条件をクリア
          </button>
        )}
      </div>
      <ErrorMessage error={page.error} />
      {page.loading && <Loading />}
      {page.data && <HistoryTable items={page.data.items} selectedId={selectedId} />}
      <Pager label="取込履歴" page={cursor.page} nextCursor={page.data?.nextCursor} onNext={cursor.next} onPrevious={cursor.previous} />
    </section>
  );
}

function HistoryTable({ items, selectedId }: { items: Schemas['ImportBatchDto'][]; selectedId: number | undefined }) {
  if (items.length === 0) return <p className="muted">条件に合う取込はありません。</p>;
  return (
    <DataTable
      head={
        <>
          <th scope="col" className="num">
            ID
          </th>
          <th scope="col">受信日</th>
          <th scope="col">ファイル名</th>
          <th scope="col">形式</th>
          <LineCountHeadings />
          <th scope="col">合計チェック</th>
          <th scope="col">持ち込んだ人</th>
          <th scope="col">取込日時</th>
        </>
      }
    >
      {items.map((b) => (
        <tr key={b.id} className={b.id === selectedId ? 'selected' : undefined} aria-current={b.id === selectedId ? 'true' : undefined}>
          <td className="num">{b.id}</td>
          <td>
            <DayText date={b.receivedOn} />
          </td>
          <td>
            <Link to={{ search: `?id=${b.id}` }}>{b.fileName}</Link>
            {b.status !== 'imported' && (
              <>
                {' '}
                <BatchStatusBadge status={b.status} />
              </>
            )}
          </td>
          <td>{formatLabel(b.format)}</td>
          <td className="num">{count(b.records)}</td>
          <td className="num">{count(b.accepted)}</td>
          <td className={`num${b.rejected ? ' bad' : ''}`}>{count(b.rejected)}</td>
          <td>
            <ControlsBadge ok={b.controlsOk} />
          </td>
          <td>{b.importedBy}</td>
          <td>{dateTime(b.startedAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
