import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';

/**
 * Set-based writes of many rows in one statement: COPY on a PostgreSQL server, chunked multi-row
 * INSERTs on the embedded database (its socket server loses protocol sync on COPY FROM STDIN).
 * Both run on the caller's query runner, so they belong to its transaction. A Buffer is written as
 * bytea, any other object as JSON.
 */
export type BulkValue = string | number | boolean | null | Buffer | object;

const MAX_BIND_PARAMETERS = 65_535;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(value: BulkValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  // bytea in COPY's text format: hex, its backslash escaped like any other.
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // Most fields need no escaping; testing first spares a replace per field.
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

function bindValue(value: BulkValue): unknown {
  // A Buffer binds as bytea; other objects are jsonb.
  return value !== null && typeof value === 'object' && !Buffer.isBuffer(value) ? JSON.stringify(value) : value;
}

export async function bulkWrite(
  runner: QueryRunner,
  useCopy: boolean,
  table: string,
  columns: readonly string[],
  rows: readonly BulkValue[][],
): Promise<void> {
  if (rows.length === 0) return;
  const columnList = columns.join(', ');
  if (useCopy) {
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    const body = rows.map((row) => row.map(copyText).join('\t')).join('\n') + '\n';
    const stream = client.query(copyFrom(`COPY ${table} (${columnList}) FROM STDIN`));
    await pipeline(Readable.from([body]), stream);
    return;
  }
  const perStatement = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((value) => `$${params.push(bindValue(value))}`).join(', ')})`);
    await runner.query(`INSERT INTO ${table} (${columnList}) VALUES ${tuples.join(', ')}`, params);
  }
}
