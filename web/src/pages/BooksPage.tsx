import { useSearchParams } from 'react-router-dom';
import { api, download, ok, Schemas } from '../api';
import { useAuth } from '../auth';
import { ActionStatus, useActionStatus } from '../components/ActionStatus';
import { DataTable, NumHeading } from '../components/DataTable';
import { DateField } from '../components/DateField';
import { ErrorMessage, Loading } from '../components/Feedback';
import { count, dateWithWareki, percent, todayInTokyo, wareki, warekiFiscalYear, yen } from '../format';
import { useLoad, useTitle } from '../hooks';
import { channelLabel, formatLabel, yearClassLabel } from '../labels';
import { Accounts, Procedures, Refunds } from '../components/BooksData';

type Kind = 'journal' | 'month' | 'settlement' | 'inspection' | 'adoption';
type TableFormat = Schemas['TableFormat'];

const KINDS: Record<Kind, string> = {
  journal: '収入日計表',
  month: '月計表',
  settlement: '決算（科目別・年度区分別）',
  inspection: '例月出納検査資料',
  adoption: '導入率と利用率',
};

const FORMATS: Record<TableFormat, string> = { csv: 'CSV', 'csv-sjis': 'CSV（Shift_JIS）', xlsx: 'Excel' };

function previousFiscalYear(): number {
  const [year, month] = todayInTokyo().split('-').map(Number);
  return (month >= 4 ? year : year - 1) - 1;
}

const monthWithWareki = (month: string) => `${month}（${wareki(`${month}-01`).replace(/\d+日$/, '')}）`;

