import { Injectable } from '@nestjs/common';
import { FORMAT_CHANNEL, type ExceptionStatus, type ExceptionType } from '../common/codes';
import { SqlFilter } from '../common/sql-filter';
import { Database } from '../database/database';
import type { Queryable } from '../database/queryable';
import type {
  CommentDto,
  ExceptionDetailDto,
  ExceptionDto,
  ExceptionFilter,
  ExceptionSort,
  HistoryDto,
  ResolutionDto,
} from './exceptions.dto';

/** A queue row without its Japanese label (the service adds it). */
export type ExceptionRow = Omit<ExceptionDto, 'typeLabel'>;
export type ExceptionDetailRow = Omit<ExceptionDetailDto, 'typeLabel' | 'comments' | 'resolutions' | 'history' | 'writeOffLimit'>;

/** A case as the workflow acts on it, locked for the transaction: its payment, and the bill it names or is matched to. */
export interface CaseRow {
  id: number;
  type: ExceptionType;
  status: ExceptionStatus;
  municipality_code: string;
  payment_id: number | null;
  bill_id: number | null;
  expected_amount: number | null;
  paid_amount: number | null;
  paid_on: string | null;
  payment_amount: number | null;
  payer_id: string | null;
}

// A register-only exception (a counter QR row whose transaction never came) takes its fields from the row; a
// deposit exception from its payout (the format's channel, the 収入日) and its 入金 (照会番号, an unexpected one's 勘定日).
const CATEGORY = `coalesce(p.category_code, bl.category_code, cr.category_code)`;
const PAYOUT_CHANNEL = `CASE e.payout_format ${Object.entries(FORMAT_CHANNEL)
  .map(([format, channel]) => `WHEN '${format}' THEN '${channel}'`)
  .join(' ')} END`;
const CHANNEL = `coalesce(p.channel, CASE cr.method WHEN 'qr' THEN 'qr_counter' WHEN 'cash' THEN 'city_cash' END, ${PAYOUT_CHANNEL})`;
const DAY = `coalesce(p.paid_on, cr.received_on, e.payout_due_on, se.booked_on)`;
const COLUMNS = `e.id, e.type, e.status, ${CATEGORY} AS category, ${CHANNEL} AS channel,
  p.bill_number AS "billNumber", coalesce(p.payment_ref, cr.qr_transaction_id, cr.receipt_no, se.reference_no) AS "paymentRef",
  e.expected_amount AS "expectedAmount", e.paid_amount AS "paidAmount", ${DAY} AS "paidOn",
  e.detail, e.assignee`;
const FROM = `recon_exception e
  LEFT JOIN payment p ON p.id = e.payment_id
  LEFT JOIN bill bl ON bl.id = e.bill_id
  LEFT JOIN counter_receipt cr ON cr.id = e.receipt_id
  LEFT JOIN import_batch ib ON ib.id = e.batch_id
  LEFT JOIN statement_entry se ON se.id = e.statement_entry_id`;

type SortKind = 'int' | 'date';
// The payment's 納付日, else the register row's, the payout's, the statement entry's or the batch's day, else
// 0001-01-01: kept on the row (occurred_on).
const PAID_ON = 'e.occurred_on';
const AMOUNT = 'coalesce(e.paid_amount, e.expected_amount, 0)';
// Sort keys never NULL, so that the row comparison of keyset paging holds.
const SORTS: Record<ExceptionSort, { expr: string; desc: boolean; kind: SortKind }> = {
  id: { expr: 'e.id', desc: false, kind: 'int' },
  '-id': { expr: 'e.id', desc: true, kind: 'int' },
  paidOn: { expr: PAID_ON, desc: false, kind: 'date' },
  '-paidOn': { expr: PAID_ON, desc: true, kind: 'date' },
  amount: { expr: AMOUNT, desc: false, kind: 'int' },
  '-amount': { expr: AMOUNT, desc: true, kind: 'int' },
};

/** Whether a sort order's keys are whole numbers or dates: what a `key` cursor of that order must hold. */
export function sortKeyKind(sort: ExceptionSort): SortKind {
  return SORTS[sort].kind;
}

