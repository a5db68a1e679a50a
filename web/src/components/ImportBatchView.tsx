import { useState } from 'react';
import { count, dateTime, dateWithWareki, yen } from '../format';
import { formatLabel } from '../labels';
import type { ControlCheck, ImportBatchDetail, LineError, RejectedLine } from '../types/imports';

/** 合計チェック: whether the file's own trailer totals agree with its records. */
export function ControlsBadge({ ok }: { ok: boolean }) {
  return <span className={`badge ${ok ? 'ok' : 'bad'}`}>{ok ? '✓ 一致' : '✗ 不一致'}</span>;
}

/** The sums of a trailer are yen, its counts are records: the control's name says which. */
function controlValue(name: string, value: number | null): string {
  if (value === null) return '記載なし';
  return name.includes('金額') ? yen(value) : count(value);
}

function ControlsTable({ controls }: { controls: ControlCheck[] }) {
  if (controls.length === 0) return <p className="muted">このファイル形式には合計レコードがありません。</p>;
  return (
    <div className="table-wrap narrow">
      <table className="data">
        <caption>合計チェック</caption>
        <thead>
          <tr>
            <th scope="col">項目</th>
            <th scope="col" className="num">ファイル記載値</th>
            <th scope="col" className="num">明細の集計</th>
            <th scope="col">判定</th>
          </tr>
        </thead>
        <tbody>
          {controls.map((c) => (
            <tr key={c.name}>
              <td>{c.name}</td>
              <td className="num">{controlValue(c.name, c.expected)}</td>
              <td className="num">{controlValue(c.name, c.actual)}</td>
              <td>
                {c.expected === null ? <span className="badge warn">照合不可</span> : <ControlsBadge ok={c.expected === c.actual} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** File-level problems and warnings: a short list, each with its line when it has one. */
export function LineErrorList({ title, errors, tone }: { title: string; errors: LineError[]; tone: 'bad' | 'warn' }) {
  if (errors.length === 0) return null;
  return (
    <section aria-label={title}>
      <p className={`list-title ${tone}`}>
        {title}（{count(errors.length)}件）
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

// Thousands of rejected lines would make the page unusable; the first ones show what went wrong.
const FIRST_LINES = 200;

function RejectedLinesTable({ lines }: { lines: RejectedLine[] }) {
  const [all, setAll] = useState(false);
  if (lines.length === 0) return <p className="muted">不正行はありません。</p>;
  const shown = all ? lines : lines.slice(0, FIRST_LINES);
  return (
    <>
      <div className="table-wrap">
        <table className="data">
          <caption>不正行（{count(lines.length)}行、取り込まれていません）</caption>
          <thead>
            <tr>
              <th scope="col" className="num">行</th>
              <th scope="col">項目</th>
              <th scope="col">理由</th>
              <th scope="col">届いた行</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l) => (
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
          </tbody>
        </table>
      </div>
      {shown.length < lines.length && (
        <button type="button" onClick={() => setAll(true)}>
          残り{count(lines.length - shown.length)}行も表示
        </button>
      )}
    </>
  );
}

/** One import as `GET /api/imports/:id` returns it. */
export function ImportBatchFacts({ batch }: { batch: ImportBatchDetail }) {
  return (
    <>
      <dl className="fields">
        <dt>ファイル名</dt>
        <dd>{batch.fileName}</dd>
        <dt>形式</dt>
        <dd>{formatLabel(batch.format)}</dd>
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
          {count(batch.records)}件（取込 {count(batch.accepted)}、不正 <span className={batch.rejected ? 'bad' : undefined}>{count(batch.rejected)}</span>）
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
      <LineErrorList title="ファイル全体の問題" errors={batch.controlIssues} tone="bad" />
      <ControlsTable controls={batch.controls} />
      <LineErrorList title="警告" errors={batch.warnings} tone="warn" />
      <RejectedLinesTable lines={batch.rejectedLines} />
    </>
  );
}
