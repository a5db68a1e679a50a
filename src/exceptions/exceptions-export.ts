import { CHANNEL_LABELS } from '../common/labels';
import type { ExportTable, PrintContext } from '../common/table-export';
import type { ExceptionDto, ExceptionFilter } from './exceptions.dto';

/** The exception list as a table for src/common/table-export.ts (csv, csv-sjis, xlsx), the filter as its period line. */
export function exceptionsTable(rows: ExceptionDto[], filter: ExceptionFilter, print: PrintContext): ExportTable {
  const said = Object.entries(filter)
    .filter(([key, value]) => value !== undefined && key !== 'format')
    .map(([key, value]) => `${key}=${String(value)}`);
  return {
    title: '例外一覧',
    ...print,
    period: said.length ? said.join(' ') : 'すべて / all',
    columns: [
      { header: '番号', kind: 'count' },
      { header: '種別', kind: 'text' },
      { header: '種別名', kind: 'text' },
      { header: '状態', kind: 'text' },
      { header: '科目コード', kind: 'text' },
      { header: '収納経路', kind: 'text' },
      { header: '納付番号', kind: 'text' },
      { header: '取引番号等', kind: 'text' },
      { header: '調定額（円）', kind: 'yen' },
      { header: '納付額（円）', kind: 'yen' },
      { header: '納付日', kind: 'date' },
      { header: '内容', kind: 'text' },
      { header: '担当者', kind: 'text' },
    ],
    rows: rows.map((e) => [
      e.id,
      e.type,
      e.typeLabel,
      e.status,
      e.category,
      e.channel ? CHANNEL_LABELS[e.channel] : null,
      e.billNumber,
      e.paymentRef,
      e.expectedAmount,
      e.paidAmount,
      e.paidOn,
      e.detail,
      e.assignee,
    ]),
  };
}
