import { Injectable } from '@nestjs/common';
import { addCalendarDays, businessDayOnOrBefore, IsoDate, todayInTokyo } from '../common/calendar';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { DailyReconciliationDto } from './reconciliation.dto';

/** One day's reconciliation as the 会計課 reviews it in the morning. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /** The business day before today: what the 会計課 reviews in the morning. */
  lastBusinessDay(today: IsoDate = todayInTokyo()): IsoDate {
    return businessDayOnOrBefore(addCalendarDays(today, -1));
  }

  async daily(date: IsoDate = this.lastBusinessDay()): Promise<DailyReconciliationDto> {
    const m = this.config.MUNICIPALITY_CODE;
    const q = <T>(sql: string, params: unknown[]) => this.db.dataSource.query(sql, params) as Promise<T[]>;
    const [imports, payments, exceptions, expected] = await Promise.all([
      q<DailyReconciliationDto['imports'][number]>(
        `SELECT id, file_name AS "fileName", format, status, records, accepted, rejected,
                jsonb_array_length(control_issues) = 0 AS "controlsOk"
           FROM import_batch WHERE municipality_code = $1 AND received_on = $2 ORDER BY id`, [m, date]),
      q<DailyReconciliationDto['payments'][number]>(
        `SELECT p.channel, count(*)::int AS count, sum(p.amount)::bigint AS amount,
                (count(*) FILTER (WHERE s.by_system))::int AS "autoMatched",
                (count(*) FILTER (WHERE s.by_person))::int AS "manuallyMatched",
                (count(*) FILTER (WHERE s.by_system IS NOT TRUE AND s.by_person IS NOT TRUE))::int AS unmatched
           FROM payment p
           LEFT JOIN LATERAL (
             SELECT bool_or(m.created_by = 'system') AS by_system, bool_or(m.created_by <> 'system') AS by_person
               FROM match m
              WHERE m.payment_id = p.id AND m.kind = 'apply'
                AND NOT EXISTS (SELECT 1 FROM match r WHERE r.reverses_match_id = m.id)) s ON true
          WHERE p.municipality_code = $1 AND p.paid_on = $2 AND p.state <> 'cancelled'
          GROUP BY p.channel ORDER BY p.channel`, [m, date]),
      q<DailyReconciliationDto['openExceptions'][number]>(
        `SELECT type, count(*)::int AS count FROM recon_exception
          WHERE municipality_code = $1 AND status IN ('open', 'in_review') GROUP BY type ORDER BY type`, [m]),
      q<{ format: string; arrived: boolean; lastReceivedOn: string | null }>(
        `SELECT f.format, bool_or(b.received_on = $2) IS TRUE AS arrived, max(b.received_on)::text AS "lastReceivedOn"
           FROM unnest($3::text[]) AS f(format)
           LEFT JOIN import_batch b ON b.municipality_code = $1 AND b.format = f.format AND b.received_on <= $2
                                   AND b.status = 'imported'
          GROUP BY f.format ORDER BY f.format`, [m, date, this.config.KESHIKOMI_EXPECTED_DAILY]),
    ]);
    const missingFiles = expected.filter((f) => !f.arrived).map(({ format, lastReceivedOn }) => ({ format, lastReceivedOn }));
    return { date, imports, payments, openExceptions: exceptions, missingFiles };
  }
}
