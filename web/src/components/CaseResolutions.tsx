import { FormEvent, useState } from 'react';
import type { Schemas } from '../api';
import { dateTime, yen } from '../format';
import { RESOLUTION_LABELS } from '../labels';
import { DataTable } from './DataTable';

type Resolution = Schemas['ResolutionDto'];

const STATES: Record<Schemas['ResolutionStatus'], { label: string; tone: string }> = {
  proposed: { label: '承認待ち', tone: 'warn' },
  applied: { label: '反映済', tone: 'ok' },
  rejected: { label: '差戻し', tone: 'bad' },
  withdrawn: { label: '取下げ', tone: '' },
};

export type Decision = 'approve' | 'reject' | 'withdraw';

/** 代決: the decision of the manager named as the 課長's deputy. */
export function DeputyMark({ deputy }: { deputy: boolean }) {
  return deputy ? (
    <span className="badge warn" title="課長の代決者による判断">
      代決
    </span>
  ) : null;
}

/** Every resolution of the case, the rejected ones too (nothing is erased). */
export function ResolutionTable({ resolutions }: { resolutions: Resolution[] }) {
  return (
    <DataTable
      caption="処理の記録"
      head={
        <>
          <th scope="col">処理</th>
          <th scope="col" className="num">
            金額
          </th>
          <th scope="col">状態</th>
          <th scope="col">提案</th>
          <th scope="col">判断</th>
        </>
      }
    >
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
            {r.decidedBy ?? '—'} <DeputyMark deputy={r.decidedByDeputy} />
            {r.decisionReason && <span className="sub">{r.decisionReason}</span>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

interface ApprovalProps {
  resolution: Resolution;
  /** Only managers approve or reject, never their own proposal. */
  canDecide: boolean;
  ownProposal: boolean;
  onDecide(decision: Decision, reason: string): Promise<boolean>;
}

/**
 * The proposal waiting for approval: 承認 / 差戻し by a manager other than the proposer (four-eyes), and
 * 取下げ by the proposer or a manager. While it waits nothing else moves the case.
 */
export function ApprovalBox({ resolution, canDecide, ownProposal, onDecide }: ApprovalProps) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const mayApprove = canDecide && !ownProposal;
  const mayWithdraw = canDecide || ownProposal;

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
      {!mayApprove && (
        <p className="muted">
          課長の承認を待っています。承認されると反映されます。承認・差戻し・取下げまで、この例外の状態は変わりません。
          {ownProposal && ' ご自身の提案です。承認は別の課長が行います。取り下げることはできます。'}
        </p>
      )}
      {mayWithdraw && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void decide(mayApprove ? 'approve' : 'withdraw');
          }}
        >
          <label>
            {mayApprove ? '承認・差戻し・取下げの理由（必須）' : '取下げの理由（必須）'}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
          </label>
          <div className="actions">
            {mayApprove && (
              <>
                <button type="submit" className="primary" disabled={busy}>
                  承認する
                </button>
                <DecisionButton label="差し戻す" className="danger" busy={busy} onClick={() => void decide('reject')} />
              </>
            )}
            <DecisionButton label="提案を取り下げる" busy={busy} onClick={() => void decide('withdraw')} />
          </div>
        </form>
      )}
    </div>
  );
}

/** A button that checks the required reason as submitting does, then decides. */
function DecisionButton({ label, className, busy, onClick }: { label: string; className?: string; busy: boolean; onClick(): void }) {
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={(e) => {
        if (e.currentTarget.form?.reportValidity()) onClick();
      }}
    >
      {label}
    </button>
  );
}
