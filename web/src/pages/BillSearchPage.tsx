import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ok, Schemas } from '../api';
import { DayText } from '../components/DateField';
import { ErrorMessage, Loading } from '../components/Feedback';
import { EvidenceCard } from '../components/EvidenceCard';
import { Pager, useCursor } from '../components/Pager';
import { todayInTokyo, warekiFiscalYear, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { channelLabel } from '../labels';
import { BillAmountHeadings, DataTable } from '../components/DataTable';

type SearchKind = 'billNumber' | 'payerId';
type Bill = Schemas['BillDto'];
type Payment = Schemas['PaymentDto'];

const PAGE_SIZE = 50;
const PAYER_ID_DIGITS = 10;

/** Staff type numbers with the IME on, or copy them with spaces and hyphens: keep only the digits. */
function normalizeDigits(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-－ー‐]/g, '');
}

/** The search the input stands for, or why it cannot be searched. */
function validate(kind: SearchKind, text: string): { value: string } | { error: string } {
  const digits = normalizeDigits(text);
  const name = kind === 'billNumber' ? '納付番号' : '宛名番号';
  if (!digits) return { error: `${name}を入力してください。` };
  if (!/^\d+$/.test(digits)) return { error: `${name}は数字で入力してください。` };
  if (kind === 'billNumber') {
    return digits.length === 16 ? { value: digits } : { error: `納付番号は16桁です（入力は${digits.length}桁）。` };
  }
  if (digits.length > PAYER_ID_DIGITS) return { error: `宛名番号は${PAYER_ID_DIGITS}桁以内です（入力は${digits.length}桁）。` };
  // 宛名番号 are stored zero-padded (0000012345); staff often leave the zeros out.
  return { value: digits.padStart(PAYER_ID_DIGITS, '0') };
}

