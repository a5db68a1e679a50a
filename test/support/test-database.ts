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

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
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
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: withDatabase(ADMIN_URL, name),
    embedded: false,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
