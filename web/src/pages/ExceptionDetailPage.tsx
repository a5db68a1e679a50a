import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { ActionStatus, useActionStatus } from '../components/ActionStatus';
import { Assignee, assigneeName, useAssignees } from '../components/Assignees';
import { BillPayments } from '../components/BillPayments';
import { CaseAssignment } from '../components/CaseAssignment';
import { CaseComments } from '../components/CaseComments';
import { CaseHistory } from '../components/CaseHistory';
import { ApprovalBox, Decision, ResolutionTable } from '../components/CaseResolutions';
import { EvidenceCard } from '../components/EvidenceCard';
import { ExceptionStatusBadge } from '../components/ExceptionStatusBadge';
import { ErrorMessage, Loading } from '../components/Feedback';
import { DialogStart, ResolutionDialog, ResolveResult } from '../components/ResolutionDialog';
import { actionsFor, isProposal, NEXT_STEP, ResolutionAction } from '../components/resolutionActions';
import { dateTime, dateWithWareki, isBillNumber, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { channelLabel, RESOLUTION_LABELS, statusLabel } from '../labels';

/** Exceptions about the money reaching the account: the 入金照合 screen shows their payout among the month's. */
const DEPOSIT_TYPES: string[] = ['deposit_missing', 'deposit_amount_mismatch', 'unexpected_deposit', 'cash_not_deposited'];

type ExceptionDetail = Schemas['ExceptionDetailDto'];
type ExceptionStatus = Schemas['ExceptionStatus'];

const CLOSED: ExceptionStatus[] = ['resolved', 'dismissed'];

function resolvedMessage(action: ResolutionAction, result: ResolveResult): string {
  const label = `「${RESOLUTION_LABELS[action]}」`;
  return result.status === 'proposed'
    ? `${label}を提案しました（処理 #${result.resolutionId}）。別の課長が承認すると反映されます。`
    : `${label}を登録しました（処理 #${result.resolutionId}）。例外は「${statusLabel(action === 'dismiss' ? 'dismissed' : 'resolved')}」になりました。`;
}

export function ExceptionDetailPage() {
  const { id = '' } = useParams();
  // Another case (a link from the evidence card) starts afresh: no message or open dialog carried over.
  return <CasePage key={id} id={id} />;
}

function CasePage({ id }: { id: string }) {
  const { user, hasRole } = useAuth();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '';
  // Bumped after every action: the case, its evidence and its bill load again.
  const [version, setVersion] = useState(0);
  const detail = useLoad(() => ok(api.GET('/api/exceptions/{id}', { params: { path: { id: Number(id) } } })), [id, version]);
  const paymentId = detail.data?.paymentId;
  const evidence = useLoad(
    () => (paymentId ? ok(api.GET('/api/payments/{id}/evidence', { params: { path: { id: paymentId } } })) : Promise.resolve(null)),
    [paymentId, version],
  );
  const assignees = useAssignees();
  const status = useActionStatus();
  useTitle(detail.data ? `例外 #${id} ${detail.data.typeLabel}` : `例外 #${id}`);

  async function act(action: () => Promise<string>): Promise<boolean> {
    const done = await status.run(action);
    if (done) setVersion((v) => v + 1);
    return done;
  }

  const exception = detail.data;
  return (
    <>
      <p className="back-link">
        <Link to={`/exceptions${from}`}>← 例外一覧へ戻る</Link>
      </p>
      <h1>
        例外 #{id}
        {exception && `：${exception.typeLabel}`}
      </h1>
      <ActionStatus outcome={status.outcome} statusRef={status.ref} />
      <ErrorMessage error={detail.error} />
      {detail.loading && !exception && <Loading />}
      {exception && user && (
        <ExceptionCase
          exception={exception}
          evidence={evidence}
          assignees={assignees.data}
          assigneesError={assignees.error}
          me={user.loginName}
          canAct={hasRole('staff', 'manager')}
          canDecide={hasRole('manager')}
          version={version}
          act={act}
        />
      )}
    </>
  );
}

interface CaseProps {
  exception: ExceptionDetail;
  evidence: { data: Schemas['EvidenceDto'] | null | undefined; error: Error | undefined; loading: boolean };
  assignees: Assignee[] | undefined;
  assigneesError: Error | undefined;
  me: string;
  canAct: boolean;
  canDecide: boolean;
  version: number;
  act(action: () => Promise<string>): Promise<boolean>;
}

function ExceptionCase({ exception, evidence, assignees, assigneesError, me, canAct, canDecide, version, act }: CaseProps) {
  const [dialogStart, setDialogStart] = useState<DialogStart>();
  // 消込取消 needs a match that still stands; offering it without one only earns a refusal.
  const actions = actionsFor(exception.type).filter((a) => a !== 'undo_match' || evidence.data?.matches.some((m) => m.standing));
  const thisCase = { params: { path: { id: exception.id } } };
  const canResolve = canAct && !CLOSED.includes(exception.status);

  const assign = (assignee: string, reason: string) =>
    act(async () => {
      await ok(api.POST('/api/exceptions/{id}/assign', { ...thisCase, body: { assignee, reason } }));
      return `担当者を ${assigneeName(assignees, assignee)} に設定しました。`;
    });
  const changeStatus = (next: ExceptionStatus, reason: string) =>
    act(async () => {
      await ok(api.POST('/api/exceptions/{id}/status', { ...thisCase, body: { status: next, reason } }));
      return `状態を「${statusLabel(next)}」に変更しました。`;
    });
  const comment = (body: string) =>
    act(async () => {
      await ok(api.POST('/api/exceptions/{id}/comments', { ...thisCase, body: { body } }));
      return 'コメントを追加しました。';
    });
  const decide = (resolutionId: number, decision: Decision, reason: string) =>
    act(async () => {
      await ok(api.POST(`/api/resolutions/{id}/${decision}`, { params: { path: { id: resolutionId } }, body: { reason } }));
      if (decision === 'approve') {
        const closesAs = exception.resolutions.find((r) => r.id === resolutionId)?.action === 'dismiss' ? 'dismissed' : 'resolved';
        return `処理 #${resolutionId} を承認しました。処理が反映され、例外は「${statusLabel(closesAs)}」になりました。`;
      }
      const done = decision === 'reject' ? '差し戻しました' : '取り下げました';
      return `処理 #${resolutionId} を${done}。例外は「確認中」のまま残ります。`;
    });
  const pending = exception.resolutions.some((r) => r.status === 'proposed');

  return (
    <>
      <CaseSummary exception={exception} assignees={assignees} />
      <section className="card panel next-step" aria-labelledby="resolve-title">
        <h2 id="resolve-title">処理</h2>
        <ResolvePanel
          exception={exception}
          actions={actions}
          canResolve={canResolve}
          canDecide={canDecide}
          me={me}
          onStart={setDialogStart}
          onDecide={decide}
        />
        {exception.resolutions.length > 0 && <ResolutionTable resolutions={exception.resolutions} />}
      </section>
      <div className="case-grid">
        <div>
          <ErrorMessage error={evidence.error} />
          {evidence.loading && !evidence.data && exception.paymentId && <Loading label="根拠カードを読み込み中…" />}
          {evidence.data && (
            <EvidenceCard
              evidence={evidence.data}
              exceptionId={exception.id}
              showCandidates={actions.includes('manual_match')}
              onMatchCandidate={
                canResolve && actions.includes('manual_match') ? (billId) => setDialogStart({ action: 'manual_match', billId }) : undefined
              }
            />
          )}
          {isBillNumber(exception.billNumber) && (
            <BillPayments billNumber={exception.billNumber} paymentId={exception.paymentId} version={version} />
          )}
          <CaseHistory history={exception.history} />
        </div>
        <div>
          <ErrorMessage error={assigneesError} />
          {canResolve && (
            <CaseAssignment
              status={exception.status}
              pending={pending}
              assignee={exception.assignee}
              me={me}
              assignees={assignees}
              onAssign={assign}
              onStatus={changeStatus}
            />
          )}
          <CaseComments comments={exception.comments} onAdd={canAct ? comment : undefined} />
        </div>
      </div>
      {canResolve && (
        <ResolutionDialog
          exception={exception}
          evidence={evidence.data}
          actions={actions}
          initial={dialogStart}
          onClose={() => setDialogStart(undefined)}
          onResolved={(action, result) => void act(async () => resolvedMessage(action, result))}
        />
      )}
    </>
  );
}

function CaseSummary({ exception: e, assignees }: { exception: ExceptionDetail; assignees: Assignee[] | undefined }) {
  return (
    <section className="card case-summary" aria-label="例外の概要">
      <dl className="fields">
        <dt>状態</dt>
        <dd>
          <ExceptionStatusBadge status={e.status} />
        </dd>
        <dt>担当者</dt>
        <dd>{e.assignee ? assigneeName(assignees, e.assignee) : '未設定'}</dd>
        <dt>チャネル</dt>
        <dd>{channelLabel(e.channel)}</dd>
        <dt>科目コード</dt>
        <dd>{e.category ?? '—'}</dd>
        <dt>納付番号</dt>
        <dd className="mono">{e.billNumber ?? '—'}</dd>
        <dt>取引番号</dt>
        <dd className="mono">{e.paymentRef ?? '—'}</dd>
        <dt>納付日</dt>
        <dd>{dateWithWareki(e.paidOn)}</dd>
        <dt>調定額／納付額</dt>
        <dd>
          {yen(e.expectedAmount)}／{yen(e.paidAmount)}
        </dd>
        <dt>取込ファイル</dt>
        <dd>{e.fileName ?? '—'}</dd>
        <dt>検出日時</dt>
        <dd>{dateTime(e.createdAt)}</dd>
        <dt className="wide">内容</dt>
        <dd className="wide">{e.detail}</dd>
        {e.resolution && (
          <>
            <dt className="wide">処理結果</dt>
            <dd className="wide">
              {e.resolution}（{e.resolvedBy}）
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

interface PanelProps {
  exception: ExceptionDetail;
  actions: ResolutionAction[];
  canResolve: boolean;
  canDecide: boolean;
  me: string;
  onStart(start: DialogStart): void;
  onDecide(resolutionId: number, decision: Decision, reason: string): Promise<boolean>;
}

/** What to do next, the button for each fitting action, or the proposal waiting for approval. */
function ResolvePanel({ exception, actions, canResolve, canDecide, me, onStart, onDecide }: PanelProps) {
  const pending = exception.resolutions.find((r) => r.status === 'proposed');
  const step = NEXT_STEP[exception.type];
  if (CLOSED.includes(exception.status)) {
    return <p>この例外は「{statusLabel(exception.status)}」です。</p>;
  }
  return (
    <>
      <p className="next-step-text">{step.text}</p>
      {DEPOSIT_TYPES.includes(exception.type) && exception.paidOn && (
        <p>
          <Link to={`/deposits?month=${exception.paidOn.slice(0, 7)}`}>入金照合でこの月の入金を見る</Link>
        </p>
      )}
      {pending ? (
        <ApprovalBox
          resolution={pending}
          canDecide={canDecide}
          ownProposal={pending.proposedBy === me}
          onDecide={(decision, reason) => onDecide(pending.id, decision, reason)}
        />
      ) : canResolve ? (
        <div className="actions">
          {actions.map((a) => (
            <button key={a} type="button" className={a === step.recommended ? 'primary' : undefined} onClick={() => onStart({ action: a })}>
              {RESOLUTION_LABELS[a]}
              {isProposal(a, exception.type) ? 'を提案…' : '…'}
            </button>
          ))}
        </div>
      ) : (
        <p className="muted">閲覧のみです（処理は会計課の職員・課長が行います）。</p>
      )}
    </>
  );
}
