import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api, ok, Schemas } from '../api';
import { dateWithWareki, isBillNumber, yen } from '../format';
import { useLoad } from '../hooks';
import { RESOLUTION_LABELS } from '../labels';
import { ErrorMessage, Loading } from './Feedback';
import { actionHelp, isProposal, MONEY_MOVING, ResolutionAction } from './resolutionActions';

type Bill = Schemas['BillDto'];
type Evidence = Schemas['EvidenceDto'];
type ExceptionDetail = Schemas['ExceptionDetailDto'];
export type ResolveResult = Schemas['ResolveResultDto'];

export interface DialogStart {
  action: ResolutionAction;
  billId?: number;
}

interface Props {
  exception: ExceptionDetail;
  evidence: Evidence | null | undefined;
  actions: ResolutionAction[];
  /** The action (and bill) chosen when the dialog opens; undefined keeps it closed. */
  initial: DialogStart | undefined;
  onClose(): void;
  onResolved(action: ResolutionAction, result: ResolveResult): void;
}

const CHOOSES_TARGET: ResolutionAction[] = ['manual_match', 'apply_to_bill', 'undo_match'];

/** What of this payment no match has used yet: what a 還付 would pay back. */
function unapplied(evidence: Evidence): number {
  return evidence.payment.amount - evidence.matches.reduce((sum, m) => sum + m.appliedAmount, 0);
}

