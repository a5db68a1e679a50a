import { Injectable } from '@nestjs/common';
import type { PaymentEventKind, SettlementState } from '../common/codes';
import type { Queryable } from '../database/queryable';

/** An export target's settings: the business system, its categories, encoding, folder and columns. */
interface TargetFields {
  system: string;
  name: string;
  categories: string[];
  encoding: 'cp932' | 'utf8';
  dir: string | null;
  columns: string[];
}

export interface ExportTargetRow extends TargetFields {
  id: number;
  updated_by: string;
  updated_at: string;
}

export interface TargetSettings extends TargetFields {
  updatedBy: string;
}

/** One 収納結果 event with what its row shows: the payment, its bill and its 消込状態 now. */
export interface ResultEventRow {
  event_id: number;
  kind: PaymentEventKind;
  /** The state a decision led to; null for load events (they show `state`, what matching decided). */
  decided_state: SettlementState | null;
  state: SettlementState;
  recorded_on: string;
  payment_id: number;
  bill_number: string | null;
  payer_id: string | null;
  category_code: string | null;
  category_name: string | null;
  fiscal_year: number | null;
  installment: string | null;
  due_date: string | null;
  bill_amount: number | null;
  paid_on: string;
  income_on: string | null;
  cancelled_income_on: string | null;
  channel: string;
  provider_code: string | null;
  means_code: string | null;
  amount: number;
  applied: number;
}

export interface NewRun {
  id: number;
  municipalityCode: string;
  targetId: number;
  selection: 'since_last' | 'range';
  fromOn: string | null;
  toOn: string | null;
  rows: number;
  amount: number;
  encoding: string;
  fileName: string;
  filePath: string | null;
  sha256: string;
  content: Buffer;
  createdBy: string;
}

export interface RunRow {
  id: number;
  system: string;
  selection: 'since_last' | 'range';
  from_on: string | null;
  to_on: string | null;
  rows: number;
  amount: number;
  encoding: 'cp932' | 'utf8';
  file_name: string;
  file_path: string | null;
  sha256: string;
  created_by: string;
  created_at: string;
}

export interface TargetStatusRow {
  system: string;
  name: string;
  last_run_id: number | null;
  last_run_at: string | null;
  pending_events: number;
  pending_since: string | null;
}

export interface DunningHoldRow {
  bill_number: string;
  payer_id: string;
  category_code: string;
  fiscal_year: number;
  installment: string;
  due_date: string;
  payment_id: number;
  paid_on: string;
  channel: string;
  amount: number;
  /** 速報 while only the 速報 is known; 確報 once the 確報 has come but has not been sent. */
  known_as: 'preliminary' | 'final';
  received_on: string;
}

export interface FailedDebitRow {
  id: number;
  debit_on: string;
  result_code: string;
  bill_number: string | null;
  payer_id: string | null;
  category_code: string | null;
  amount: number;
  provider_code: string | null;
  follow_up_note: string | null;
  followed_up_by: string | null;
  followed_up_at: string | null;
}

const TARGET_COLUMNS = `id, system, name, categories, encoding, dir, columns, updated_by, tokyo_time(updated_at) AS updated_at`;
const RUN_COLUMNS = `r.id, t.system, r.selection, r.from_on, r.to_on, r.rows, r.amount, r.encoding, r.file_name, r.file_path, r.sha256,
                     r.created_by, tokyo_time(r.created_at) AS created_at`;

/** An event's 科目: its own bill's (a decision about another bill), else the payment's, else its bill's. */
const EVENT_CATEGORY = `coalesce(eb.category_code, p.category_code, b.category_code)`;

/**
 * The events of 収納結果 with their row's values, filtered by `where` ($1 municipality, $2 categories). A
 * payment's 科目 is its own, else its bill's (as the cashless report counts it); a decision about another bill
 * (手動消込, the bill a 充当 fed) is that bill's, with its 納付番号 and 宛名番号. The events of a file that matching has
 * not yet run over wait for the next run: their 消込状態 is not known yet.
 */
