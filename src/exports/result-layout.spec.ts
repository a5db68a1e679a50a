import * as iconv from 'iconv-lite';
import { tableCsv } from '../common/table-export';
import type { ResultEventRow } from './exports.repository';
import { CONTRACT_COLUMNS, readResultFile, resultLayout, resultTable } from './result-layout';

const event = (over: Partial<ResultEventRow>): ResultEventRow => ({
  event_id: 1,
  kind: 'final',
  decided_state: null,
  state: 'matched',
  recorded_on: '2026-11-26',
  payment_id: 10,
  bill_number: '0226030000070013',
  payer_id: '0000000001',
  category_code: '02',
  category_name: '固定資産税',
  fiscal_year: 2026,
  installment: '03',
  due_date: '2026-11-30',
  bill_amount: 8000,
  paid_on: '2026-11-20',
  income_on: '2026-11-26',
  cancelled_income_on: null,
  channel: 'convenience_store',
  provider_code: '12345',
  means_code: null,
  amount: 8000,
  applied: 8000,
  ...over,
});

describe('収納結果 layout', () => {
  it('keeps the contract columns whatever a target chooses, in its order first', () => {
    expect(resultLayout([])).toEqual(CONTRACT_COLUMNS);
    expect(resultLayout(['eventId', 'amount', 'eventId'])).toEqual([
      'eventId',
      'amount',
      ...CONTRACT_COLUMNS.filter((c) => c !== 'amount'),
    ]);
  });

  it('writes 取消 negative, decisions with their own state, dates as YYYYMMDD, and a 合計 row', () => {
    const table = resultTable(CONTRACT_COLUMNS, [
      event({ event_id: 1, kind: 'preliminary', state: 'matched', income_on: null }),
      event({ event_id: 2, kind: 'cancel', state: 'cancelled', cancelled_income_on: '2026-11-27', applied: 0 }),
      event({ event_id: 3, kind: 'decision', decided_state: 'refund' }),
    ]);
    expect(table.rows).toEqual([
      [1, '0226030000070013', '0000000001', '02', '2026', '03', '20261120', '', 'convenience_store', 8000, 8000, '速報', '消込済'],
      [2, '0226030000070013', '0000000001', '02', '2026', '03', '20261120', '20261127', 'convenience_store', -8000, 0, '取消', '取消'],
      [3, '0226030000070013', '0000000001', '02', '2026', '03', '20261120', '20261126', 'convenience_store', 8000, 8000, '処理', '還付'],
      ['合計', 3, 8000],
    ]);
  });

  it('reads a written file back (CP932) with its dates as dates and formula-like text unescaped for the sheet', () => {
    const table = resultTable(['seq', 'billNumber', 'payerId', 'paidOn', 'amount'], [event({ payer_id: '=HYPERLINK("x")' })]);
    const bytes = tableCsv({ title: '', municipality: '', period: '', asOf: new Date(), printedBy: '', ...table }, 'cp932', true);
    expect(iconv.decode(bytes, 'cp932')).toBe(
      '連番,納付番号,宛名番号,納付日,納付額\r\n1,0226030000070013,"\'=HYPERLINK(""x"")",20261120,8000\r\n合計,1,8000\r\n',
    );
    const back = readResultFile(bytes, 'cp932');
    expect(back.columns.map((c) => c.kind)).toEqual(['count', 'text', 'text', 'date', 'yen']);
    expect(back.rows).toEqual([
      [1, '0226030000070013', '=HYPERLINK("x")', '2026-11-20', 8000],
      ['合計', 1, 8000],
    ]);
  });
});
