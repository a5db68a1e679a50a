import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import type { Queryable } from '../../database/queryable';

export interface DayAction {
  action: 'close' | 'reopen';
  actor: string;
  reason: string | null;
  at: string;
}

/**
 * 日次締め: the append-only record of closes and reopenings of a business day. Whether a day is closed is
 * the view `closed_day` (migration DefineDomainQuantities), which matching reads too; times are `tokyo_time`.
 */
@Injectable()
export class DaysRepository {
  constructor(private readonly db: Database) {}

  /** Every close and reopen of the day, oldest first. */
  history(municipalityCode: string, day: string): Promise<DayAction[]> {
    return this.db.dataSource.query(
      `SELECT action, actor, reason, tokyo_time(at) AS at
         FROM daily_close WHERE municipality_code = $1 AND business_date = $2 ORDER BY id`,
      [municipalityCode, day],
    );
  }

  async isClosed(q: Queryable, municipalityCode: string, day: string): Promise<boolean> {
    const rows: unknown[] = await q.query(`SELECT 1 FROM closed_day WHERE municipality_code = $1 AND business_date = $2`, [
      municipalityCode,
      day,
    ]);
    return rows.length > 0;
  }

  /** The day's exceptions that are neither resolved nor carried over (in review with an assignee). */
  async blockingExceptions(q: Queryable, municipalityCode: string, day: string): Promise<number[]> {
    const rows: { id: number }[] = await q.query(
      `SELECT e.id FROM recon_exception e
         LEFT JOIN payment p ON p.id = e.payment_id
         LEFT JOIN counter_receipt cr ON cr.id = e.receipt_id
         LEFT JOIN import_batch ib ON ib.id = e.batch_id
        WHERE e.municipality_code = $1 AND coalesce(p.paid_on, cr.received_on, ib.received_on) = $2
          AND (e.status = 'open' OR (e.status = 'in_review' AND e.assignee IS NULL))
        ORDER BY e.id`,
      [municipalityCode, day],
    );
    return rows.map((r) => r.id);
  }

  async record(
    q: Queryable,
    a: { municipalityCode: string; day: string; action: 'close' | 'reopen'; actor: string; reason: string | null },
  ): Promise<void> {
    await q.query(`INSERT INTO daily_close (municipality_code, business_date, action, actor, reason) VALUES ($1, $2, $3, $4, $5)`, [
      a.municipalityCode,
      a.day,
      a.action,
      a.actor,
      a.reason,
    ]);
  }
}