const RESULT_EVENTS = (where: string) => `
  SELECT e.id AS event_id, e.kind, e.settlement_state AS decided_state, s.state, e.recorded_on, p.id AS payment_id,
         coalesce(eb.bill_number, p.bill_number) AS bill_number, coalesce(eb.payer_id, b.payer_id) AS payer_id,
         ${EVENT_CATEGORY} AS category_code, c.name AS category_name, coalesce(eb.fiscal_year, b.fiscal_year) AS fiscal_year,
         coalesce(eb.installment, b.installment) AS installment, coalesce(eb.due_date, b.due_date) AS due_date,
         coalesce(eb.amount, b.amount) AS bill_amount, p.paid_on, p.income_on, p.cancelled_income_on, p.channel, p.provider_code,
         p.means_code, e.amount, s.applied
    FROM payment_event e
    JOIN payment p ON p.id = e.payment_id
    JOIN payment_settlement_state s ON s.payment_id = p.id
    LEFT JOIN bill eb ON eb.id = e.bill_id
    LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
    LEFT JOIN revenue_category c ON c.municipality_code = p.municipality_code AND c.code = ${EVENT_CATEGORY}
   WHERE e.municipality_code = $1 AND ${EVENT_CATEGORY} = ANY($2::text[]) AND ${where}
     AND NOT EXISTS (SELECT 1 FROM import_batch ib WHERE ib.id = e.batch_id AND ib.matched_at IS NULL)
   ORDER BY e.id`;

/**
 * 連携出力: the business systems (export_target), the files written for them (export_run) and which events
 * each received (export_run_event), the 督促抑止 list and the 振替不能 list. The events are `payment_event`,
 * a payment's 消込状態 `payment_settlement_state` (migration RecordPaymentEventsAndExports).
 */
@Injectable()
export class ExportsRepository {
  targets(q: Queryable, m: string): Promise<ExportTargetRow[]> {
    return q.query(`SELECT ${TARGET_COLUMNS} FROM export_target WHERE municipality_code = $1 ORDER BY system`, [m]);
  }

  /** The system's settings; locked until the transaction ends when `lock` (one run per system at a time). */
  async target(q: Queryable, m: string, system: string, lock = false): Promise<ExportTargetRow | undefined> {
    const [row]: ExportTargetRow[] = await q.query(
      `SELECT ${TARGET_COLUMNS} FROM export_target WHERE municipality_code = $1 AND system = $2${lock ? ' FOR UPDATE' : ''}`,
      [m, system],
    );
    return row;
  }

  async saveTarget(q: Queryable, m: string, t: TargetSettings): Promise<ExportTargetRow> {
    const [row]: ExportTargetRow[] = await q.query(
      `INSERT INTO export_target (municipality_code, system, name, categories, encoding, dir, columns, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (municipality_code, system) DO UPDATE
          SET name = EXCLUDED.name, categories = EXCLUDED.categories, encoding = EXCLUDED.encoding, dir = EXCLUDED.dir,
              columns = EXCLUDED.columns, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${TARGET_COLUMNS}`,
      [m, t.system, t.name, t.categories, t.encoding, t.dir, t.columns, t.updatedBy],
    );
    return row;
  }

  /** The category codes that exist, to refuse a target naming another. */
  async categoryCodes(q: Queryable, m: string): Promise<string[]> {
    const rows: { code: string }[] = await q.query(`SELECT code FROM revenue_category WHERE municipality_code = $1 ORDER BY code`, [m]);
    return rows.map((r) => r.code);
  }

  /** Every event of the system's categories it has not been sent yet, in the order recorded. */
  unsentEvents(q: Queryable, m: string, target: { id: number; categories: string[] }): Promise<ResultEventRow[]> {
    return q.query(RESULT_EVENTS(`NOT EXISTS (SELECT 1 FROM export_run_event x WHERE x.target_id = $3 AND x.event_id = e.id)`), [
      m,
      target.categories,
      target.id,
    ]);
  }

