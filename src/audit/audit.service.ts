import { Injectable } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { AuditKey } from './audit-key';
import { AuditRepository, ChainedRow } from './audit.repository';

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

/** How a row's hash is made (audit_log.chain_version). A chain only ever moves up: once keyed, always keyed. */
export const CHAIN_UNKEYED = 1; // sha256 of the row and the previous hash: rows written before a key was configured
export const CHAIN_KEYED = 2; // HMAC-SHA256 under the audit key, which the database never holds

/** 監査チェックポイント: a row's id and hash, kept by the 監査委員 outside the system. */
export interface Checkpoint {
  id: number;
  hash: string;
}

export class CheckpointFormatError extends Error {}

export function parseCheckpoint(text: string): Checkpoint {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) {
    throw new CheckpointFormatError(
      `チェックポイントは ID:HASH です / a checkpoint is ID:HASH (the output of keshikomi audit checkpoint), got ${text}`,
    );
  }
  return { id: Number(m[1]), hash: m[2] };
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

function rowBody(prevHash: string | null, at: Date, entry: AuditEntry): Record<string, unknown> {
  return {
    prevHash,
    at,
    municipalityCode: entry.municipalityCode,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  };
}

/** Chain version 1: anyone can recompute it, so it proves order, not that nobody rewrote the rows. */
export function auditHash(prevHash: string | null, at: Date, entry: AuditEntry): string {
  return createHash('sha256')
    .update(canonicalJson(rowBody(prevHash, at, entry)))
    .digest('hex');
}

/** Chain version 2: only the holder of the key can make a hash that verifies. */
export function keyedAuditHash(key: Buffer, prevHash: string | null, at: Date, entry: AuditEntry): string {
  return createHmac('sha256', key)
    .update(canonicalJson({ ...rowBody(prevHash, at, entry), chainVersion: CHAIN_KEYED }))
    .digest('hex');
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first row whose hash or link does not hold: it, or the row before it, was changed. */
  broken: { id: number; reason: string } | null;
  /** Rows from `keyedFrom` on carry keyed hashes; false: the chain is unkeyed (no key configured yet). */
  keyed: boolean;
  keyedFrom: number | null;
  /** An audit key is configured: rows written from now on are keyed, whatever the rows so far are. */
  keyConfigured: boolean;
  /** The newest row verified: what `keshikomi audit checkpoint` would certify. */
  last: Checkpoint | null;
  /** The checkpoint asked for, and whether that row was found with that hash. */
  checkpoint?: Checkpoint & { matched: boolean };
}

