import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/calendar';
import type { ExpectedDelivery } from '../common/expected-deliveries';
import { Database } from '../database/database';
import type { DailyReconciliationDto } from './reconciliation.dto';

/**
 * Reconciliation's queries: which imported batches still wait for a matching run, and the daily summary's
 * reads (本日の消込). Whether a payment is matched, and by whom, is read from
 * `standing_match` (migration DefineDomainQuantities), the definition matching and the evidence card use.
 */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly db: Database) {}

  /** Files received on the day, held and refused ones included. */
  importsReceived(municipalityCode: string, date: IsoDate): Promise<DailyReconciliationDto['imports']> {
    return this.db.dataSource.query(
      `SELECT id, file_name AS "fileName", format, status, records, accepted, rejected,
              jsonb_array_length(control_issues) = 0 AS "controlsOk"
         FROM import_batch WHERE municipality_code = $1 AND received_on = $2 ORDER BY id`,
      [municipalityCode, date],
    );
  }

  /** The latest day files were received on (取込済), or null before the first import. */
  async latestImportDay(municipalityCode: string): Promise<IsoDate | null> {
    const [row]: { day: IsoDate | null }[] = await this.db.dataSource.query(
      `SELECT max(received_on) AS day FROM import_batch WHERE municipality_code = $1 AND status = 'imported'`,
      [municipalityCode],
    );
    return row.day;
  }

  /** How many files an actor (the demo's `samples`) has imported. */
  async filesImportedBy(municipalityCode: string, actor: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.dataSource.query(
      `SELECT count(*)::int AS n FROM import_batch WHERE municipality_code = $1 AND imported_by = $2`,
      [municipalityCode, actor],
    );
    return row.n;
  }

  /** Payments paid on the day by channel: how many, how much, matched by the machine, by a person, or not at all. */
  paymentsByChannel(municipalityCode: string, date: IsoDate): Promise<DailyReconciliationDto['payments']> {
    return this.db.dataSource.query(
      `SELECT p.channel, count(*)::int AS count, sum(p.amount)::bigint AS amount,
              (count(*) FILTER (WHERE s.by_system))::int AS "autoMatched",
              (count(*) FILTER (WHERE s.by_person))::int AS "manuallyMatched",
              (count(*) FILTER (WHERE s.by_system IS NOT TRUE AND s.by_person IS NOT TRUE))::int AS unmatched
         FROM payment p
         LEFT JOIN LATERAL (
           SELECT bool_or(m.created_by = 'system') AS by_system, bool_or(m.created_by <> 'system') AS by_person
             FROM standing_match m WHERE m.payment_id = p.id) s ON true
        WHERE p.municipality_code = $1 AND p.paid_on = $2 AND p.state <> 'cancelled'
        GROUP BY p.channel ORDER BY p.channel`,
      [municipalityCode, date],
    );
  }

  /** Exceptions still in the queue (every day's), by type. */
  openExceptions(municipalityCode: string): Promise<DailyReconciliationDto['openExceptions']> {
    return this.db.dataSource.query(
      `SELECT type, count(*)::int AS count FROM recon_exception
        WHERE municipality_code = $1 AND status IN ('open', 'in_review') GROUP BY type ORDER BY type`,
      [municipalityCode],
    );
  }

  /** The files the city expects and their weekdays (expected_delivery). */
  expectedDeliveries(municipalityCode: string): Promise<ExpectedDelivery[]> {
    return this.db.dataSource.query(
      `SELECT format, weekdays::int[] AS weekdays FROM expected_delivery WHERE municipality_code = $1 ORDER BY format`,
      [municipalityCode],
    );
  }

  /** For each expected format: whether an imported file of it was received on the day, and the last day one was. */
  arrivals(
    municipalityCode: string,
    date: IsoDate,
    formats: readonly string[],
  ): Promise<{ format: string; arrived: boolean; lastReceivedOn: string | null }[]> {
    return this.db.dataSource.query(
      `SELECT f.format, bool_or(b.received_on = $2) IS TRUE AS arrived, max(b.received_on)::text AS "lastReceivedOn"
         FROM unnest($3::text[]) AS f(format)
         LEFT JOIN import_batch b ON b.municipality_code = $1 AND b.format = f.format AND b.received_on <= $2
                                 AND b.status = 'imported'
        GROUP BY f.format ORDER BY f.format`,
      [municipalityCode, date, formats],
    );
  }
}
