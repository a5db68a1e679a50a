import * as iconv from 'iconv-lite';
import { PAYMENT_EVENT_LABELS, SETTLEMENT_STATE_LABELS } from '../common/labels';
import type { ColumnKind, TableCell, TableColumn } from '../common/table-export';
import type { ResultEventRow } from './exports.repository';

/** A column a 収納結果 file may carry: its header and how a row's value is written. */
interface ResultColumn {
  header: string;
  kind: ColumnKind;
  value: (row: ResultEventRow, seq: number) => TableCell;
}

/** YYYY-MM-DD → YYYYMMDD, as contract.md writes dates. */
const ymd = (date: string | null): string => (date ? date.replace(/-/g, '') : '');

/** The amount as a business system books it: a 取消 takes the money back. */
export const signedAmount = (row: Pick<ResultEventRow, 'kind' | 'amount'>): number => (row.kind === 'cancel' ? -row.amount : row.amount);

/** What the row says the payment's 消込状態 is: 取消 for a 取消, a decision's own state, else matching's now. */
const stateOf = (row: ResultEventRow) => (row.kind === 'cancel' ? 'cancelled' : (row.decided_state ?? row.state));

export const RESULT_COLUMNS = {
  seq: { header: '連番', kind: 'count', value: (_r, seq) => seq },
  billNumber: { header: '納付番号', kind: 'text', value: (r) => r.bill_number ?? '' },
  payerId: { header: '宛名番号', kind: 'text', value: (r) => r.payer_id ?? '' },
  category: { header: '科目コード', kind: 'text', value: (r) => r.category_code ?? '' },
  fiscalYear: { header: '賦課年度', kind: 'text', value: (r) => (r.fiscal_year === null ? '' : String(r.fiscal_year)) },
  installment: { header: '期別', kind: 'text', value: (r) => r.installment ?? '' },
  paidOn: { header: '納付日', kind: 'text', value: (r) => ymd(r.paid_on) },
  incomeOn: {
    header: '収入日',
    kind: 'text',
    value: (r) => ymd(r.kind === 'cancel' ? (r.cancelled_income_on ?? r.income_on) : r.income_on),
  },
  channel: { header: '経路', kind: 'text', value: (r) => r.channel },
  amount: { header: '納付額', kind: 'yen', value: (r) => signedAmount(r) },
  applied: { header: '消込額', kind: 'yen', value: (r) => r.applied },
  kind: { header: '区分', kind: 'text', value: (r) => PAYMENT_EVENT_LABELS[r.kind] },
  state: { header: '消込状態', kind: 'text', value: (r) => SETTLEMENT_STATE_LABELS[stateOf(r)] },
  categoryName: { header: '科目名', kind: 'text', value: (r) => r.category_name ?? '' },
  dueDate: { header: '納期限', kind: 'text', value: (r) => ymd(r.due_date) },
  billAmount: { header: '調定額', kind: 'yen', value: (r) => r.bill_amount },
  provider: { header: '収納機関コード', kind: 'text', value: (r) => r.provider_code ?? '' },
  means: { header: '納付手段区分', kind: 'text', value: (r) => r.means_code ?? '' },
  recordedOn: { header: '記録日', kind: 'text', value: (r) => ymd(r.recorded_on) },
  eventId: { header: 'イベント番号', kind: 'count', value: (r) => r.event_id },
  paymentId: { header: '収納ID', kind: 'count', value: (r) => r.payment_id },
} satisfies Record<string, ResultColumn>;

export type ResultColumnKey = keyof typeof RESULT_COLUMNS;
export const RESULT_COLUMN_KEYS = Object.keys(RESULT_COLUMNS) as ResultColumnKey[];

/** contract.md's columns, in its order: every file has them. */
export const CONTRACT_COLUMNS: ResultColumnKey[] = [
  'seq',
  'billNumber',
  'payerId',
  'category',
  'fiscalYear',
  'installment',
  'paidOn',
  'incomeOn',
  'channel',
  'amount',
  'applied',
  'kind',
  'state',
];

export const isResultColumn = (key: string): key is ResultColumnKey => key in RESULT_COLUMNS;

/**
 * A target's layout: the columns it asked for, in its order, then any contract column it left out (in
 * the contract's order). An empty request is the contract's layout. Unknown keys are the caller's to refuse.
 */
export function resultLayout(requested: readonly ResultColumnKey[]): ResultColumnKey[] {
  const chosen = [...new Set(requested)];
  return [...chosen, ...CONTRACT_COLUMNS.filter((c) => !chosen.includes(c))];
}

export interface ResultTable {
  columns: TableColumn[];
  /** The event rows, then the last row `合計,<rows>,<sum of 納付額>`. */
  rows: TableCell[][];
  count: number;
  amount: number;
}

/** The file's table: a row per event in the order given, numbered from 1, and the 合計 row. */
export function resultTable(layout: readonly ResultColumnKey[], events: readonly ResultEventRow[]): ResultTable {
  const columns = layout.map((key) => RESULT_COLUMNS[key] as ResultColumn);
  const rows = events.map((event, i) => columns.map((c) => c.value(event, i + 1)));
  const amount = events.reduce((sum, e) => sum + signedAmount(e), 0);
  return {
    columns: columns.map(({ header, kind }) => ({ header, kind })),
    rows: [...rows, ['合計', events.length, amount]],
    count: events.length,
    amount,
  };
}

/** The header of a column of a written file, back to its definition (for the .xlsx of a stored file). */
const BY_HEADER = new Map(Object.values(RESULT_COLUMNS).map((c: ResultColumn) => [c.header, c]));

/**
 * A written 収納結果 file read back as a table: the same cells, with YYYYMMDD dates as dates (and so their
 * 和暦 in the .xlsx) and amounts as numbers. The stored bytes stay the record; this only re-presents them.
 */
export function readResultFile(content: Buffer, encoding: 'cp932' | 'utf8'): { columns: TableColumn[]; rows: TableCell[][] } {
  const text = encoding === 'utf8' ? content.toString('utf8').replace(/^\ufeff/, '') : iconv.decode(content, 'cp932');
  const [header = [], ...lines] = text
    .split('\r\n')
    .filter((line) => line !== '')
    .map(splitCsvLine);
  const defs = header.map((h) => BY_HEADER.get(h));
  const columns = header.map((h, i) => {
    const def = defs[i];
    const isDate = def && ['納付日', '収入日', '納期限', '記録日'].includes(h);
    return { header: h, kind: isDate ? ('date' as const) : (def?.kind ?? 'text') };
  });
  const rows = lines.map((cells, r) =>
    cells.map((cell, i): TableCell => {
      const isTotal = r === lines.length - 1 && cells[0] === '合計';
      if (isTotal) return i === 0 ? cell : Number(cell);
      if (columns[i]?.kind === 'date') return /^\d{8}$/.test(cell) ? `${cell.slice(0, 4)}-${cell.slice(4, 6)}-${cell.slice(6)}` : cell;
      if (columns[i]?.kind === 'yen' || columns[i]?.kind === 'count') return cell === '' ? null : Number(cell);
      return cell.startsWith("'") ? cell.slice(1) : cell;
    }),
  );
  return { columns, rows };
}

/** One CSV line as csvLine writes it: fields quoted when they hold a comma, quote or line break. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
