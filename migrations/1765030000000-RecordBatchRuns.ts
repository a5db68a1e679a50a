import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nightly run as a service (issue #12): a run record per night (or per `keshikomi batch`), and one row per
 * inbox file it took. A file is known by its delivery key (its path in the inbox, size and modification time):
 * the unique index keeps a delivery from being taken twice, by a second schedule, a second API process or a
 * re-run; a file whose job gave up on a fault (`error`) may be taken again by the next night. The bytes
 * themselves are never imported twice anyway (import_batch.sha256).
 */
export class RecordBatchRuns1765030000000 implements MigrationInterface {
  name = 'RecordBatchRuns1765030000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE batch_run (
        id bigserial PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'cli')),
        night date NOT NULL,
        inbox text NOT NULL,
        status text NOT NULL DEFAULT 'importing' CHECK (status IN ('importing', 'matching', 'finished', 'failed')),
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        match jsonb,
        exports jsonb NOT NULL DEFAULT '[]',
        missing_files jsonb NOT NULL DEFAULT '[]',
        error text,
        CHECK ((status IN ('finished', 'failed')) = (finished_at IS NOT NULL))
      )`);
    // One scheduled run per night, however many API processes fire the schedule.
    await q.query(`CREATE UNIQUE INDEX ux_batch_run_scheduled_night ON batch_run (municipality_code, night) WHERE trigger = 'schedule'`);
    await q.query(`CREATE INDEX ix_batch_run_started ON batch_run (municipality_code, id DESC)`);
    await q.query(`
      CREATE TABLE batch_run_file (
        id bigserial PRIMARY KEY,
        run_id bigint NOT NULL REFERENCES batch_run (id),
        municipality_code char(6) NOT NULL DEFAULT '462144',
        delivery_key text,
        path text NOT NULL,
        format text NOT NULL,
        size_bytes bigint NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'imported', 'duplicate', 'failed', 'error')),
        import_batch_id bigint,
        records integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        error_count integer NOT NULL DEFAULT 0,
        error text,
        moved_to text,
        settled_at timestamptz,
        settled_by text,
        CHECK ((status = 'queued') = (settled_at IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX ux_batch_run_file_delivery ON batch_run_file (municipality_code, delivery_key) WHERE status <> 'error'`);
    await q.query(`CREATE INDEX ix_batch_run_file_run ON batch_run_file (run_id, status)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE batch_run_file`);
    await q.query(`DROP TABLE batch_run`);
  }
}
