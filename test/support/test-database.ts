import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../src/database/data-source';
import { startEmbeddedDatabase } from '../../src/database/embedded-postgres';

/**
 * Each test file gets a database of its own. On a PostgreSQL server (CI, this machine) it is a
 * clone of a template migrated once per run; without one, an in-memory embedded PGlite migrated
 * for the file. Nothing is mocked at the SQL layer.
 */
export const ADMIN_URL = process.env.KESHIKOMI_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_ENV = 'KESHIKOMI_TEST_TEMPLATE';

export interface TestDatabase {
  url: string;
  embedded: boolean;
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

export async function openEmbeddedTestDatabase(): Promise<TestDatabase> {
  const server = await startEmbeddedDatabase(null);
  await migrateUrl(server.url);
  return { url: server.url, embedded: true, drop: () => server.stop() };
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return openEmbeddedTestDatabase();
  const name = `keshikomi_t_${randomBytes(6).toString('hex')}`;
  await createDatabase(name, template);
  return {
    url: withDatabase(ADMIN_URL, name),
    embedded: false,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