/** 帳票: the 会計課's books (issue #11), each on screen and as a download, then the 歳入科目 and refund payouts. */
export function BooksPage() {
  useTitle('帳票');
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') as Kind) in KINDS ? (params.get('kind') as Kind) : 'journal';
  const today = todayInTokyo();
  const date = params.get('date') ?? today;
  const month = params.get('month') ?? today.slice(0, 7);
  const fiscalYear = Number(params.get('fiscalYear')) || previousFiscalYear();
  const set = (change: Record<string, string>) => setParams({ kind, date, month, fiscalYear: String(fiscalYear), ...change });
  const reportsAllowed = hasRole('staff', 'manager', 'finance', 'auditor');

  return (
    <>
      <h1>帳票</h1>
      {reportsAllowed && (
        <>
          <div className="filters">
            <label>
              帳票
              <select value={kind} onChange={(e) => set({ kind: e.target.value })}>
                {Object.entries(KINDS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            {kind === 'journal' && <DateField label="収入日" value={date} onChange={(next) => next && set({ date: next })} />}
            {(kind === 'month' || kind === 'inspection') && (
              <label>
                月
                <input type="month" value={month} onChange={(e) => e.target.value && set({ month: e.target.value })} />
              </label>
            )}
            {(kind === 'settlement' || kind === 'adoption') && (
              <label>
                会計年度
                <select value={fiscalYear} onChange={(e) => set({ fiscalYear: e.target.value })}>
                  {[0, 1, 2, 3].map((back) => {
                    const fy = previousFiscalYear() + 1 - back;
                    return (
                      <option key={fy} value={fy}>
                        {fy}年度（{warekiFiscalYear(fy)}）
                      </option>
                    );
                  })}
                </select>
              </label>
            )}
          </div>
          <Report kind={kind} date={date} month={month} fiscalYear={fiscalYear} />
        </>
      )}
      <Accounts editable={hasRole('admin')} />
      <Procedures editable={hasRole('admin')} />
      {hasRole('manager', 'staff', 'auditor') && <Refunds canRecord={hasRole('manager')} />}
    </>
  );
}

interface ReportProps {
  kind: Kind;
  date: string;
  month: string;
  fiscalYear: number;
}

function Report({ kind, date, month, fiscalYear }: ReportProps) {
  const status = useActionStatus();
  const [path, query, name] =
    kind === 'journal'
      ? (['/api/books/journal', { date }, `journal-${date}`] as const)
      : kind === 'month'
        ? (['/api/books/journal', { month }, `journal-${month}`] as const)
        : kind === 'inspection'
          ? (['/api/books/inspection', { month }, `inspection-${month}`] as const)
          : kind === 'settlement'
            ? (['/api/books/settlement', { fiscalYear }, `settlement-FY${fiscalYear}`] as const)
            : (['/api/books/adoption', { fiscalYear }, `adoption-FY${fiscalYear}`] as const);
  const get = (format: TableFormat) =>
    status.run(async () => {
      await download(path, { ...query, format }, `${name}.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
      return `${KINDS[kind]}の${FORMATS[format]}をダウンロードしました。`;
    });
  return (
    <section className="card" aria-labelledby="books-report">
      <h2 id="books-report" className="card-title">
        {KINDS[kind]}
      </h2>
      <div className="downloads-row">
        {(Object.keys(FORMATS) as TableFormat[]).map((format) => (
          <button key={format} type="button" onClick={() => void get(format)} disabled={status.busy}>
            {FORMATS[format]}をダウンロード
          </button>
        ))}
      </div>
      <ActionStatus outcome={status.outcome} statusRef={status.ref} />
      {(kind === 'journal' || kind === 'month') && (
        <Journal date={kind === 'journal' ? date : undefined} month={kind === 'month' ? month : undefined} />
      )}
      {kind === 'settlement' && <Settlement fiscalYear={fiscalYear} />}
      {kind === 'inspection' && <Inspection month={month} />}
      {kind === 'adoption' && <Adoption fiscalYear={fiscalYear} />}
    </section>
  );
}

function Journal({ date, month }: { date?: string; month?: string }) {
  const journal = useLoad(() => ok(api.GET('/api/books/journal', { params: { query: { date, month } } })), [date, month]);
  if (journal.error) return <ErrorMessage error={journal.error} />;
  if (!journal.data) return <Loading />;
  const j = journal.data;
  return (
    <>
      <p>
        {j.kind === 'day' ? dateWithWareki(j.period) : monthWithWareki(j.period)}（収入日ベース）: {count(j.total.count)}件{' '}
        {yen(j.total.amount)}
        {j.pending > 0 && <span className="muted"> 収入日未確定（速報のみ） {count(j.pending)}件は含みません</span>}
      </p>
      <DataTable
        caption="収入日 × 歳入科目 × 年度区分 × 収納経路"
        head={
          <>
            {j.kind === 'day' ? null : <th scope="col">月</th>}
            <th scope="col">年度</th>
            <th scope="col">科目</th>
            <th scope="col">歳入科目</th>
            <th scope="col">年度区分</th>
            <th scope="col">経路</th>
            <NumHeading>件数</NumHeading>
            <NumHeading>金額</NumHeading>
          </>
        }
        foot={
          j.cumulative && (
            <tr>
              <th scope="row" colSpan={6}>
                {j.cumulativeFiscalYear}年度 累計
              </th>
              <td className="num">{count(j.cumulative.count)}</td>
              <td className="num">{yen(j.cumulative.amount)}</td>
            </tr>
          )
        }
      >
        {j.rows.map((r) => (
          <tr key={`${r.date}-${r.fiscalYear}-${r.category}-${r.yearClass}-${r.channel}`}>
            {j.kind === 'day' ? null : <td>{r.date}</td>}
            <td>{r.fiscalYear}</td>
            <td>{r.categoryName ?? r.category ?? '—'}</td>
            <td>{r.account ?? '—'}</td>
            <td>{yearClassLabel(r.yearClass)}</td>
            <td>{channelLabel(r.channel)}</td>
            <td className="num">{count(r.count)}</td>
            <td className="num">{yen(r.amount)}</td>
          </tr>
        ))}
      </DataTable>
      <h3>取込ファイル別（合計と{j.tiedToFiles ? '一致' : '不一致'}）</h3>
      <ul>
        {j.files.map((f) => (
          <li key={f.batchId}>
            {f.fileName}: {count(f.count)}件 {yen(f.amount)}
          </li>
        ))}
      </ul>
    </>
  );
}

function Settlement({ fiscalYear }: { fiscalYear: number }) {
  const settlement = useLoad(() => ok(api.GET('/api/books/settlement', { params: { query: { fiscalYear } } })), [fiscalYear]);
  if (settlement.error) return <ErrorMessage error={settlement.error} />;
  if (!settlement.data) return <Loading />;
  const s = settlement.data;
  const figures = (r: Schemas['SettlementFiguresDto']) => (
    <>
      <td className="num">{yen(r.assessed)}</td>
      <td className="num">{yen(r.collected)}</td>
      <td className="num">{yen(r.writtenOff)}</td>
      <td className="num">{yen(r.refundUnpaid)}</td>
      <td className="num">{yen(r.uncollected)}</td>
      <td>{r.identityHolds ? '✓ 一致' : `✗ 不一致（消込側 ${yen(r.openByBills)}）`}</td>
    </>
  );
  return (
    <>
      <p>
        {warekiFiscalYear(s.fiscalYear)} 出納閉鎖 {dateWithWareki(s.closedOn)}
        {s.final ? '' : '（閉鎖前: 暫定）'}。検算: {s.identity}
      </p>
      <DataTable
        caption="科目別・年度区分別"
        head={
          <>
            <th scope="col">科目</th>
            <th scope="col">年度区分</th>
            <th scope="col" className="num">
              調定額
            </th>
            <th scope="col" className="num">
              収入済額
            </th>
            <th scope="col" className="num">
              不納欠損額
            </th>
            <th scope="col" className="num">
              還付未済額
            </th>
            <th scope="col" className="num">
              収入未済額
            </th>
            <th scope="col">検算</th>
          </>
        }
        foot={
          <tr>
            <th scope="row" colSpan={2}>
              合計
            </th>
            {figures(s.total)}
          </tr>
        }
      >
        {s.rows.map((r) => (
          <tr key={`${r.category}-${r.yearClass}`}>
            <td title={r.account ?? undefined}>{r.categoryName ?? r.category ?? '科目なし'}</td>
            <td>{yearClassLabel(r.yearClass)}</td>
            {figures(r)}
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function Inspection({ month }: { month: string }) {
  const inspection = useLoad(() => ok(api.GET('/api/books/inspection', { params: { query: { month } } })), [month]);
  if (inspection.error) return <ErrorMessage error={inspection.error} />;
  if (!inspection.data) return <Loading />;
  const i = inspection.data;
  return (
    <>
      <p>
        {monthWithWareki(i.month)}の収入（収入日ベース）: {count(i.receiptsTotal.count)}件 {yen(i.receiptsTotal.amount)}
      </p>
      <DataTable
        caption="科目別・経路別の収入"
        narrow
        head={
          <>
            <th scope="col">科目</th>
            <th scope="col">経路</th>
            <th scope="col" className="num">
              件数
            </th>
            <th scope="col" className="num">
              金額
            </th>
          </>
        }
      >
        {i.receipts.map((r) => (
          <tr key={`${r.category}-${r.channel}`}>
            <td>{r.categoryName ?? r.category ?? '—'}</td>
            <td>{channelLabel(r.channel)}</td>
            <td className="num">{count(r.count)}</td>
            <td className="num">{yen(r.amount)}</td>
          </tr>
        ))}
      </DataTable>
      <h3>未処理の例外（月末までの納付）</h3>
      <ul>
        {i.openExceptions.map((e) => (
          <li key={e.type}>
            {e.typeLabel}: {count(e.count)}件 納付額 {yen(e.paidAmount)}
          </li>
        ))}
        {i.openExceptions.length === 0 && <li>ありません</li>}
      </ul>
      <PayoutTable caption="未着・不足の払込（入金照合）" payouts={i.missingPayouts} />
      <PayoutTable caption="窓口現金の未払込（月末時点）" payouts={i.counterCashNotDeposited} />
      <BalanceTable balance={i.balance} />
    </>
  );
}

type InspectionPayout = Schemas['InspectionPayoutDto'];

/** 例月出納検査: payouts of the month not (fully) in the account, as the deposits reconciliation judged them. */
function PayoutTable({ caption, payouts }: { caption: string; payouts: InspectionPayout[] }) {
  if (payouts.length === 0) {
    return <p>{caption}: ありません</p>;
  }
  return (
    <DataTable
      caption={caption}
      narrow
      head={
        <>
          <th scope="col">入金元</th>
          <th scope="col">収入日</th>
          <th scope="col" className="num">
            予定額
          </th>
          <th scope="col">着金日</th>
          <th scope="col" className="num">
            着金額
          </th>
          <th scope="col" className="num">
            差額
          </th>
          <th scope="col">状態</th>
        </>
      }
    >
      {payouts.map((p) => (
        <tr key={`${p.format}-${p.provider}-${p.dueOn}`}>
          <td>
            {formatLabel(p.format)} {p.provider}
          </td>
          <td>{dateWithWareki(p.dueOn)}</td>
          <td className="num">{yen(p.expectedAmount)}</td>
          <td>{p.arrivedOn ? dateWithWareki(p.arrivedOn) : '—'}</td>
          <td className="num">{p.arrivedAmount === null ? '—' : yen(p.arrivedAmount)}</td>
          <td className="num">{yen(p.difference)}</td>
          <td>{p.statusLabel}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** 例月出納検査: the account's closing balance beside the month's net collections, and the steps between. */
function BalanceTable({ balance: b }: { balance: Schemas['InspectionBalanceDto'] }) {
  return (
    <>
      <h3>指定金融機関口座の月末残高と収入純額</h3>
      <p>
        収入純額 {yen(b.netCollections)}（収入 {yen(b.receipts)} − 還付の支出 {yen(b.refundsPaid)}）
      </p>
      {b.account ? (
        <DataTable
          caption={
            `月末残高 ${yen(b.account.closingBalance)}（${dateWithWareki(b.account.asOf)}、${b.account.fileName}）` +
            `− 収入純額 = ${yen(b.difference)}`
          }
          narrow
          head={
            <>
              <th scope="col">内訳</th>
              <th scope="col" className="num">
                金額
              </th>
            </>
          }
        >
          {b.steps.map((s) => (
            <tr key={s.item}>
              <td>{s.label}</td>
              <td className="num">{yen(s.amount)}</td>
            </tr>
          ))}
          <tr>
            <td>説明できない差</td>
            <td className="num">{yen(b.unexplained)}</td>
          </tr>
        </DataTable>
      ) : (
        <p className="muted">この月の入出金取引明細（zengin-deposit）が取り込まれていません</p>
      )}
    </>
  );
}

function Adoption({ fiscalYear }: { fiscalYear: number }) {
  const adoption = useLoad(() => ok(api.GET('/api/books/adoption', { params: { query: { fiscalYear } } })), [fiscalYear]);
  if (adoption.error) return <ErrorMessage error={adoption.error} />;
  if (!adoption.data) return <Loading />;
  const a = adoption.data;
  return (
    <>
      <p>
        導入率（手続台帳 {dateWithWareki(a.asOf)} 時点）: <strong>{percent(a.adoptionShare)}</strong>（{a.proceduresAccepting}/
        {a.proceduresTotal}
        手続）、目標 {percent(a.target, 0)} まで {percent(Math.max(a.gap, 0))}。利用率: 件数 {percent(a.usageByCount)}・金額{' '}
        {percent(a.usageByAmount)}。
      </p>
      <p>
        令和12年度末の見込み: 導入率 {percent(a.projection.adoptionShare)}（目標まで {percent(Math.max(a.projectedGap, 0))}）、利用率{' '}
        {a.projection.usageByCount === null ? '—' : percent(a.projection.usageByCount)}。
        <br />
        <span className="muted">{a.projection.method}</span>
      </p>
      <DataTable
        caption="手続台帳"
        head={
          <>
            <th scope="col">手続</th>
            <th scope="col">受付経路（開始日）</th>
            <th scope="col">キャッシュレス開始</th>
          </>
        }
      >
        {a.procedures.map((p) => (
          <tr key={p.code}>
            <td>{p.name}</td>
            <td>{p.channels.map((c) => `${channelLabel(c.channel)}（${c.since}〜）`).join('、')}</td>
            <td>{p.cashlessSince ?? '未導入'}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable
        caption="月別の推移"
        narrow
        head={
          <>
            <th scope="col">月</th>
            <th scope="col" className="num">
              導入率
            </th>
            <th scope="col" className="num">
              利用率（件数）
            </th>
            <th scope="col" className="num">
              利用率（金額）
            </th>
          </>
        }
      >
        {a.trend.map((t) => (
          <tr key={t.month}>
            <td>{t.month}</td>
            <td className="num">{percent(t.adoptionShare)}</td>
            <td className="num">{t.usageByCount === null ? '—' : percent(t.usageByCount)}</td>
            <td className="num">{t.usageByAmount === null ? '—' : percent(t.usageByAmount)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
