import { FormEvent, MouseEvent, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ok, QueryOf, Schemas } from '../api';
import { useAuth } from '../auth';
import { ActionStatus, useActionStatus } from '../components/ActionStatus';
import { Assignee, AssigneeSelect, assigneeName, useAssignees } from '../components/Assignees';
import { CategorySelect } from '../components/CategorySelect';
import { ExceptionStatusBadge } from '../components/ExceptionStatusBadge';
import { ErrorMessage, Loading } from '../components/Feedback';
import { count, japanesePart, wareki, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { CHANNEL_LABELS, CHANNELS, channelLabel, EXCEPTION_STATUSES, EXCEPTION_TYPES, statusLabel } from '../labels';
import { DataTable } from '../components/DataTable';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['status', 'type', 'channel', 'category', 'date', 'assignee'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;
type SortField = 'id' | 'paidOn' | 'amount';
type ExceptionRow = Schemas['ExceptionDto'];

/** The queue opens on 未処理 unless the link says otherwise; `status=all` shows every status. */
function filtersFrom(params: URLSearchParams): Filters {
  const filters = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as Filters;
  return { ...filters, status: filters.status || 'open' };
}

/** The URL's filters, order and page as the API's query; its codes are the server's to check (a hand-edited URL gets its 400). */
function apiQuery(filters: Filters, sort: string, cursor: string | undefined): QueryOf<'/api/exceptions'> {
  // `after` pages the default id order; every other order pages by the server's opaque `key`.
  const position = cursor === undefined ? {} : sort === 'id' ? { after: Number(cursor) } : { key: cursor };
  const status = filters.status === 'all' ? undefined : filters.status;
  return { ...filters, status, sort: sort === 'id' ? undefined : sort, limit: PAGE_SIZE, ...position } as QueryOf<'/api/exceptions'>;
}

export function ExceptionsPage() {
  useTitle('例外一覧');
  const [params, setParams] = useSearchParams();
  const { hasRole } = useAuth();
  const assignees = useAssignees();
  const filters = filtersFrom(params);
  const sort = params.get('sort') ?? 'id';
  // A new query starts both afresh: the form's draft and the results' page stack.
  const query = params.toString();

  function update(next: Filters, nextSort: string) {
    const search = new URLSearchParams();
    for (const key of FILTER_KEYS) if (next[key]) search.set(key, next[key]);
    if (nextSort !== 'id') search.set('sort', nextSort);
    setParams(search);
  }

  return (
    <>
      <h1>例外一覧</h1>
      <FilterForm key={`form?${query}`} initial={filters} assignees={assignees.data} onApply={(next) => update(next, sort)} />
      <ErrorMessage error={assignees.error} />
      <ExceptionResults
        key={`results?${query}`}
        filters={filters}
        sort={sort}
        onSort={(next) => update(filters, next)}
        canAssign={hasRole('staff', 'manager')}
        assignees={assignees.data}
      />
    </>
  );
}

interface FilterFormProps {
  initial: Filters;
  assignees: Assignee[] | undefined;
  onApply(filters: Filters): void;
}

/** A draft of the filters, applied to the URL on submit (so the back button returns to the previous query). */
function FilterForm({ initial, assignees, onApply }: FilterFormProps) {
  const [draft, setDraft] = useState(initial);
  const set = (key: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="filters card" onSubmit={submit} aria-label="絞り込み条件">
      <label>
        状態
        <select value={draft.status} onChange={(e) => set('status')(e.target.value)}>
          {EXCEPTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
          <option value="all">すべて</option>
        </select>
      </label>
      <label>
        種別
        <select value={draft.type} onChange={(e) => set('type')(e.target.value)}>
          <option value="">すべて</option>
          {Object.entries(EXCEPTION_TYPES).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        チャネル
        <select value={draft.channel} onChange={(e) => set('channel')(e.target.value)}>
          <option value="">すべて</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <CategorySelect value={draft.category} onChange={set('category')} />
      <label>
        納付日
        <input type="date" value={draft.date} onChange={(e) => set('date')(e.target.value)} />
      </label>
      <AssigneeSelect label="担当者" emptyLabel="すべて" value={draft.assignee} onChange={set('assignee')} assignees={assignees} />
      <div className="toolbar">
        <button type="submit" className="primary">
          絞り込む
        </button>
        <button type="button" onClick={() => onApply(filtersFrom(new URLSearchParams()))}>
          条件をクリア
        </button>
      </div>
    </form>
  );
}

interface ResultsProps {
  filters: Filters;
  sort: string;
  onSort(sort: string): void;
  canAssign: boolean;
  assignees: Assignee[] | undefined;
}

/** One query's pages: keyset paging keeps the cursor of every page seen, so 前へ is a pop. */
function ExceptionResults({ filters, sort, onSort, canAssign, assignees }: ResultsProps) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(() => ok(api.GET('/api/exceptions', { params: { query: apiQuery(filters, sort, cursor) } })), [cursor]);
  const next = sort === 'id' ? page.data?.nextCursor : page.data?.nextKey;
  const items = page.data?.items ?? [];

  function go(nextCursors: string[]) {
    setCursors(nextCursors);
    setSelected(new Set());
  }

  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title" className="visually-hidden">
        検索結果
      </h2>
      {canAssign && (
        <BulkAssign
          items={items}
          selected={selected}
          onSelect={setSelected}
          assignees={assignees}
          onAssigned={() => {
            setSelected(new Set());
            page.reload();
          }}
        />
      )}
      <ErrorMessage error={page.error} />
      {page.loading && <Loading />}
      {page.data && (
        <>
          <p className="muted" aria-live="polite">
            {cursors.length + 1}ページ目：{count(items.length)}件{next ? '（続きあり）' : ''}
          </p>
          {items.length === 0 ? (
            <p>条件に合う例外はありません。</p>
          ) : (
            <ExceptionTable
              items={items}
              sort={sort}
              onSort={onSort}
              selectable={canAssign}
              selected={selected}
              onSelect={setSelected}
              assignees={assignees}
            />
          )}
          {(cursors.length > 0 || !!next) && (
            <nav className="toolbar" aria-label="例外一覧のページ">
              <button type="button" disabled={cursors.length === 0} onClick={() => go(cursors.slice(0, -1))}>
                ← 前へ
              </button>
              <button type="button" disabled={!next} onClick={() => next && go([...cursors, String(next)])}>
                次へ →
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

interface TableProps {
  items: ExceptionRow[];
  sort: string;
  onSort(sort: string): void;
  selectable: boolean;
  selected: Set<number>;
  onSelect(selected: Set<number>): void;
  assignees: Assignee[] | undefined;
}

function ExceptionTable({ items, sort, onSort, selectable, selected, onSelect, assignees }: TableProps) {
  const navigate = useNavigate();
  const { search } = useLocation();

  function toggle(id: number) {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    onSelect(next);
  }

  // The whole row opens the case for mouse users; the link in 種別 does it for keyboard users.
  function openRow(event: MouseEvent<HTMLTableRowElement>, id: number) {
    if ((event.target as HTMLElement).closest('a, button, input, label, select, textarea')) return;
    navigate(`/exceptions/${id}`, { state: { from: search } });
  }

  return (
    <DataTable
      className="exceptions-table"
      head={
        <>
          <SortHeader label="番号" field="id" sort={sort} onSort={onSort} />
          <th scope="col">種別</th>
          <th scope="col">状態</th>
          <th scope="col">チャネル</th>
          <th scope="col">納付番号</th>
          <SortHeader label="納付日" field="paidOn" sort={sort} onSort={onSort} />
          <th scope="col" className="num">
            調定額
          </th>
          <SortHeader label="納付額" field="amount" sort={sort} onSort={onSort} className="num" />
          <th scope="col">内容</th>
          <th scope="col">担当者</th>
        </>
      }
    >
      {items.map((row) => (
        <tr key={row.id} className="clickable" onClick={(event) => openRow(event, row.id)}>
          <td>
            {selectable ? (
              <label className="inline">
                <input type="checkbox" checked={selected.has(row.id)} onChange={() => toggle(row.id)} />#{row.id}
              </label>
            ) : (
              `#${row.id}`
            )}
          </td>
          <td>
            <Link to={`/exceptions/${row.id}`} state={{ from: search }}>
              {row.typeLabel}
            </Link>
          </td>
          <td>
            <ExceptionStatusBadge status={row.status} />
          </td>
          <td className="channel">{channelLabel(row.channel)}</td>
          <td className="mono">{row.billNumber ?? row.paymentRef ?? '—'}</td>
          <td className="nowrap">
            {row.paidOn ?? '—'}
            {row.paidOn && <span className="sub">{wareki(row.paidOn)}</span>}
          </td>
          <td className="num">{yen(row.expectedAmount)}</td>
          <td className="num">{yen(row.paidAmount)}</td>
          <td className="detail">{japanesePart(row.detail)}</td>
          <td>{assigneeName(assignees, row.assignee)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

interface SortHeaderProps {
  label: string;
  field: SortField;
  sort: string;
  onSort(sort: string): void;
  className?: string;
}

/** A column that sorts: ascending first, then descending. */
function SortHeader({ label, field, sort, onSort, className }: SortHeaderProps) {
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : undefined;
  return (
    <th scope="col" aria-sort={direction} className={className}>
      <button type="button" className="sort" onClick={() => onSort(direction === 'ascending' ? `-${field}` : field)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

interface BulkAssignProps {
  items: ExceptionRow[];
  selected: Set<number>;
  onSelect(selected: Set<number>): void;
  assignees: Assignee[] | undefined;
  onAssigned(): void;
}

/** 一括担当: the checked rows of this page to one person, with the reason the audit log keeps. */
function BulkAssign({ items, selected, onSelect, assignees, onAssigned }: BulkAssignProps) {
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const status = useActionStatus();
  const selectAll = useRef<HTMLInputElement>(null);
  const allSelected = items.length > 0 && items.every((row) => selected.has(row.id));

  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = selected.size > 0 && !allSelected;
  }, [selected, allSelected]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const done = await status.run(async () => {
      const result = await ok(api.POST('/api/exceptions/assign', { body: { ids: [...selected], assignee, reason } }));
      return `${count(result.assigned)}件を ${assigneeName(assignees, assignee)} に割り当てました（状態は「確認中」になります）。`;
    });
    if (done) {
      setReason('');
      onAssigned();
    }
  }

  return (
    <form className="filters card bulk-assign" onSubmit={submit} aria-label="一括担当">
      <label className="inline">
        <input
          ref={selectAll}
          type="checkbox"
          checked={allSelected}
          disabled={items.length === 0}
          onChange={() => onSelect(allSelected ? new Set() : new Set(items.map((row) => row.id)))}
        />
        このページをすべて選択
      </label>
      <span className="muted" aria-live="polite">
        {count(selected.size)}件を選択中
      </span>
      <AssigneeSelect label="担当者" value={assignee} onChange={setAssignee} assignees={assignees} required />
      <label className="grow">
        理由（監査記録に残ります）
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={2000}
          placeholder="例: 11月分の二重納付をまとめて確認"
        />
      </label>
      <button type="submit" className="primary" disabled={status.busy || selected.size === 0}>
        選択した{count(selected.size)}件を割り当てる
      </button>
      <ActionStatus outcome={status.outcome} statusRef={status.ref} />
    </form>
  );
}
