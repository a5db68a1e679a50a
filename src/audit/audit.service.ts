import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';

export interface AuditEntry {
  municipalityCode: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** JSON with sorted keys: jsonb does not keep key order, and the hash must survive a round trip. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(prevHash: string | null, at: Date, entry: AuditEntry): string {
  const body = canonicalJson({
    prevHash, at, municipalityCode: entry.municipalityCode, actor: entry.actor, action: entry.action,
    entity: entry.entity, entityId: entry.entityId, before: entry.before ?? null, after: entry.after ?? null,
    reason: entry.reason ?? null,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** Appends to the hash-chained audit log, inside the caller's transaction. */
@Injectable()
export class AuditService {
  async append(runner: QueryRunner, entry: AuditEntry): Promise<void> {
    // One writer at a time, so each row's prev_hash is the row before it.
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('keshikomi.audit_log'))`);
    const [last]: { hash: string }[] = await runner.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    const prevHash = last?.hash ?? null;
    const at = new Date();
    await runner.query(
      `INSERT INTO audit_log (municipality_code, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        entry.municipalityCode, at, entry.actor, entry.action, entry.entity, entry.entityId,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.reason ?? null, prevHash, auditHash(prevHash, at, entry),
      ],
    );
  }
}