/** formats.md: modulus 10, weights 3,1,3,… from the digit next to the check digit. */
function checkDigitAgrees(billNumber: string): boolean {
  let sum = 0;
  for (let i = 14, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(billNumber[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(billNumber[15]);
}

export function BillSearchPage() {
  useTitle('納付検索');
  const [params, setParams] = useSearchParams();
  const billNumber = params.get('billNumber') ?? '';
  const payerId = params.get('payerId') ?? '';
  const search = billNumber ? { billNumber } : payerId ? { payerId } : null;

  return (
    <>
      <h1>納付検索</h1>
      <SearchForm
        key={`form-${params}`}
        initialKind={payerId ? 'payerId' : 'billNumber'}
        initialText={billNumber || payerId}
        onSearch={(kind, value) => setParams({ [kind]: value })}
      />
      {search && <BillResults key={`results-${params}`} search={search} />}
    </>
  );
}

interface SearchFormProps {
  initialKind: SearchKind;
  initialText: string;
  onSearch(kind: SearchKind, value: string): void;
}

function SearchForm({ initialKind, initialText, onSearch }: SearchFormProps) {
  const [kind, setKind] = useState<SearchKind>(initialKind);
  const [text, setText] = useState(initialText);
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(kind, text);
    if ('error' in checked) {
      setError(checked.error);
      input.current?.focus();
      return;
    }
    setError('');
    onSearch(kind, checked.value);
  }

  return (
    <form className="card" role="search" aria-label="調定と納付の検索" onSubmit={submit} noValidate>
      <div className="filters">
        <fieldset className="choice">
          <legend>検索する番号</legend>
          <div className="choice-options">
            <label className="inline">
              <input type="radio" name="kind" value="billNumber" checked={kind === 'billNumber'} onChange={() => setKind('billNumber')} />
              納付番号
            </label>
            <label className="inline">
              <input type="radio" name="kind" value="payerId" checked={kind === 'payerId'} onChange={() => setKind('payerId')} />
              宛名番号
            </label>
          </div>
        </fieldset>
        <label>
          {kind === 'billNumber' ? '納付番号（16桁）' : '宛名番号（先頭の0は省略可）'}
          <input
            ref={input}
            className="number-input"
            inputMode="numeric"
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
        </label>
        <button type="submit" className="primary">
          検索
        </button>
      </div>
      {error && (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function BillResults({ search }: { search: { billNumber: string } | { payerId: string } }) {
  const cursor = useCursor();
  const bills = useLoad(
    () => ok(api.GET('/api/bills', { params: { query: { ...search, limit: PAGE_SIZE, after: cursor.after } } })),
    [cursor.after],
  );
  const searchedNumber = 'billNumber' in search ? search.billNumber : null;
  // A bill-number search is about that one bill: its payments show at once.
  // `chosen`: picked by the user, so the payments take the focus; an automatic pick leaves it on the results.
  const [selected, setSelected] = useState<{ billNumber: string; chosen: boolean } | null>(
    searchedNumber ? { billNumber: searchedNumber, chosen: false } : null,
  );
  const heading = useRef<HTMLHeadingElement>(null);
  // The search form is rebuilt for each search; the answer is where keyboard users continue.
  useEffect(() => {
    if (bills.data) heading.current?.focus();
  }, [bills.data]);

  if (bills.loading) return <Loading label="検索中…" />;
  if (bills.error) return <ErrorMessage error={bills.error} />;
  const items = bills.data?.items ?? [];
  return (
    <>
      <section aria-labelledby="bills-title">
        <h2 id="bills-title" ref={heading} tabIndex={-1}>
          {'payerId' in search ? `宛名番号 ${search.payerId} の調定` : `納付番号 ${search.billNumber} の調定`}
        </h2>
        {items.length === 0 ? (
          <NoBill billNumber={searchedNumber} />
        ) : (
          <BillTable
            bills={items}
            selected={selected?.billNumber}
            byPayer={'payerId' in search}
            onSelect={(billNumber) => setSelected({ billNumber, chosen: true })}
          />
        )}
        <Pager label="調定" page={cursor.page} nextCursor={bills.data?.nextCursor} onNext={cursor.next} onPrevious={cursor.previous} />
      </section>
      {selected && <BillPayments key={selected.billNumber} billNumber={selected.billNumber} focusOnShow={selected.chosen} />}
    </>
  );
}

function NoBill({ billNumber }: { billNumber: string | null }) {
  return (
    <div role="status">
      <p>該当する調定はありません。</p>
      {billNumber && !checkDigitAgrees(billNumber) && (
        <p className="error">チェックデジット（16桁目）が合いません。番号の読み違い・打ち間違いがないか確認してください。</p>
      )}
    </div>
  );
}

/** 期別 `01`–`12`, and `00` for 全期/随時 (formats.md). */
function installmentLabel(installment: string): string {
  if (installment === '00') return '全期・随時';
  const n = Number(installment);
  return Number.isInteger(n) && n > 0 ? `第${n}期` : installment;
}

function BillStatus({ bill }: { bill: Bill }) {
  if (bill.status === 'cancelled') return <span className="badge bad">取消</span>;
  if (bill.openAmount === 0) return <span className="badge ok">完納</span>;
  if (bill.effectiveDueDate < todayInTokyo()) return <span className="badge bad">未納（期限超過）</span>;
  if (bill.appliedAmount > 0) return <span className="badge warn">一部納付</span>;
  return <span className="badge">未納</span>;
}

interface BillTableProps {
  bills: Bill[];
  selected: string | undefined;
  byPayer: boolean;
  onSelect(billNumber: string): void;
}

function BillTable({ bills, selected, byPayer, onSelect }: BillTableProps) {
  return (
    <DataTable
      head={
        <>
          <th scope="col">納付番号</th>
          <th scope="col">科目名</th>
          <th scope="col">賦課年度</th>
          <th scope="col">期別</th>
          <th scope="col">納期限</th>
          <BillAmountHeadings />
          {!byPayer && <th scope="col">宛名番号</th>}
          <th scope="col">納付</th>
        </>
      }
    >
      {bills.map((b) => (
        <tr key={b.id} className={b.billNumber === selected ? 'selected' : undefined}>
          <td className="mono">{b.billNumber}</td>
          <td>{b.categoryName}</td>
          <td>{warekiFiscalYear(b.fiscalYear)}</td>
          <td>{installmentLabel(b.installment)}</td>
          <td>
            <DayText date={b.dueDate} />
            {b.effectiveDueDate !== b.dueDate && <span className="wareki-under">実効 {b.effectiveDueDate}</span>}
          </td>
          <td className="num">{yen(b.amount)}</td>
          <td className="num">{yen(b.appliedAmount)}</td>
          <td className={`num${b.openAmount ? ' bad' : ''}`}>{yen(b.openAmount)}</td>
          <td>
            <BillStatus bill={b} />
          </td>
          {!byPayer && (
            <td>
              <Link to={`?payerId=${b.payerId}`} title="この宛名番号の調定をすべて表示">
                {b.payerId}
              </Link>
            </td>
          )}
          <td>
            <button type="button" aria-pressed={b.billNumber === selected} onClick={() => onSelect(b.billNumber)}>
              納付を見る
            </button>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

const STATE_BADGES: Record<Payment['state'], { label: string; tone: string }> = {
  preliminary: { label: '速報', tone: 'warn' },
  final: { label: '確報', tone: 'ok' },
  cancelled: { label: '取消', tone: 'bad' },
};

function BillPayments({ billNumber, focusOnShow }: { billNumber: string; focusOnShow: boolean }) {
  const payments = useLoad(() => ok(api.GET('/api/payments', { params: { query: { billNumber, limit: 1000 } } })), [billNumber]);
  const [open, setOpen] = useState<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, [focusOnShow]);

  return (
    <section className="card bill-payments" aria-labelledby="payments-title">
      <h2 id="payments-title" className="card-title" ref={heading} tabIndex={-1}>
        納付番号 {billNumber} の納付（全チャネル）
      </h2>
      {payments.loading && <Loading />}
      <ErrorMessage error={payments.error} />
      {payments.data && payments.data.items.length === 0 && <p className="muted">この納付番号での納付はまだありません。</p>}
      {payments.data && payments.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">納付日</th>
                <th scope="col">チャネル</th>
                <th scope="col" className="num">
                  納付額
                </th>
                <th scope="col">状態</th>
                <th scope="col" className="num">
                  消込額
                </th>
                <th scope="col" className="num">
                  未処理の例外
                </th>
                <th scope="col">根拠</th>
              </tr>
            </thead>
            {payments.data.items.map((p) => (
              <PaymentRows key={p.id} payment={p} open={open === p.id} onToggle={() => setOpen(open === p.id ? null : p.id)} />
            ))}
          </table>
        </div>
      )}
    </section>
  );
}

/** One payment, and under it its evidence when opened: a tbody each, so the pair stays together. */
function PaymentRows({ payment: p, open, onToggle }: { payment: Payment; open: boolean; onToggle(): void }) {
  const evidenceId = `evidence-${p.id}`;
  const state = STATE_BADGES[p.state];
  return (
    <tbody>
      <tr>
        <td>
          <DayText date={p.paidOn} />
          {p.paidTime && <span className="wareki-under">{p.paidTime.slice(0, 5)}</span>}
        </td>
        <td>{channelLabel(p.channel)}</td>
        <td className="num">{yen(p.amount)}</td>
        <td>
          <span className={`badge ${state.tone}`}>{state.label}</span>
        </td>
        <td className="num">{yen(p.appliedAmount)}</td>
        <td className={`num${p.openExceptions ? ' bad' : ''}`}>{p.openExceptions}</td>
        <td>
          <button type="button" aria-expanded={open} aria-controls={evidenceId} onClick={onToggle}>
            {open ? '根拠を閉じる' : '根拠を見る'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="evidence-row">
          <td colSpan={7} id={evidenceId}>
            <PaymentEvidence paymentId={p.id} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

function PaymentEvidence({ paymentId }: { paymentId: number }) {
  const evidence = useLoad(() => ok(api.GET('/api/payments/{id}/evidence', { params: { path: { id: paymentId } } })), [paymentId]);
  if (evidence.loading) return <Loading label="根拠を読み込み中…" />;
  if (evidence.error) return <ErrorMessage error={evidence.error} />;
  return evidence.data ? <EvidenceCard evidence={evidence.data} showCandidates={false} /> : null;
}