  /** The events of the system's categories recorded on the Tokyo days from–to, sent or not. */
  eventsRecorded(q: Queryable, m: string, categories: string[], from: string, to: string): Promise<ResultEventRow[]> {
    return q.query(RESULT_EVENTS(`e.recorded_on BETWEEN $3 AND $4`), [m, categories, from, to]);
  }

  /** The next run's number, taken before it is written (its file is named by it). */
  async nextRunId(q: Queryable): Promise<number> {
    const [{ id }]: { id: number }[] = await q.query(`SELECT nextval(pg_get_serial_sequence('export_run', 'id')) AS id`);
    return id;
  }

  async insertRun(q: Queryable, run: NewRun): Promise<void> {
    await q.query(
      `INSERT INTO export_run (id, municipality_code, target_id, selection, from_on, to_on, rows, amount, encoding, file_name, file_path,
                               sha256, content, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        run.id,
        run.municipalityCode,
        run.targetId,
        run.selection,
        run.fromOn,
        run.toOn,
        run.rows,
        run.amount,
        run.encoding,
        run.fileName,
        run.filePath,
        run.sha256,
        run.content,
        run.createdBy,
      ],
    );
  }

  /** The events the run sent, with their row numbers; the key refuses sending one twice to the same system. */
  async markSent(q: Queryable, targetId: number, runId: number, eventIds: number[]): Promise<void> {
    if (!eventIds.length) return;
    await q.query(
      `INSERT INTO export_run_event (target_id, event_id, run_id, row_no)
       SELECT $1, ev.id, $2, ev.row_no FROM unnest($3::bigint[]) WITH ORDINALITY AS ev(id, row_no)`,
      [targetId, runId, eventIds],
    );
  }

  runs(q: Queryable, m: string, system: string | undefined, limit: number): Promise<RunRow[]> {
    return q.query(
      `SELECT ${RUN_COLUMNS} FROM export_run r JOIN export_target t ON t.id = r.target_id
        WHERE r.municipality_code = $1 AND ($2::text IS NULL OR t.system = $2)
        ORDER BY r.id DESC LIMIT $3`,
      [m, system ?? null, limit],
    );
  }

  async run(q: Queryable, m: string, id: number): Promise<(RunRow & { content: Buffer; dir: string | null }) | undefined> {
    const [row]: (RunRow & { content: Buffer; dir: string | null })[] = await q.query(
      `SELECT ${RUN_COLUMNS}, r.content, t.dir FROM export_run r JOIN export_target t ON t.id = r.target_id
        WHERE r.municipality_code = $1 AND r.id = $2`,
      [m, id],
    );
    return row;
  }

  /**
   * Per system: its last run, and the load events of its categories newer than the newest it was sent (the
   * dashboard's warning; by event number, so it reads only what came since, never the whole log).
   */
  status(q: Queryable, m: string): Promise<TargetStatusRow[]> {
    return q.query(
      `SELECT t.system, t.name, last.id AS last_run_id, tokyo_time(last.created_at) AS last_run_at,
              coalesce(pending.n, 0)::int AS pending_events, tokyo_time(pending.since) AS pending_since
         FROM export_target t
         LEFT JOIN LATERAL (SELECT r.id, r.created_at FROM export_run r WHERE r.target_id = t.id ORDER BY r.id DESC LIMIT 1) last ON true
         LEFT JOIN LATERAL (SELECT coalesce(max(x.event_id), 0) AS up_to FROM export_run_event x WHERE x.target_id = t.id) sent ON true
         LEFT JOIN LATERAL (
           SELECT count(*) AS n, min(e.recorded_at) AS since
             FROM payment_event e JOIN payment p ON p.id = e.payment_id
            WHERE e.id > sent.up_to AND e.municipality_code = t.municipality_code AND e.batch_id IS NOT NULL
              AND (p.category_code = ANY(t.categories)
                   OR (p.category_code IS NULL
                       AND EXISTS (SELECT 1 FROM bill b
                                    WHERE b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
                                      AND b.category_code = ANY(t.categories))))) pending ON true
        WHERE t.municipality_code = $1
        ORDER BY t.system`,
      [m],
    );
  }

  /**
   * 督促抑止: the bills of the categories with money received by `asOf` (a 速報 or 確報 recorded by then, not
   * cancelled by then) whose 確報 had not been sent to the system by then (a run of that Tokyo day or before).
   */
  dunningHold(q: Queryable, m: string, target: { id: number; categories: string[] }, asOf: string): Promise<DunningHoldRow[]> {
    return q.query(
      `SELECT b.bill_number, b.payer_id, b.category_code, b.fiscal_year, b.installment, b.due_date, p.id AS payment_id, p.paid_on,
              p.channel, p.amount, known.kind AS known_as, known.recorded_on AS received_on
         FROM payment p
         JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
         JOIN LATERAL (SELECT e.kind, min(e.recorded_on) OVER () AS recorded_on FROM payment_event e
                        WHERE e.payment_id = p.id AND e.kind IN ('preliminary', 'final') AND e.recorded_on <= $4
                        ORDER BY e.id DESC LIMIT 1) known ON true
        WHERE p.municipality_code = $1 AND coalesce(p.category_code, b.category_code) = ANY($3::text[])
          AND NOT EXISTS (SELECT 1 FROM payment_event c WHERE c.payment_id = p.id AND c.kind = 'cancel' AND c.recorded_on <= $4)
          AND NOT EXISTS (SELECT 1 FROM payment_event f
                            JOIN export_run_event x ON x.event_id = f.id AND x.target_id = $2
                            JOIN export_run r ON r.id = x.run_id
                           WHERE f.payment_id = p.id AND f.kind = 'final' AND (r.created_at AT TIME ZONE 'Asia/Tokyo')::date <= $4)
        ORDER BY b.payer_id, b.bill_number, p.id`,
      [m, target.id, target.categories, asOf],
    );
  }

  /** 振替不能 with 引落日 from–to, with the bill's 宛名番号 and whether someone followed it up. */
  failedDebits(q: Queryable, m: string, from: string, to: string, onlyOpen: boolean): Promise<FailedDebitRow[]> {
    return q.query(
      `SELECT f.id, f.debit_on, f.result_code, f.bill_number, b.payer_id,
              coalesce(b.category_code, substr(f.bill_number, 1, 2)) AS category_code,
              f.amount, f.provider_code, u.note AS follow_up_note, u.followed_up_by, tokyo_time(u.followed_up_at) AS followed_up_at
         FROM failed_debit f
         LEFT JOIN bill b ON b.municipality_code = f.municipality_code AND b.bill_number = f.bill_number
         LEFT JOIN failed_debit_follow_up u ON u.failed_debit_id = f.id
        WHERE f.municipality_code = $1 AND f.debit_on BETWEEN $2 AND $3 AND (NOT $4 OR u.failed_debit_id IS NULL)
        ORDER BY f.debit_on, f.id`,
      [m, from, to, onlyOpen],
    );
  }

  async failedDebitExists(q: Queryable, m: string, id: number): Promise<boolean> {
    const rows: unknown[] = await q.query(`SELECT 1 FROM failed_debit WHERE municipality_code = $1 AND id = $2`, [m, id]);
    return rows.length > 0;
  }

  /** Marks the 振替不能 followed up; false when it already was (the first follow-up stands). */
  async followUp(q: Queryable, m: string, id: number, note: string, by: string): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `INSERT INTO failed_debit_follow_up (failed_debit_id, municipality_code, note, followed_up_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (failed_debit_id) DO NOTHING RETURNING 1`,
      [id, m, note, by],
    );
    return rows.length > 0;
  }
}
