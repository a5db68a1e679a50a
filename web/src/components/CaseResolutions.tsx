import { FormEvent, useState } from 'react';
import { dateTime, yen } from '../format';
import { RESOLUTION_LABELS } from '../labels';
import type { Resolution } from '../types/api';

const STATES: Record<Resolution['status'], { label: string; tone: string }> = {
  proposed: { label: '承認待ち', tone: 'warn' },
  applied: { label: '反映済', tone: 'ok' },
  rejected: { label: '差戻し', tone: 'bad' },
};

export type Decision = 'approve' | 'reject';

/** Every resolution of the case, the rejected ones too (nothing is erased). */
export function ResolutionTable({ resolutions }: { resolutions: Resolution[] }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>処理の記録</caption>
        <thead>
          <tr>
            <th scope="col">処理</th>
            <th scope="col" className="num">
              金額
            </th>
            <th scope="col">状態</th>
            <th scope="col">提案</th>
            <th scope="col">判断</th>
          </tr>
        </thead>
        <tbody>
          {resolutions.map((r) => (
            <tr key={r.id}>
              <td>
                #{r.id} {RESOLUTION_LABELS[r.action] ?? r.action}
              </td>
              <td className="num">{yen(r.amount)}</td>
              <td>
                <span className={`badge ${STATES[r.status].tone}`}>{STATES[r.status].label}</span>
              </td>
              <td>
                {r.proposedBy}・{dateTime(r.proposedAt)}
                <span className="sub">{r.reason}</span>
              </td>
              <td>
                {r.decidedBy ?? '—'}
                {r.decisionReason && <span className="sub">{r.decisionReason}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ApprovalProps {
  resolution: Resolution;
  /** Only managers decide; others see that it waits. */
  canDecide: boolean;
  ownProposal: boolean;
  onDecide(decision: Decision, reason: string): Promise<boolean>;
}

/** 承認 / 差戻し of a proposal (four-eyes: by a manager other than the proposer). */
export function ApprovalBox({ resolution, canDecide, ownProposal, onDecide }: ApprovalProps) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function decide(decision: Decision) {
    setBusy(true);
    if (await onDecide(decision, reason)) setReason('');
    setBusy(false);
  }

  return (
    <div className="approval">
      <h3>承認待ちの提案</h3>
      <dl className="fields">
        <dt>処理</dt>
        <dd>
          #{resolution.id} {RESOLUTION_LABELS[resolution.action] ?? resolution.action}
        </dd>
        <dt>金額</dt>
        <dd>{yen(resolution.amount)}</dd>
        <dt>提案者</dt>
        <dd>
          {resolution.proposedBy}（{dateTime(resolution.proposedAt)}）
        </dd>
        <dt>提案の理由</dt>
        <dd>{resolution.reason}</dd>
      </dl>
      {!canDecide ? (
        <p className="muted">課長の承認を待っています。承認されると反映されます。</p>
      ) : (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void decide('approve');
          }}
        >
          {ownProposal && <p className="muted">ご自身の提案です。承認は別の課長が行います。</p>}
          <label>
            承認・差戻しの理由（必須）
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              承認する
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={(e) => {
                // Same required-reason check as the submit button, before rejecting.
                if (e.currentTarget.form?.reportValidity()) void decide('reject');
              }}
            >
              差し戻す
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