/**
 * The exception queue and a case's records: the list in every sort order with keyset paging, a case's
 * detail with its comments, resolutions and audit history, and the writes of the case's own life cycle
 * (status, assignee, comments). Instants are shown with `tokyo_time` (migration DefineDomainQuantities).
 */
@Injectable()
export class ExceptionsRepository {
  constructor(private readonly db: Database) {}

  private filter(municipalityCode: string, query: ExceptionFilter): SqlFilter {
    return new SqlFilter()
      .add('e.municipality_code = ?', municipalityCode)
      .add('e.status = ?', query.status)
      .add('e.type = ?', query.type)
      .add('e.occurred_on = ?', query.date)
      .add(`${CHANNEL} = ?`, query.channel)
      .add(`${CATEGORY} = ?`, query.category)
      .add('e.assignee = ?', query.assignee);
  }

  /**
   * One page in `sort` order, `limit + 1` rows (the extra says whether a next page exists), each with its
   * sort key as text. `after` is the id cursor of sort=id; `key` is a (sort key, id) cursor of any order.
   */
  page(
    municipalityCode: string,
    query: ExceptionFilter,
    page: { sort: ExceptionSort; after?: number; key?: [string | number, number]; limit: number },
  ): Promise<(ExceptionRow & { sortKey: string })[]> {
    const sort = SORTS[page.sort];
    const f = this.filter(municipalityCode, query).add('e.id > ?', page.sort === 'id' ? page.after : undefined);
    if (page.key) f.clause(`(${sort.expr}, e.id) ${sort.desc ? '<' : '>'} (${f.param(page.key[0])}, ${f.param(page.key[1])})`);
    const direction = sort.desc ? 'DESC' : 'ASC';
    return this.db.dataSource.query(
      `SELECT ${COLUMNS}, (${sort.expr})::text AS "sortKey" FROM ${FROM} ${f.where}
        ORDER BY ${sort.expr} ${direction}, e.id ${direction} LIMIT ${f.param(page.limit + 1)}`,
      f.params,
    );
  }

  /** Every exception the filter selects, by id. */
  all(municipalityCode: string, query: ExceptionFilter): Promise<ExceptionRow[]> {
    const f = this.filter(municipalityCode, query);
    return this.db.dataSource.query(`SELECT ${COLUMNS} FROM ${FROM} ${f.where} ORDER BY e.id`, f.params);
  }

  async detail(municipalityCode: string, id: number): Promise<ExceptionDetailRow | undefined> {
    const [row]: ExceptionDetailRow[] = await this.db.dataSource.query(
      `SELECT ${COLUMNS}, e.payment_id AS "paymentId", e.bill_id AS "billId", e.batch_id AS "batchId",
              coalesce(ib.file_name, pb.file_name, rb.file_name, sb.file_name) AS "fileName", e.resolved_by AS "resolvedBy", e.resolution,
              tokyo_time(e.created_at) AS "createdAt"
         FROM ${FROM}
         LEFT JOIN import_batch pb ON pb.id = p.first_batch_id
         LEFT JOIN import_batch rb ON rb.id = cr.batch_id
         LEFT JOIN import_batch sb ON sb.id = se.batch_id
        WHERE e.id = $1 AND e.municipality_code = $2`,
      [id, municipalityCode],
    );
    return row;
  }

  comments(exceptionId: number): Promise<CommentDto[]> {
    return this.db.dataSource.query(
      `SELECT id, author, body, tokyo_time(created_at) AS "createdAt" FROM exception_comment WHERE exception_id = $1 ORDER BY id`,
      [exceptionId],
    );
  }

  resolutions(exceptionId: number): Promise<ResolutionDto[]> {
    return this.db.dataSource.query(
      `SELECT id, action, status, amount, requires_approval AS "requiresApproval", target_bill_id AS "targetBillId",
              target_match_id AS "targetMatchId", reason, proposed_by AS "proposedBy", decided_by AS "decidedBy",
              decided_by_deputy AS "decidedByDeputy", decision_reason AS "decisionReason", tokyo_time(proposed_at) AS "proposedAt"
         FROM resolution WHERE exception_id = $1 ORDER BY id`,
      [exceptionId],
    );
  }

