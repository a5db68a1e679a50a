import { useId } from 'react';
import { Link } from 'react-router-dom';
import type { Schemas } from '../api';
import { dateWithWareki, yen } from '../format';
import { channelLabel, statusLabel, typeLabel } from '../labels';
import { DataTable } from './DataTable';

export const PAYMENT_STATES: Record<Schemas['PaymentState'], string> = { preliminary: '速報', final: '確報', cancelled: '取消' };
export const BILL_STATES: Record<Schemas['BillStatus'], string> = { active: '有効', cancelled: '取消' };

/** The compared values as staff read them: yen for amounts, 和暦 beside dates. */
function shown(field: string, value: string | null): string {
  if (value === null) return '—';
  if (field.startsWith('金額')) return yen(Number(value));
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dateWithWareki(value);
  return (BILL_STATES as Record<string, string>)[value] ?? value;
}

interface Props {
  evidence: Schemas['EvidenceDto'];
  /** The case on screen, if any: the payment's other exceptions link to theirs. */
  exceptionId?: number;
  /** The nearest bills matter only where 手動消込 fits (unknown or invalid 納付番号). */
  showCandidates: boolean;
  /** Offered beside each candidate bill when 手動消込 fits this exception. */
  onMatchCandidate?(billId: number): void;
}

/** 根拠カード: why the payment ended as it did, so the decision rests on the record and not on a guess. */
export function EvidenceCard({ evidence, exceptionId, showCandidates, onMatchCandidate }: Props) {
  const { payment, bill } = evidence;
  const titleId = useId();
  return (
    <section className="card panel" aria-labelledby={titleId}>
      <h2 id={titleId}>根拠カード</h2>
      <p>
        <strong>判定：</strong>
        {evidence.rule ? `消込済み（${evidence.rule}）` : 'この納付はどの調定にも消し込まれていません。'}
      </p>
      {evidence.exceptions.length > 0 && (
        <>
          <h3>例外になった理由</h3>
          <ul>
            {evidence.exceptions.map((e) => (
              <li key={e.id}>
                {e.id === exceptionId ? (
                  `#${e.id} ${typeLabel(e.type)}`
                ) : (
                  <Link to={`/exceptions/${e.id}`}>
                    #{e.id} {typeLabel(e.type)}
                  </Link>
                )}
                （{statusLabel(e.status)}）：{e.detail}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>納付</h3>
      <dl className="fields">
        <dt>チャネル</dt>
        <dd>{channelLabel(payment.channel)}</dd>
        <dt>納付番号</dt>
        <dd>
          <span className="mono">{payment.billNumber ?? '—'}</span>{' '}
          {payment.referenceValid ? (
            <span className="badge ok">チェックデジット正常</span>
          ) : (
            <span className="badge bad">チェックデジット不一致</span>
          )}
        </dd>
        <dt>取引番号</dt>
        <dd className="mono">{payment.paymentRef ?? '—'}</dd>
        <dt>納付日時</dt>
        <dd>
          {dateWithWareki(payment.paidOn)} {payment.paidTime?.slice(0, 5)}
        </dd>
        <dt>納付額</dt>
        <dd>{yen(payment.amount)}</dd>
        <dt>状態</dt>
        <dd>
          {PAYMENT_STATES[payment.state]}（速報{payment.hasPreliminary ? 'あり' : 'なし'}・確報{payment.hasFinal ? 'あり' : 'なし'}）
        </dd>
        <dt>納付者</dt>
        <dd>{payment.payerNameMasked ?? '—'}</dd>
        <dt>取込ファイル</dt>
        <dd>
          {payment.fileName}（{payment.line}行目）
        </dd>
      </dl>

      <DataTable
        caption="照合した項目"
        head={
          <>
            <th scope="col">項目</th>
            <th scope="col">納付</th>
            <th scope="col">調定</th>
            <th scope="col">結果</th>
          </>
        }
      >
        {evidence.comparisons.map((c) => (
          <tr key={c.field}>
            <th scope="row">{c.field}</th>
            <td>{shown(c.field, c.payment)}</td>
            <td>{shown(c.field, c.bill)}</td>
            <td>{c.agrees ? <span className="badge ok">一致</span> : <span className="badge bad">不一致</span>}</td>
          </tr>
        ))}
      </DataTable>

      {bill && (
        <>
          <h3>調定の残額</h3>
          <p>
            調定 <span className="mono">{bill.billNumber}</span>（調定額 {yen(bill.amount)}・実効納期限{' '}
            {dateWithWareki(bill.effectiveDueDate)}・{BILL_STATES[bill.status]}）
          </p>
          <p className="open-amounts">
            この納付の前 <strong>{yen(bill.openBefore)}</strong> → 後 <strong>{yen(bill.openAfter)}</strong>
          </p>
        </>
      )}

      {evidence.matches.length > 0 && (
        <DataTable
          caption="消込の記録"
          head={
            <>
              <th scope="col">番号</th>
              <th scope="col">種類</th>
              <th scope="col">調定</th>
              <th scope="col" className="num">
                額
              </th>
              <th scope="col">ルールと理由</th>
              <th scope="col">登録者</th>
            </>
          }
        >
          {evidence.matches.map((m) => (
            <tr key={m.id}>
              <td>#{m.id}</td>
              <td>{m.kind === 'apply' ? (m.standing ? '消込（有効）' : '消込（取消済）') : '消込取消'}</td>
              <td className="mono">{m.billNumber}</td>
              <td className="num">{yen(m.appliedAmount)}</td>
              <td>
                {m.rule}：{m.reason}
              </td>
              <td>{m.createdBy}</td>
            </tr>
          ))}
        </DataTable>
      )}

      {showCandidates && evidence.candidates.length > 0 && (
        <DataTable
          caption="近い調定（候補）"
          head={
            <>
              <th scope="col">納付番号</th>
              <th scope="col" className="num">
                未納額
              </th>
              <th scope="col">実効納期限</th>
              <th scope="col">納付との違い</th>
              {onMatchCandidate && <th scope="col">操作</th>}
            </>
          }
        >
          {evidence.candidates.map((c) => (
            <tr key={c.billId}>
              <td className="mono">{c.billNumber}</td>
              <td className="num">{yen(c.openAmount)}</td>
              <td className="nowrap">{dateWithWareki(c.effectiveDueDate)}</td>
              <td>{c.differences.join('、') || 'なし'}</td>
              {onMatchCandidate && (
                <td>
                  <button type="button" onClick={() => onMatchCandidate(c.billId)} aria-label={`${c.billNumber} に手動消込…`}>
                    手動消込…
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