const VERIFY_CHUNK = 5000;

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Appends to the hash-chained audit log, inside the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly key: AuditKey,
    private readonly chain: AuditRepository,
  ) {}

  /**
   * Walks the whole chain in id order, recomputing every hash (keshikomi audit verify). With a
   * checkpoint, also proves that its row is still there with the hash the 監査委員 wrote down: rows
   * deleted from the end, or rewritten and re-chained, cannot give that row back.
   */
  async verify(options: { checkpoint?: Checkpoint } = {}): Promise<AuditVerification> {
    const checkpoint = options.checkpoint;
    let prevHash: string | null = null;
    let checked = 0;
    let keyedFrom: number | null = null;
    let last: Checkpoint | null = null;
    let matched = false;
    const result = (broken: AuditVerification['broken']): AuditVerification => ({
      ok: broken === null,
      checked,
      broken,
      keyed: keyedFrom !== null,
      keyedFrom,
      keyConfigured: this.key.bytes !== null,
      last,
      ...(checkpoint ? { checkpoint: { ...checkpoint, matched } } : {}),
    });
    const missing = () =>
      result({
        id: checkpoint!.id,
        reason: 'the checkpoint row is gone: rows up to the checkpoint were removed / チェックポイントの行がありません',
      });
    for (let after = 0; ;) {
      const rows = await this.chain.rowsAfter(after, VERIFY_CHUNK);
      for (const row of rows) {
        if (checkpoint && !matched && row.id > checkpoint.id) return missing();
        if (row.prev_hash !== prevHash)
          return result({ id: row.id, reason: 'prev_hash does not name the row before / 直前の行と連結していません' });
        const entry: AuditEntry = {
          municipalityCode: row.municipality_code,
          actor: row.actor,
          action: row.action,
          entity: row.entity,
          entityId: row.entity_id,
          before: row.before,
          after: row.after,
          reason: row.reason,
        };
        let expected: string;
        if (row.chain_version === CHAIN_KEYED) {
          keyedFrom ??= row.id;
          if (!this.key.bytes) {
            return result({
              id: row.id,
              reason: 'a keyed row, and no audit key is configured to check it / 鍵が設定されていないため検証できません',
            });
          }
          expected = keyedAuditHash(this.key.bytes, row.prev_hash, row.at, entry);
        } else if (row.chain_version === CHAIN_UNKEYED && keyedFrom === null) {
          expected = auditHash(row.prev_hash, row.at, entry);
        } else {
          return result({ id: row.id, reason: `chain version ${row.chain_version} after keyed rows / 鍵付けの後に鍵なしの行があります` });
        }
        if (expected !== row.hash) {
          const reason = 'hash does not match the row (or the key is not the one it was written with) / 内容がハッシュと一致しません';
          return result({ id: row.id, reason });
        }
        if (checkpoint && row.id === checkpoint.id) {
          if (row.hash !== checkpoint.hash)
            return result({ id: row.id, reason: 'the row differs from the checkpoint / チェックポイントと一致しません' });
          matched = true;
        }
        prevHash = row.hash;
        last = { id: row.id, hash: row.hash };
        checked++;
      }
      if (rows.length < VERIFY_CHUNK) return checkpoint && !matched ? missing() : result(null);
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * A checkpoint for the 監査委員 (keshikomi audit checkpoint): verifies the chain, appends a row
   * saying who took it, and returns that row's id and hash to be kept outside the system.
   */
  async checkpoint(actor: string): Promise<{ verification: AuditVerification; checkpoint: Checkpoint | null }> {
    const verification = await this.verify();
    if (!verification.ok) return { verification, checkpoint: null };
    const checkpoint = await this.db.transaction((runner) =>
      this.write(runner, [
        {
          municipalityCode: this.config.MUNICIPALITY_CODE,
          actor,
          action: 'audit.checkpoint',
          entity: 'audit_log',
          entityId: null,
          after: { verifiedRows: verification.checked, keyed: this.key.bytes !== null },
        },
      ]),
    );
    return { verification, checkpoint };
  }

  /**
   * A read of personal data (宛名番号, masked payer names): who looked at which records, in a
   * transaction of its own, before the data leaves the service.
   */
  async recordRead(actor: string, entity: string, ids: (number | string)[], what: string): Promise<void> {
    if (!ids.length) return;
    await this.db.transaction((runner) =>
      this.append(runner, {
        municipalityCode: this.config.MUNICIPALITY_CODE,
        actor,
        action: 'read.personal',
        entity,
        entityId: ids.length === 1 ? String(ids[0]) : null,
        after: { ids: ids.map(String), fields: what },
      }),
    );
  }

  async append(runner: QueryRunner, entry: AuditEntry): Promise<void> {
    await this.write(runner, [entry]);
  }

  /** Many rows at once (a matching run's transitions): each row's hash computed in order, one INSERT. */
  async appendMany(runner: QueryRunner, entries: AuditEntry[]): Promise<void> {
    if (entries.length) await this.write(runner, entries);
  }

  private async write(runner: QueryRunner, entries: AuditEntry[]): Promise<Checkpoint> {
    await this.chain.lockChain(runner);
    const last = await this.chain.lastLink(runner);
    const key = this.key.bytes;
    if (!key && last?.chain_version === CHAIN_KEYED) {
      throw new Error(
        '監査ログは鍵付きですが鍵が設定されていません / ' +
          'the audit chain is keyed but no audit key is configured (KESHIKOMI_AUDIT_KEY_FILE)',
      );
    }
    const at = new Date();
    let prevHash = last?.hash ?? null;
    const rows = entries.map((entry): ChainedRow => {
      const hash = key ? keyedAuditHash(key, prevHash, at, entry) : auditHash(prevHash, at, entry);
      const row: ChainedRow = {
        municipalityCode: entry.municipalityCode,
        at,
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        before: json(entry.before),
        after: json(entry.after),
        reason: entry.reason ?? null,
        prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    const id = await this.chain.append(runner, rows, key ? CHAIN_KEYED : CHAIN_UNKEYED);
    return { id, hash: rows[rows.length - 1].hash };
  }
}
