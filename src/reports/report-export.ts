import type { ExportTable, PrintContext, TableCell } from '../common/table-export';
import { warekiFiscalYear } from '../common/wareki';
import type { CashlessReportDto } from './cashless-report.dto';

/** The cashless-share report as a table for src/common/table-export.ts (csv, csv-sjis, xlsx): the rows, then 合計. */
export function cashlessTable(report: CashlessReportDto, print: PrintContext): ExportTable {
  const t = report.total;
  const rows: TableCell[][] = [
    ...report.rows.map((r) => [
      r.key,
      r.label,
      r.count,
      r.amount,
      r.cashlessCount,
      r.cashlessAmount,
      r.shareByCount,
      r.shareByAmount,
      r.nonCounterShareByCount,
    ]),
    ['合計', '', t.count, t.amount, t.cashlessCount, t.cashlessAmount, t.shareByCount, t.shareByAmount, t.nonCounterShareByCount],
  ];
  return {
    title: 'キャッシュレス率',
    ...print,
    period: `${report.fiscalYear}年度（${warekiFiscalYear(report.fiscalYear)}） 目標 ${report.target * 100}%`,
    columns: [
      { header: '区分', kind: 'text' },
      { header: '名称', kind: 'text' },
      { header: '件数', kind: 'count' },
      { header: '金額(円)', kind: 'yen' },
      { header: 'キャッシュレス件数', kind: 'count' },
      { header: 'キャッシュレス金額(円)', kind: 'yen' },
      { header: 'キャッシュレス率(件数)', kind: 'share' },
      { header: 'キャッシュレス率(金額)', kind: 'share' },
      { header: '窓口外率(件数)', kind: 'share' },
    ],
    rows,
    notes: [`定義: ${report.definition.description}`],
  };
}
