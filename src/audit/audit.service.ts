import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';

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

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first row whose hash or link does not hold: it, or the row before it, was changed. */
  broken: { id: number; reason: string } | null;
}

interface AuditRow {
  id: number;
  municipality_code: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  prev_hash: string | null;
  hash: string;
}

const VERIFY_CHUNK = 5000;
/** Rows per INSERT of appendMany: 11 parameters each, far below the 65,535 a statement takes. */
const APPEND_CHUNK = 1000;
const AUDIT_COLUMNS = [
  'municipality_code', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after', 'reason', 'prev_hash', 'hash',
];

/** Appends to the hash-chained audit log, inside the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /** Walks the whole chain in id order, recomputing every hash (keshikomi audit verify). */
  async verify(): Promise<AuditVerification> {
    let prevHash: string | null = null;
    let checked = 0;
    for (let after = 0; ; ) {
      const rows: AuditRow[] = await this.db.dataSource.query(
        `SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT ${VERIFY_CHUNK}`, [after]);
      for (const row of rows) {
        if (row.prev_hash !== prevHash) return { ok: false, checked, broken: { id: row.id, reason: 'prev_hash does not name the row before / 直前の行と連結していません' } };
        const expected = auditHash(row.prev_hash, row.at, {
          municipalityCode: row.municipality_code, actor: row.actor, action: row.action, entity: row.entity,
          entityId: row.entity_id, before: row.before, after: row.after, reason: row.reason,
        });
        if (expected !== row.hash) return { ok: false, checked, broken: { id: row.id, reason: 'hash does not match the row / 内容がハッシュと一致しません' } };
        prevHash = row.hash;
        checked++;
      }
      if (rows.length < VERIFY_CHUNK) return { ok: true, checked, broken: null };
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * A read of personal data (宛名番号, masked payer names): who looked at which records, in a
   * transaction of its own, before the data leaves the service.
   */
  async recordRead(actor: string, entity: string, ids: (number | string)[], what: string): Promise<void> {
    if (!ids.length) return;
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await this.append(runner, {
        municipalityCode: this.config.MUNICIPALITY_CODE, actor, action: 'read.personal', entity,
        entityId: ids.length === 1 ? String(ids[0]) : null, after: { ids: ids.map(String), fields: what },
      });
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Appends many rows in their order, in multi-row INSERTs: a set-based writer (matching) leaves one row
   * per change without a query per row. Each row is chained to the one before, as append does.
   */
  async appendMany(runner: QueryRunner, entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('keshikomi.audit_log'))`);
    const [last]: { hash: string }[] = await runner.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    let prevHash = last?.hash ?? null;
    const at = new Date();
    for (let start = 0; start < entries.length; start += APPEND_CHUNK) {
      const params: unknown[] = [];
      const rows: string[] = [];
      for (const entry of entries.slice(start, start + APPEND_CHUNK)) {
        const hash = auditHash(prevHash, at, entry);
        rows.push(`(${AUDIT_COLUMNS.map((_, i) => `$${params.length + i + 1}`).join(', ')})`);
        params.push(
          entry.municipalityCode, at, entry.actor, entry.action, entry.entity, entry.entityId,
          entry.before === undefined ? null : JSON.stringify(entry.before),
          entry.after === undefined ? null : JSON.stringify(entry.after),
          entry.reason ?? null, prevHash, hash,
        );
        prevHash = hash;
      }
      await runner.query(`INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, params);
    }
  }

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
