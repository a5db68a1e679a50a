import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';

export interface ImportFigures {
  format: string;
  status: string;
  batches: number;
  records: number;
  accepted: number;
  rejected: number;
  seconds: number;
}

export interface LastRunFigures {
  status: string;
  startedAt: number;
  finishedAt: number;
  files: number;
  errors: number;
  missing: number;
}

/** What /metrics reads: from the database, so the figures are the same whichever process (API, worker) did the work. */
@Injectable()
export class MetricsRepository {
  private readonly municipality: string;

  constructor(
    private readonly db: Database,
    config: AppConfig,
  ) {
    this.municipality = config.MUNICIPALITY_CODE;
  }

  imports(): Promise<ImportFigures[]> {
    return this.db.dataSource.query(
      `SELECT format, status, count(*)::int AS batches, COALESCE(sum(records), 0)::float8 AS records,
              COALESCE(sum(accepted), 0)::float8 AS accepted, COALESCE(sum(rejected), 0)::float8 AS rejected,
              COALESCE(sum(extract(epoch FROM finished_at - started_at)), 0)::float8 AS seconds
         FROM import_batch WHERE municipality_code = $1 GROUP BY format, status ORDER BY format, status`,
      [this.municipality],
    );
  }

  openExceptions(): Promise<{ type: string; count: number }[]> {
    return this.db.dataSource.query(
      `SELECT type, count(*)::int AS count FROM recon_exception
        WHERE municipality_code = $1 AND status IN ('open', 'in_review') GROUP BY type ORDER BY type`,
      [this.municipality],
    );
  }

  async lastRun(): Promise<LastRunFigures | undefined> {
    const [row]: LastRunFigures[] = await this.db.dataSource.query(
      `SELECT r.status, extract(epoch FROM r.started_at)::float8 AS "startedAt", extract(epoch FROM r.finished_at)::float8 AS "finishedAt",
              (SELECT count(*) FROM batch_run_file f WHERE f.run_id = r.id)::int AS files,
              (SELECT count(*) FROM batch_run_file f WHERE f.run_id = r.id AND f.status = 'error')::int AS errors,
              jsonb_array_length(r.missing_files) AS missing
         FROM batch_run r WHERE r.municipality_code = $1 AND r.finished_at IS NOT NULL ORDER BY r.id DESC LIMIT 1`,
      [this.municipality],
    );
    return row;
  }
}
