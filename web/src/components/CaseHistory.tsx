import type { Schemas } from '../api';
import { dateTime, yen } from '../format';
import { RESOLUTION_LABELS, statusLabel } from '../labels';
import { DataTable } from './DataTable';

type HistoryEntry = Schemas['HistoryDto'];
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The audit rows of the case in words: what changed, from and to. */
function describe({ action, actor, before, after }: HistoryEntry): string {
  const b = before ?? {};
  const a = after ?? {};
  // 代決: decided by the manager named as the 課長's deputy.
  const deputy = a.deputy ? '・代決' : '';
  const resolution = () => `${RESOLUTION_LABELS[text(a.action)] ?? text(a.action)}（${yen(Number(a.amount ?? 0))}）`;
  switch (action) {
    case 'exception.transition':
      return `状態を変更：${statusLabel(text(b.status))} → ${statusLabel(text(a.status))}${actor === 'system' ? '（消込処理による自動判定）' : ''}`;
    case 'exception.assign':
      return `担当者を設定：${text(a.assignee)}`;
    case 'exception.comment':
      return `コメント：${text(a.body)}`;
    case 'resolution.propose':
      return `処理を提案：${resolution()}${a.requiresApproval ? '・承認待ち' : ''}`;
    case 'resolution.apply':
      return `処理を反映：${resolution()}・提案 ${text(a.proposedBy)}${deputy}`;
    case 'resolution.reject':
      return `提案を差戻し${deputy}`;
    case 'resolution.withdraw':
      return `提案を取下げ（提案 ${text(a.proposedBy)}）${deputy}`;
    default:
      return action;
  }
}

export function CaseHistory({ history }: { history: HistoryEntry[] }) {
  return (
    <section className="card panel" aria-labelledby="history-title">
      <h2 id="history-title">対応履歴（監査記録）</h2>
      {history.length === 0 ? (
        <p className="muted">まだ記録はありません。</p>
      ) : (
        <DataTable
          head={
            <>
              <th scope="col">日時</th>
              <th scope="col">操作者</th>
              <th scope="col">内容</th>
              <th scope="col">理由</th>
            </>
          }
        >
          {history.map((h) => (
            <tr key={h.id}>
              <td className="nowrap">{dateTime(h.at)}</td>
              <td>{h.actor === 'system' ? 'system（自動）' : h.actor}</td>
              <td>{describe(h)}</td>
              <td>{h.reason ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
