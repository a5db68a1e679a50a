import PgBoss from 'pg-boss';
import type { QueryRunner } from 'typeorm';

/** The job queue (pg-boss) keeps its tables in a schema of its own, beside the application's. */
export const JOB_QUEUE_SCHEMA = 'pgboss';

/** One job per inbox file of a night; stately: a file's job is never queued or running twice at once. */
export const BATCH_FILE_QUEUE = 'batch-file';
/** The night's last step once its files are in: matching once, then what follows it. */
export const BATCH_FINISH_QUEUE = 'batch-finish';
const QUEUES = [BATCH_FILE_QUEUE, BATCH_FINISH_QUEUE];

/**
 * Creates or upgrades pg-boss's schema and the queues (each a partition of its own): `keshikomi migrate` (through
 * Database.migrate) and the test template only. Every other process opens the queue with `migrate: false` and refuses to start without it.
 */
export async function installJobQueue(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, schema: JOB_QUEUE_SCHEMA, migrate: true, supervise: false, schedule: false, max: 1 });
  const failures: Error[] = [];
  boss.on('error', (error: Error) => failures.push(error));
  await boss.start();
  for (const name of QUEUES) await boss.createQueue(name, { name, policy: 'stately' });
  await boss.stop({ graceful: false, wait: true });
  if (failures.length) throw failures[0];
}

/** The queue for a process: never migrates; `supervise` (expiring jobs of killed workers) in workers only. */
export function openJobQueue(url: string, options: { supervise: boolean; maintenanceIntervalSeconds: number; max: number }): PgBoss {
  return new PgBoss({
    connectionString: url,
    schema: JOB_QUEUE_SCHEMA,
    migrate: false,
    schedule: false,
    application_name: 'keshikomi-jobs',
    ...options,
  });
}

/** pg-boss statements inside the caller's transaction: a job is sent only if what asked for it commits. */
export function inTransaction(q: QueryRunner): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: (await q.query(text, values, true)).records as unknown[] }),
  };
}