  /** The audit rows of the case and of its resolutions, oldest first. */
  history(exceptionId: number): Promise<HistoryDto[]> {
    return this.db.dataSource.query(
      `SELECT a.id, tokyo_time(a.at) AS at, a.actor, a.action, a.before, a.after, a.reason
         FROM audit_log a
        WHERE (a.entity = 'recon_exception' AND a.entity_id = $1::bigint::text)
           OR (a.entity = 'resolution' AND a.entity_id IN (SELECT id::text FROM resolution WHERE exception_id = $1::bigint))
        ORDER BY a.id`,
      [exceptionId],
    );
  }

  /** The case, locked until the transaction ends; its bill is the one it names, else the one its payment stands matched to. */
  async lockCase(q: Queryable, municipalityCode: string, id: number): Promise<CaseRow | undefined> {
    const [row]: CaseRow[] = await q.query(
      `SELECT e.id, e.type, e.status, e.municipality_code, e.payment_id, e.bill_id, e.expected_amount, e.paid_amount,
              coalesce(p.paid_on, e.payout_due_on) AS paid_on, p.amount AS payment_amount, b.payer_id
         FROM recon_exception e
         LEFT JOIN payment p ON p.id = e.payment_id
         LEFT JOIN bill b ON b.id = coalesce(e.bill_id, (SELECT s.bill_id FROM standing_match s WHERE s.payment_id = e.payment_id
                                                         ORDER BY s.id LIMIT 1))
        WHERE e.id = $1 AND e.municipality_code = $2
        FOR UPDATE OF e`,
      [id, municipalityCode],
    );
    return row;
  }

  /** A new status; closing it records who closed it and how. */
  async setStatus(
    q: Queryable,
    id: number,
    to: ExceptionStatus,
    closedBy: { loginName: string; resolution: string } | null,
  ): Promise<void> {
    await q.query(
      `UPDATE recon_exception SET status = $2, updated_at = now(),
              resolved_by = CASE WHEN $3 THEN $4 ELSE resolved_by END,
              resolution = CASE WHEN $3 THEN $5 ELSE resolution END
        WHERE id = $1`,
      [id, to, closedBy !== null, closedBy?.loginName ?? null, closedBy?.resolution ?? null],
    );
  }

  async setAssignee(q: Queryable, id: number, assignee: string): Promise<void> {
    await q.query(`UPDATE recon_exception SET assignee = $2, updated_at = now() WHERE id = $1`, [id, assignee]);
  }

  async addComment(q: Queryable, c: { municipalityCode: string; exceptionId: number; author: string; body: string }): Promise<number> {
    const [row]: { id: number }[] = await q.query(
      `INSERT INTO exception_comment (municipality_code, exception_id, author, body) VALUES ($1, $2, $3, $4) RETURNING id`,
      [c.municipalityCode, c.exceptionId, c.author, c.body],
    );
    return row.id;
  }

  /** The proposal waiting for a manager on this case, if any (at most one: a unique index). */
  async pendingProposal(q: Queryable, exceptionId: number): Promise<{ id: number; proposedBy: string } | undefined> {
    const [pending]: { id: number; proposedBy: string }[] = await q.query(
      `SELECT id, proposed_by AS "proposedBy" FROM resolution WHERE exception_id = $1 AND status = 'proposed'`,
      [exceptionId],
    );
    return pending;
  }

  /** Whether `loginName` is an active staff member or manager who may take cases. */
  async isActiveStaff(q: Queryable, municipalityCode: string, loginName: string): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `SELECT 1 FROM app_user WHERE municipality_code = $1 AND login_name = $2 AND NOT disabled AND role IN ('staff', 'manager')`,
      [municipalityCode, loginName],
    );
    return rows.length > 0;
  }
}
