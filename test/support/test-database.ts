import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../src/database/data-source';
import { startEmbeddedDatabase } from '../../src/database/embedded-postgres';
import { installJobQueue } from '../../src/database/job-queue';

/**
 * Each test file gets a database of its own. On a PostgreSQL server (CI, this machine) it is a
 * clone of a template migrated once per run; without one, an in-memory embedded PGlite migrated
 * for the file. Nothing is mocked at the SQL layer.
 */
export const ADMIN_URL = process.env.KESHIKOMI_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_ENV = 'KESHIKOMI_TEST_TEMPLATE';

/** Whether this run's tests have the PostgreSQL server (false: each file on an in-memory embedded PGlite). */
export function onServer(): boolean {
  return !!process.env[TEMPLATE_ENV];
}

export interface TestDatabase {
  url: string;
  embedded: boolean;
  /**
   * Back to the state it was opened in, cheaper than a new database: every table that was empty then is
   * emptied (ids restart at 1); the tables the migrations filled (code tables, migrations) are kept as they are.
   */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function serverAnswers(url = ADMIN_URL): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function migrateUrl(url: string): Promise<void> {
  const ds = createDataSource(url, { poolSize: 2 });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const [{ version }]: { version: string }[] = await ds.query('SELECT version()');
    // As `keshikomi migrate` does on a server: the job queue's schema too (none on the embedded database).
    if (!/PGlite/i.test(version)) await installJobQueue(url);
  } finally {
    await ds.destroy();
  }
}

/** One connection to `url` for `work`, closed after it. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function adminQuery(...statements: string[]): Promise<void> {
  return withClient(ADMIN_URL, async (client) => {
    for (const sql of statements) await client.query(sql);
  });
}

/**
 * A database on the server, empty or a clone of `template`. Its sessions commit without waiting for the
 * WAL to reach the disk: what a commit makes visible is the same, only a crash of the server itself could
 * lose the last commits, and a test database is thrown away then anyway. That wait is most of a small
 * transaction's time on a shared disk.
 */
export async function createDatabase(name: string, template?: string): Promise<void> {
  await adminQuery(
    `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`,
    `ALTER DATABASE ${name} SET synchronous_commit = off`,
  );
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The tables of a database that hold no row. */
function emptyTables(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    );
    const { rows: filled } = await client.query<{ name: string }>(
      tables
        .map(({ name }) => `SELECT '${name.replace(/'/g, "''")}' AS name WHERE EXISTS (SELECT FROM ${quoted(name)})`)
        .join(' UNION ALL '),
    );
    return tables.map(({ name }) => name).filter((name) => !filled.some((f) => f.name === name));
  });
}

/** Empties the tables in one statement, as the owner: past the triggers that keep audit_log and import_batch append-only. */
function truncate(url: string, tables: string[]): Promise<void> {
  return withClient(url, async (client) => {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(`TRUNCATE ${tables.map(quoted).join(', ')} RESTART IDENTITY`);
    await client.query('COMMIT');
  });
}

async function testDatabase(url: string, embedded: boolean, drop: () => Promise<void>): Promise<TestDatabase> {
  const empty = await emptyTables(url);
  return { url, embedded, reset: () => truncate(url, empty), drop };
}

export async function openEmbeddedTestDatabase(): Promise<TestDatabase> {
  const server = await startEmbeddedDatabase(null);
  await migrateUrl(server.url);
  return testDatabase(server.url, true, () => server.stop());
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return openEmbeddedTestDatabase();
  const name = `keshikomi_t_${randomBytes(6).toString('hex')}`;
  await createDatabase(name, template);
  return testDatabase(withDatabase(ADMIN_URL, name), false, () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
