import { Workbook } from 'exceljs';
import * as iconv from 'iconv-lite';
import { municipalityLabel } from './labels';
import { csvLine, safeCell } from './spreadsheet-safe';
import { tokyoMinute, wareki } from './wareki';

/**
 * One writer for every table keshikomi hands to people and other systems: reports (帳票), the exception
 * list, 収納結果 and the other exports. CSV in UTF-8 with BOM (`csv`) or in CP932 (`csv-sjis`, what older
 * business systems read), and .xlsx with a title block, Japanese headers, yen formatting, 和暦 beside
 * every western date and a frozen header row. Every text cell is escaped against formula injection.
 */

export const TABLE_FORMATS = ['csv', 'csv-sjis', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** How a column's values are written: `date` values are ISO dates (YYYY-MM-DD), `share` a fraction (0.123). */
export type ColumnKind = 'text' | 'count' | 'yen' | 'date' | 'share';

export interface TableColumn {
  header: string;
  kind: ColumnKind;
}

export type TableCell = string | number | null;

export interface ExportTable {
  /** 帳票名, e.g. 収入日計表. */
  title: string;
  /** The city the table is for, e.g. 垂水市 (462144). */
  municipality: string;
  /** What the table covers, e.g. 令和8年11月25日 or 令和8年度. */
  period: string;
  /** When the data was read (an instant, shown in Tokyo time). */
  asOf: Date;
  /** Who asked for it (login name), printed on the form. */
  printedBy: string;
  columns: TableColumn[];
  rows: TableCell[][];
  /** Lines printed under the title (the definition used, the identity checked…). */
  notes?: string[];
}

/** Who prints a form, for which city, when: the title block's other lines. */
export type PrintContext = Pick<ExportTable, 'municipality' | 'printedBy' | 'asOf'>;

/** The title block of a form printed now by `printedBy` for the city `municipalityCode`. */
export function printedNow(municipalityCode: string, printedBy: string): PrintContext {
  return { municipality: municipalityLabel(municipalityCode), printedBy, asOf: new Date() };
}

export interface RenderedTable {
  body: Buffer;
  contentType: string;
  extension: 'csv' | 'xlsx';
}

function titleBlock(table: ExportTable): string[][] {
  return [
    [`${table.municipality} ${table.title}`],
    [`対象 / period: ${table.period}`],
    [`作成 / as of: ${tokyoMinute(table.asOf)}（${wareki(tokyoMinute(table.asOf))}） 出力者 / printed by: ${table.printedBy}`],
    ...(table.notes ?? []).map((note) => [note]),
  ];
}

/**
 * A CSV: the title block (one cell a line) unless `plain`, the header row, the rows; CRLF. `plain` is for
 * files another system reads (収納結果): header and rows only, as contract.md lays them out.
 */
export function tableCsv(table: ExportTable, encoding: 'utf8' | 'cp932', plain = false): Buffer {
  const lines = [...(plain ? [] : titleBlock(table)), table.columns.map((c) => c.header), ...table.rows];
  const text = lines.map(csvLine).join('\r\n') + '\r\n';
  return encoding === 'utf8' ? Buffer.from(`\ufeff${text}`, 'utf8') : iconv.encode(text, 'cp932');
}

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = { yen: '#,##0', count: '#,##0', share: '0.0%', date: 'yyyy-mm-dd' };

/** The sheet's columns: a `date` column is followed by its 和暦. */
function sheetColumns(columns: TableColumn[]): { header: string; kind: ColumnKind; source: number; wareki: boolean }[] {
  return columns.flatMap((c, source) => [
    { header: c.header, kind: c.kind, source, wareki: false },
    ...(c.kind === 'date' ? [{ header: `${c.header}（和暦）`, kind: c.kind, source, wareki: true }] : []),
  ]);
}

function sheetCell(kind: ColumnKind, value: TableCell, asWareki: boolean): TableCell | Date {
  if (value === null || value === '') return null;
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return asWareki ? wareki(value) : new Date(`${value}T00:00:00Z`);
  }
  return safeCell(value);
}

export async function tableXlsx(table: ExportTable): Promise<Buffer> {
  const book = new Workbook();
  const sheet = book.addWorksheet(table.title.slice(0, 31));
  const block = titleBlock(table);
  for (const line of block) sheet.addRow(line.map(safeCell));
  sheet.getRow(1).font = { bold: true, size: 14 };
  const columns = sheetColumns(table.columns);
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(columns.map((c) => sheetCell(c.kind, row[c.source], c.wareki)));
  }
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    const format = c.wareki ? undefined : NUMBER_FORMATS[c.kind];
    if (format) column.numFmt = format;
    column.width = c.kind === 'text' || c.wareki ? Math.max(16, c.header.length * 2 + 2) : 14;
  });
  sheet.views = [{ state: 'frozen', ySplit: block.length + 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The table in the format asked for, with what an HTTP answer or a file needs. */
export async function renderTable(table: ExportTable, format: TableFormat): Promise<RenderedTable> {
  switch (format) {
    case 'csv':
      return { body: tableCsv(table, 'utf8'), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
    case 'csv-sjis':
      return { body: tableCsv(table, 'cp932'), contentType: 'text/csv; charset=Shift_JIS', extension: 'csv' };
    case 'xlsx':
      return {
        body: await tableXlsx(table),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      };
  }
}
