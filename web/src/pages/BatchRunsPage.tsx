import { api, ok } from '../api';
import { BatchRunFiles, BatchRunSummary } from '../components/BatchRunView';
import { ErrorMessage, Loading } from '../components/Feedback';
import { useLoad, useTitle } from '../hooks';
import { useCursor, Pager } from '../components/Pager';
import { dateWithWareki } from '../format';

const RUNS_PER_PAGE = 10;

/** 夜間取込: every nightly run, newest first, with its files and where housekeeping put them. */
export function BatchRunsPage() {
  useTitle('夜間取込');
  const cursor = useCursor();
  const runs = useLoad(
    () => ok(api.GET('/api/batch/runs', { params: { query: { limit: RUNS_PER_PAGE, before: cursor.after } } })),
    [cursor.after],
  );

  return (
    <>
      <h1>夜間取込</h1>
      <p className="muted">
        受信フォルダのファイルを毎晩取り込み（調定を先に）、最後に一度だけ消込します。取り込んだファイルは archive/日付/
        へ、取り込めなかったファイルは理由（.error.txt）とともに failed/ へ移動します。
      </p>
      <ErrorMessage error={runs.error} />
      {runs.loading && <Loading />}
      {runs.data && runs.data.items.length === 0 && <p className="muted">夜間取込の記録はまだありません。</p>}
      {runs.data?.items.map((run) => (
        <section key={run.id} className="card" aria-labelledby={`run-${run.id}`}>
          <h2 id={`run-${run.id}`} className="card-title">
            #{run.id} {dateWithWareki(run.night)}
          </h2>
          <BatchRunSummary run={run} />
          <details>
            <summary>ファイル {run.fileList.length} 件</summary>
            <BatchRunFiles files={run.fileList} />
          </details>
        </section>
      ))}
      {runs.data && (
        <Pager page={cursor.page} nextCursor={runs.data.nextBefore} onNext={cursor.next} onPrevious={cursor.previous} label="夜間取込" />
      )}
    </>
  );
}
