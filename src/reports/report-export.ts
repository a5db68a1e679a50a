import { Workbook } from 'exceljs';
import { csvLine, safeCell } from '../common/spreadsheet-safe';
import type { CashlessReportDto } from './cashless-report.dto';

const HEADER = [
  '区分',
  '名称',
  '件数',
  '金額(円)',
  'キャッシュレス件数',
  'キャッシュレス金額(円)',
  'キャッシュレス率(件数)',
  'キャッシュレス率(金額)',
  '窓口外率(件数)',
];

function lines(report: CashlessReportDto): (string | number | null)[][] {
  const rows = report.rows.map((r) => [
    r.key,
    r.label,
    r.count,
    r.amount,
    r.cashlessCount,
    r.cashlessAmount,
    r.shareByCount,
    r.shareByAmount,
    r.nonCounterShareByCount,
  ]);
  const t = report.total;
  return [
    ...rows,
    ['合計', '', t.count, t.amount, t.cashlessCount, t.cashlessAmount, t.shareByCount, t.shareByAmount, t.nonCounterShareByCount],
  ];
}

/** UTF-8 with BOM and CRLF: what Excel on a city PC opens without garbling. */
export function cashlessReportCsv(report: CashlessReportDto): string {
  const head = [
    csvLine([`${report.fiscalYear}年度 キャッシュレス率 (目標 ${report.target * 100}%)`]),
    csvLine([`定義: ${report.definition.description}`]),
    csvLine(HEADER),
  ];
  return '\ufeff' + [...head, ...lines(report).map(csvLine)].join('\r\n') + '\r\n';
}

export async function cashlessReportXlsx(report: CashlessReportDto): Promise<Buffer> {
  const book = new Workbook();
  const sheet = book.addWorksheet(`${report.fiscalYear}年度`);
  sheet.addRow([`${report.fiscalYear}年度 キャッシュレス率 (目標 ${report.target * 100}%)`]);
  sheet.addRow([`定義: ${report.definition.description}`]);
  sheet.addRow(HEADER).font = { bold: true };
  for (const line of lines(report)) sheet.addRow(line.map(safeCell));
  sheet.getColumn(4).numFmt = '#,##0';
  sheet.getColumn(6).numFmt = '#,##0';
  for (const col of [7, 8, 9]) sheet.getColumn(col).numFmt = '0.0%';
  return Buffer.from(await book.xlsx.writeBuffer());
}
