import { api, ok, Schemas } from '../api';
import { dateWithWareki, warekiFiscalYear, yen } from '../format';
import { useLoad } from '../hooks';
import { channelLabel, yearClassLabel } from '../labels';
import { BILL_STATES, PAYMENT_STATES } from './EvidenceCard';
import { ErrorMessage, Loading } from './Feedback';
import { BillAmountHeadings, DataTable } from './DataTable';

interface Props {
  billNumber: string;
  /** This case's payment, marked in the list. */
  paymentId: number | null;
  /** Changes after every action, to load again. */
  version: number;
}

/** 調定と納付: the bill the payment names, and every payment that carried its 納付番号. */
export function BillPayments({ billNumber, paymentId, version }: Props) {
  const data = useLoad(
    () =>
      Promise.all([
        ok(api.GET('/api/bills', { params: { query: { billNumber } } })),
        ok(api.GET('/api/payments', { params: { query: { billNumber } } })),
      ]),
    [billNumber, version],
  );
  const [bills, payments] = data.data ?? [];
  return (
    <section className="card panel" aria-labelledby="bill-title">
      <h2 id="bill-title">
        調定と納付（納付番号 <span className="mono">{billNumber}</span>）
      </h2>
      <ErrorMessage error={data.error} />
      {data.loading && !data.data && <Loading />}
      {bills && (bills.items.length === 0 ? <p>この納付番号の調定はありません。</p> : <BillTable bills={bills.items} />)}
      {payments && payments.items.length > 0 && <PaymentTable payments={payments.items} paymentId={paymentId} />}
    </section>
  );
}

function BillTable({ bills }: { bills: Schemas['BillDto'][] }) {
  return (
    <DataTable
      caption="調定"
      head={
        <>
          <th scope="col">科目・期別</th>
          <th scope="col">納期限</th>
          <BillAmountHeadings />
        </>
      }
    >
      {bills.map((b) => (
        <tr key={b.id}>
          <td>
            {b.categoryName}
            <span className="sub">
              {b.fiscalYear}年度 第{b.installment}期・宛名番号 {b.payerId}
            </span>
          </td>
          <td>{dateWithWareki(b.dueDate)}</td>
          <td className="num">{yen(b.amount)}</td>
          <td className="num">{yen(b.appliedAmount)}</td>
          <td className="num">{yen(b.openAmount)}</td>
          <td>{BILL_STATES[b.status]}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function PaymentTable({ payments, paymentId }: { payments: Schemas['PaymentDto'][]; paymentId: number | null }) {
  return (
    <DataTable
      caption="この納付番号の納付"
      head={
        <>
          <th scope="col">納付日</th>
          <th scope="col">チャネル</th>
          <th scope="col">計上年度</th>
          <th scope="col" className="num">
            納付額
          </th>
          <th scope="col" className="num">
            消込額
          </th>
          <th scope="col">状態</th>
          <th scope="col">未処理の例外</th>
        </>
      }
    >
      {payments.map((p) => (
        <tr key={p.id} className={p.id === paymentId ? 'this-payment' : undefined}>
          <td>
            {dateWithWareki(p.paidOn)} {p.paidTime?.slice(0, 5)}
            {p.id === paymentId && <strong className="sub">この例外の納付</strong>}
          </td>
          <td>{channelLabel(p.channel)}</td>
          <td>
            {warekiFiscalYear(p.fiscalYear)} {yearClassLabel(p.yearClass)}
          </td>
          <td className="num">{yen(p.amount)}</td>
          <td className="num">{yen(p.appliedAmount)}</td>
          <td>{PAYMENT_STATES[p.state]}</td>
          <td>{p.openExceptions > 0 ? `${p.openExceptions}件` : 'なし'}</td>
        </tr>
      ))}
    </DataTable>
  );
}
