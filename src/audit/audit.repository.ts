import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { AuditEntryDto, AuditQuery } from './audit.dto';

/** A row of audit_log as stored. */
export interface AuditRow {
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
  chain_version: number;
}

/** A row to append, its hash made and its link to the row before it given. */
export interface ChainedRow {
  municipalityCode: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  /** JSON text, or null. */
  before: string | null;
  after: string | null;
  reason: string | null;
  prevHash: string | null;
  hash: string;
}

/** The SQL of the hash-chained audit log. */
@Injectable()
export class AuditRepository {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /** Up to `limit` rows after `after`, in id order: the chain as verification walks it. */
  rowsAfter(after: number, limit: number): Promise<AuditRow[]> {
    return this.db.dataSource.query(`SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, [after, limit]);
  }

  /** One writer at a time until the transaction ends, so each row's prev_hash is the row before it. */
  async lockChain(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('keshikomi.audit_log'))`);
  }

  /** The newest row's hash and chain version, or undefined for an empty log. */
  async lastLink(q: QueryRunner): Promise<{ hash: string; chain_version: number } | undefined> {
    const [last]: { hash: string; chain_version: number }[] = await q.query(
      `SELECT hash, chain_version FROM audit_log ORDER BY id DESC LIMIT 1`,
    );
    return last;
  }

  /** Appends rows in the order given, in one statement; returns the id of the last. */
  async append(q: QueryRunner, rows: readonly ChainedRow[], chainVersion: number): Promise<number> {
    const column = <T>(pick: (row: ChainedRow) => T) => rows.map(pick);
    const [written]: { id: number }[] = await q.query(
      `WITH written AS (
         INSERT INTO audit_log (municipality_code, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash,
                                chain_version)
         SELECT r.municipality_code, r.at, r.actor, r.action, r.entity, r.entity_id, r.before::jsonb, r.after::jsonb, r.reason,
                r.prev_hash, r.hash, $12
           FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::text[])
                WITH ORDINALITY AS r(municipality_code, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash, ord)
          ORDER BY r.ord
         RETURNING id)
       SELECT max(id) AS id FROM written`,
      [
        column((r) => r.municipalityCode),
        column((r) => r.at.toISOString()),
        column((r) => r.actor),
        column((r) => r.action),
        column((r) => r.entity),
        column((r) => r.entityId),
        column((r) => r.before),
        column((r) => r.after),
        column((r) => r.reason),
        column((r) => r.prevHash),
        column((r) => r.hash),
        chainVersion,
      ],
    );
    return written.id;
  }

  /** 監査ログ for auditors, newest first: one row more than asked. */
  list(query: AuditQuery): Promise<AuditEntryDto[]> {
    const f = new SqlFilter()
      .add('municipality_code = ?', this.config.MUNICIPALITY_CODE)
      .add('entity = ?', query.entity)
      .add('entity_id = ?', query.entityId)
      .add('actor = ?', query.actor)
      .add('id < ?', query.after);
    return this.db.dataSource.query(
      `SELECT id, tokyo_time(at) AS at, actor, action, entity, entity_id AS "entityId", before, after, reason, hash
         FROM audit_log ${f.where} ORDER BY id DESC LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
  }
}
