import { FormEvent, useState } from 'react';
import { nextStatuses } from '../../../src/common/exception-lifecycle';
import type { Schemas } from '../api';
import { statusLabel } from '../labels';
import { Assignee, AssigneeSelect } from './Assignees';

type ExceptionStatus = Schemas['ExceptionStatus'];

interface Props {
  status: ExceptionStatus;
  /** A proposal waits for approval: the server refuses every status move until it is decided or withdrawn. */
  pending: boolean;
  assignee: string | null;
  me: string;
  assignees: Assignee[] | undefined;
  onAssign(assignee: string, reason: string): Promise<boolean>;
  onStatus(status: ExceptionStatus, reason: string): Promise<boolean>;
}

/**
 * 担当と状態: who works on the case, and taking it up or handing it back; both with a reason. Only the
 * moves a person may make by hand are offered (the server's life cycle): a resolution closes a case.
 */
export function CaseAssignment({ status, pending, assignee, me, assignees, onAssign, onStatus }: Props) {
  const next = pending ? [] : nextStatuses(status, 'person');
  return (
    <section className="card panel" aria-labelledby="assign-title">
      <h2 id="assign-title">担当と状態</h2>
      <AssignForm current={assignee ?? me} assignees={assignees} onAssign={onAssign} />
      {next.length > 0 && <StatusForm key={status} next={next} onStatus={onStatus} />}
    </section>
  );
}

function AssignForm({ current, assignees, onAssign }: { current: string; assignees: Assignee[] | undefined; onAssign: Props['onAssign'] }) {
  const [assignee, setAssignee] = useState(current);
  const [reason, setReason] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onAssign(assignee, reason)) setReason('');
  }

  return (
    <form onSubmit={submit} className="stack">
      <AssigneeSelect label="担当者" value={assignee} onChange={setAssignee} assignees={assignees} required />
      <label>
        理由
        <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} placeholder="例: 11月分の担当" />
      </label>
      <div>
        <button type="submit">担当者を設定</button>
      </div>
    </form>
  );
}

function StatusForm({ next, onStatus }: { next: ExceptionStatus[]; onStatus: Props['onStatus'] }) {
  const [status, setStatus] = useState(next[0]);
  const [reason, setReason] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onStatus(status, reason)) setReason('');
  }

  return (
    <form onSubmit={submit} className="stack">
      <label>
        状態を変更
        <select value={status} onChange={(e) => setStatus(e.target.value as ExceptionStatus)}>
          {next.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        理由
        <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
      </label>
      <div>
        <button type="submit">状態を変更</button>
      </div>
    </form>
  );
}
