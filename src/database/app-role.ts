import type { DataSource } from 'typeorm';
import { JOB_QUEUE_SCHEMA } from './job-queue';

/** A PostgreSQL role name keshikomi will write into GRANT statements: plain lower-case identifiers only. */
export const APP_ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The grants of the role the service runs as (docker-compose: `keshikomi_app`), given by the owner
 * after migrating (`keshikomi migrate --app-role NAME`). The role owns nothing, so it can neither
 * alter a table nor switch a trigger off; it reads and writes rows, but the audit log only takes
 * new rows, import batches are never deleted, and the migrations table is read-only to it.
 * Run again after every migration: new tables get their grants the same way.
 */
export async function grantAppRole(dataSource: DataSource, role: string): Promise<void> {
  if (!APP_ROLE_NAME.test(role)) throw new Error(`role name: a-z 0-9 _ only, got ${role}`);
  await dataSource.transaction(async (m) => {
    await m.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await m.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await m.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await m.query(`REVOKE UPDATE, DELETE ON audit_log FROM ${role}`);
    await m.query(`REVOKE DELETE ON import_batch FROM ${role}`);
    await m.query(`REVOKE INSERT, UPDATE, DELETE ON migrations FROM ${role}`);
    // The job queue (pg-boss): its rows, not its tables; `migrate` created the schema and the queues' partitions.
    const [queue]: unknown[] = await m.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [JOB_QUEUE_SCHEMA]);
    if (queue) {
      await m.query(`GRANT USAGE ON SCHEMA ${JOB_QUEUE_SCHEMA} TO ${role}`);
      await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_QUEUE_SCHEMA} TO ${role}`);
      await m.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_QUEUE_SCHEMA} TO ${role}`);
    }
  });
}
