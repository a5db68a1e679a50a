import { Injectable } from '@nestjs/common';
import { EXCEPTION_TYPES } from '../common/codes';
import { Page, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { ExceptionDetailDto, ExceptionDto, ExceptionFilter, ExceptionListQuery, ExceptionSort } from './exceptions.dto';
import { ExceptionError, ExceptionErrorCode } from './exceptions.errors';

// A register-only exception (a counter QR row whose transaction never came) takes its fields from the row.
const CATEGORY = `coalesce(p.category_code, bl.category_code, cr.category_code)`;
const CHANNEL = `coalesce(p.channel, CASE cr.method WHEN 'qr' THEN 'qr_counter' WHEN 'cash' THEN 'city_cash' END)`;
const COLUMNS = `e.id, e.type, e.status, ${CATEGORY} AS category, ${CHANNEL} AS channel,
  p.bill_number AS "billNumber", coalesce(p.payment_ref, cr.qr_transaction_id, cr.receipt_no) AS "paymentRef",
  e.expected_amount AS "expectedAmount", e.paid_amount AS "paidAmount", coalesce(p.paid_on, cr.received_on) AS "paidOn",
  e.detail, e.assignee`;
const FROM = `recon_exception e
  LEFT JOIN payment p ON p.id = e.payment_id
  LEFT JOIN bill bl ON bl.id = e.bill_id
  LEFT JOIN counter_receipt cr ON cr.id = e.receipt_id
  LEFT JOIN import_batch ib ON ib.id = e.batch_id`;

// Sort keys never NULL, so that the row comparison of keyset paging holds.
const SORTS: Record<ExceptionSort, { expr: string; desc: boolean; kind: 'int' | 'date' }> = {
  id: { expr: 'e.id', desc: false, kind: 'int' },
  '-id': { expr: 'e.id', desc: true, kind: 'int' },
  paidOn: { expr: `coalesce(p.paid_on, cr.received_on, ib.received_on, DATE '0001-01-01')`, desc: false, kind: 'date' },
  '-paidOn': { expr: `coalesce(p.paid_on, cr.received_on, ib.received_on, DATE '0001-01-01')`, desc: true, kind: 'date' },
  amount: { expr: 'coalesce(e.paid_amount, e.expected_amount, 0)', desc: false, kind: 'int' },
  '-amount': { expr: 'coalesce(e.paid_amount, e.expected_amount, 0)', desc: true, kind: 'int' },
};

function parseSortKey(key: string, sort: { kind: 'int' | 'date' }): [string | number, number] {
  const match = (sort.kind === 'date' ? /^(\d{4}-\d{2}-\d{2})~(\d+)$/ : /^(-?\d+)~(\d+)$/).exec(key);
  if (!match) throw new ExceptionError(ExceptionErrorCode.BadCursor, `key が不正です: ${key} / key does not belong to this sort order`);
  return [sort.kind === 'date' ? match[1] : Number(match[1]), Number(match[2])];
}

function withLabel<T extends ExceptionDto>(row: T): T {
  return { ...row, typeLabel: EXCEPTION_TYPES[row.type] };
}

@Injectable()
export class ExceptionsService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  private filter(query: ExceptionFilter): SqlFilter {
    return new SqlFilter()
      .add('e.municipality_code = ?', this.config.MUNICIPALITY_CODE)
      .add('e.status = ?', query.status)
      .add('e.type = ?', query.type)
      .add('coalesce(p.paid_on, cr.received_on, ib.received_on) = ?', query.date)
      .add(`${CHANNEL} = ?`, query.channel)
      .add(`${CATEGORY} = ?`, query.category)
      .add('e.assignee = ?', query.assignee);
  }

  /** Keyset pages in any of the sort orders: `(sort key, id)` compared as a row, so page 1,000 costs what page 1 does. */
  async list(query: ExceptionListQuery): Promise<Page<ExceptionDto> & { nextKey: string | null }> {
    const sort = SORTS[query.sort ?? 'id'];
    const f = this.filter(query).add('e.id > ?', query.sort === undefined || query.sort === 'id' ? query.after : undefined);
    if (query.key) {
      const [value, id] = parseSortKey(query.key, sort);
      f.clause(`(${sort.expr}, e.id) ${sort.desc ? '<' : '>'} (${f.param(value)}, ${f.param(id)})`);
    }
    const direction = sort.desc ? 'DESC' : 'ASC';
    const rows: (ExceptionDto & { sortKey: string })[] = await this.db.dataSource.query(
      `SELECT ${COLUMNS}, (${sort.expr})::text AS "sortKey" FROM ${FROM} ${f.where}
        ORDER BY ${sort.expr} ${direction}, e.id ${direction} LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
    const page = toPage(rows, query.limit);
    const last = page.items[page.items.length - 1];
    return {
      items: page.items.map(({ sortKey: _, ...row }) => withLabel(row)),
      nextCursor: page.nextCursor,
      nextKey: page.nextCursor === null ? null : `${last.sortKey}~${last.id}`,
    };
  }

  /** Every matching exception, for the CLI and exports. */
  async all(query: ExceptionFilter): Promise<ExceptionDto[]> {
    const f = this.filter(query);
    const rows: ExceptionDto[] = await this.db.dataSource.query(`SELECT ${COLUMNS} FROM ${FROM} ${f.where} ORDER BY e.id`, f.params);
    return rows.map(withLabel);
  }

  async get(id: number): Promise<ExceptionDetailDto> {
    const [row]: ExceptionDetailDto[] = await this.db.dataSource.query(
      `SELECT ${COLUMNS}, e.payment_id AS "paymentId", e.bill_id AS "billId", e.batch_id AS "batchId",
              coalesce(ib.file_name, pb.file_name, rb.file_name) AS "fileName", e.resolved_by AS "resolvedBy", e.resolution,
              to_char(e.created_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00') AS "createdAt"
         FROM ${FROM}
         LEFT JOIN import_batch pb ON pb.id = p.first_batch_id
         LEFT JOIN import_batch rb ON rb.id = cr.batch_id
        WHERE e.id = $1 AND e.municipality_code = $2`,
      [id, this.config.MUNICIPALITY_CODE],
    );
    if (!row) throw new ExceptionError(ExceptionErrorCode.NotFound, `例外 ${id} はありません / exception ${id} not found`);
    const [comments, resolutions, history] = await Promise.all([
      this.db.dataSource.query(
        `SELECT id, author, body, to_char(created_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00') AS "createdAt"
           FROM exception_comment WHERE exception_id = $1 ORDER BY id`, [id]),
      this.db.dataSource.query(
        `SELECT id, action, status, amount, requires_approval AS "requiresApproval", target_bill_id AS "targetBillId",
                target_match_id AS "targetMatchId", reason, proposed_by AS "proposedBy", decided_by AS "decidedBy",
                decided_by_deputy AS "decidedByDeputy", decision_reason AS "decisionReason",
                to_char(proposed_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00') AS "proposedAt"
           FROM resolution WHERE exception_id = $1 ORDER BY id`, [id]),
      this.db.dataSource.query(
        `SELECT a.id, to_char(a.at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00') AS at, a.actor, a.action, a.before, a.after, a.reason
           FROM audit_log a
          WHERE (a.entity = 'recon_exception' AND a.entity_id = $1::bigint::text)
             OR (a.entity = 'resolution' AND a.entity_id IN (SELECT id::text FROM resolution WHERE exception_id = $1::bigint))
          ORDER BY a.id`, [id]),
    ]);
    return { ...withLabel(row), comments, resolutions, history, writeOffLimit: this.config.WRITE_OFF_LIMIT };
  }
}