/** 処理の登録: a native modal dialog, so focus stays inside and Esc closes it. */
export function ResolutionDialog({ exception, evidence, actions, initial, onClose, onResolved }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const [action, setAction] = useState<ResolutionAction>(initial?.action ?? actions[0]);
  const [billId, setBillId] = useState<number>();
  const [matchId, setMatchId] = useState<number>();
  const [entryId, setEntryId] = useState<number>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  // A new start resets the choices while rendering (React's way to reset state on a prop), then the effect opens it.
  const [started, setStarted] = useState(initial);
  if (initial !== started) {
    setStarted(initial);
    if (initial) {
      setAction(initial.action);
      setBillId(initial.billId);
      setMatchId(undefined);
      setError(undefined);
    }
  }

  useEffect(() => {
    if (!initial) return;
    dialog.current?.showModal();
    // With nothing left to choose, straight to the reason; otherwise showModal focuses the first choice.
    if (initial.billId || !CHOOSES_TARGET.includes(initial.action)) reasonField.current?.focus();
  }, [initial]);

  function choose(next: ResolutionAction) {
    setAction(next);
    setBillId(undefined);
    setMatchId(undefined);
    setError(undefined);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await ok(
        api.POST('/api/exceptions/{id}/resolve', {
          params: { path: { id: exception.id } },
          body: {
            action,
            reason,
            billId: action === 'manual_match' || action === 'apply_to_bill' ? billId : undefined,
            matchId: action === 'undo_match' ? matchId : undefined,
            statementEntryId: action === 'link_deposit' ? entryId : undefined,
          },
        }),
      );
      setReason('');
      dialog.current?.close();
      onResolved(action, result);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const needsBill = action === 'manual_match' || action === 'apply_to_bill';
  const proposal = isProposal(action, exception.type);
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={onClose} className="resolution-dialog">
      <form onSubmit={submit}>
        <h2 id={titleId}>
          処理の登録（例外 #{exception.id} {exception.typeLabel}）
        </h2>
        <fieldset className="action-choice">
          <legend>処理の種類</legend>
          {actions.map((a) => (
            <label key={a} className="inline">
              <input type="radio" name="action" value={a} checked={action === a} onChange={() => choose(a)} />
              {RESOLUTION_LABELS[a]}
            </label>
          ))}
        </fieldset>
        <p>{actionHelp(action, exception.writeOffLimit)}</p>
        <ActionFields
          action={action}
          exception={exception}
          evidence={evidence}
          billId={billId}
          onBill={setBillId}
          matchId={matchId}
          onMatch={setMatchId}
        />
        {action === 'link_deposit' && (
          <label>
            紐付ける入金の入金明細ID（入金照合の詳細に表示）
            <input type="number" min={1} required value={entryId ?? ''} onChange={(e) => setEntryId(Number(e.target.value) || undefined)} />
          </label>
        )}
        <label>
          理由（必須・監査記録に残ります）
          <textarea
            ref={reasonField}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={2000}
            placeholder={`例: ${exception.typeLabel}のため${RESOLUTION_LABELS[action]}`}
          />
        </label>
        {proposal && (
          <p className="muted">
            {action === 'accept_fee_difference'
              ? '入金額の差を受け入れるには、理由を添えて別の課長の承認が必要です。承認した時点で閉じます。'
              : MONEY_MOVING.includes(action)
                ? 'お金が動く処理は原則として「提案」になり、別の課長が承認した時点で反映されます。'
                : 'お金が残っている例外を「対応不要」で閉じるには、別の課長の承認が必要です。承認した時点で閉じます。'}
          </p>
        )}
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || (needsBill && !billId) || (action === 'undo_match' && !matchId)}>
            {busy ? '登録中…' : proposal ? `「${RESOLUTION_LABELS[action]}」を提案する` : `「${RESOLUTION_LABELS[action]}」で閉じる`}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            キャンセル
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface FieldsProps {
  action: ResolutionAction;
  exception: ExceptionDetail;
  evidence: Evidence | null | undefined;
  billId: number | undefined;
  onBill(id: number): void;
  matchId: number | undefined;
  onMatch(id: number): void;
}

/** What a choice of the bill the money goes to takes: the evidence, the bill chosen and how to choose one. */
type TargetBillProps = Pick<FieldsProps, 'evidence' | 'billId' | 'onBill'>;

/** The one thing each action needs besides a reason: a bill, a match, or just the amount it will move. */
function ActionFields({ action, exception, evidence, billId, onBill, matchId, onMatch }: FieldsProps) {
  switch (action) {
    case 'refund':
      return <Amount label="還付額（見込み）" amount={evidence ? unapplied(evidence) : exception.paidAmount} />;
    case 'write_off':
      return (
        <Amount
          label={`端数処理する不足額（上限 ${yen(exception.writeOffLimit)}）`}
          amount={
            exception.expectedAmount !== null && exception.paidAmount !== null ? exception.expectedAmount - exception.paidAmount : null
          }
        />
      );
    case 'manual_match':
      return <ManualMatchChoice evidence={evidence} billId={billId} onBill={onBill} />;
    case 'apply_to_bill':
      return <SamePayerChoice evidence={evidence} billId={billId} onBill={onBill} />;
    case 'undo_match':
      return <MatchChoice evidence={evidence} matchId={matchId} onMatch={onMatch} />;
    default:
      return null;
  }
}

function Amount({ label, amount }: { label: string; amount: number | null }) {
  return (
    <dl className="fields">
      <dt>{label}</dt>
      <dd className="dialog-amount">{yen(amount)}</dd>
    </dl>
  );
}

interface BillOption {
  billId: number;
  billNumber: string;
  openAmount: number;
  dueDate: string;
  note: string;
}

interface BillChoiceProps {
  legend: string;
  options: BillOption[];
  /** What of the payment is still unapplied: a bill takes at most its open amount of it. */
  available: number | undefined;
  billId: number | undefined;
  onBill(id: number): void;
}

function BillChoice({ legend, options, available, billId, onBill }: BillChoiceProps) {
  return (
    <fieldset className="bill-choice">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.billId} className="inline">
          <input type="radio" name="billId" checked={billId === o.billId} onChange={() => onBill(o.billId)} required />
          <span>
            <span className="mono">{o.billNumber}</span> 未納 {yen(o.openAmount)}・納期限 {dateWithWareki(o.dueDate)}
            <span className="sub">
              {o.note}
              {available !== undefined && `・この処理で ${yen(Math.min(available, o.openAmount))}`}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

const fromBill = (b: Bill): BillOption => ({
  billId: b.id,
  billNumber: b.billNumber,
  openAmount: b.openAmount,
  dueDate: b.effectiveDueDate,
  note: `${b.categoryName} ${b.fiscalYear}年度 第${b.installment}期`,
});

/** 手動消込: one of the nearest bills of the 根拠カード, or one found by its 納付番号. */
function ManualMatchChoice({ evidence, billId, onBill }: TargetBillProps) {
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<Bill[]>([]);
  const [error, setError] = useState<unknown>();
  const candidates: BillOption[] = (evidence?.candidates ?? []).map((c) => ({
    billId: c.billId,
    billNumber: c.billNumber,
    openAmount: c.openAmount,
    dueDate: c.effectiveDueDate,
    note: c.differences.join('、') || '納付と一致',
  }));
  const options = [...candidates, ...found.filter((b) => !candidates.some((c) => c.billId === b.id)).map(fromBill)];

  async function search() {
    setError(undefined);
    try {
      const page = await ok(api.GET('/api/bills', { params: { query: { billNumber: number, balance: 'open', status: 'active' } } }));
      setFound(page.items);
      if (page.items.length === 0) setError(new Error(`納付番号 ${number} の未納の調定はありません`));
      else onBill(page.items[0].id);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      {options.length > 0 ? (
        <BillChoice
          legend="消込先の調定（候補）"
          options={options}
          available={evidence ? unapplied(evidence) : undefined}
          billId={billId}
          onBill={onBill}
        />
      ) : (
        <p className="muted">近い調定の候補はありません。納付番号で探してください。</p>
      )}
      <div className="filters">
        <label>
          納付番号で探す（16桁）
          <input
            value={number}
            onChange={(e) => setNumber(e.target.value.trim())}
            inputMode="numeric"
            pattern="\d{16}"
            maxLength={16}
            size={20}
          />
        </label>
        <button type="button" onClick={() => void search()} disabled={!isBillNumber(number)}>
          探す
        </button>
      </div>
      <ErrorMessage error={error} />
    </>
  );
}

/** 充当: only to an open bill of the same 宛名番号 (the server refuses any other). */
function SamePayerChoice({ evidence, billId, onBill }: TargetBillProps) {
  const payerId = evidence?.bill?.payerId;
  const bills = useLoad(
    () =>
      payerId ? ok(api.GET('/api/bills', { params: { query: { payerId, balance: 'open', status: 'active' } } })) : Promise.resolve(null),
    [payerId],
  );
  if (!payerId) return <p className="muted">納付者（宛名番号）が分からないため充当できません。還付してください。</p>;
  if (bills.loading) return <Loading label="同じ納付者の未納の調定を読み込み中…" />;
  if (bills.error) return <ErrorMessage error={bills.error} />;
  const options = (bills.data?.items ?? []).filter((b) => b.id !== evidence?.bill?.id).map(fromBill);
  if (options.length === 0) return <p className="muted">宛名番号 {payerId} の未納の調定はほかにありません。還付してください。</p>;
  return (
    <BillChoice
      legend={`充当先の調定（宛名番号 ${payerId} の未納）`}
      options={options}
      available={evidence ? unapplied(evidence) : undefined}
      billId={billId}
      onBill={onBill}
    />
  );
}

/** 消込取消: a match of this payment that still stands. */
function MatchChoice({
  evidence,
  matchId,
  onMatch,
}: {
  evidence: Evidence | null | undefined;
  matchId: number | undefined;
  onMatch(id: number): void;
}) {
  const standing = evidence?.matches.filter((m) => m.standing) ?? [];
  if (standing.length === 0) return <p className="muted">取り消せる消込はありません。</p>;
  return (
    <fieldset className="bill-choice">
      <legend>取り消す消込</legend>
      {standing.map((m) => (
        <label key={m.id} className="inline">
          <input type="radio" name="matchId" checked={matchId === m.id} onChange={() => onMatch(m.id)} required />
          <span>
            消込 #{m.id}：<span className="mono">{m.billNumber}</span> へ {yen(m.appliedAmount)}（{m.rule}）
          </span>
        </label>
      ))}
    </fieldset>
  );
}
