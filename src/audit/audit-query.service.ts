import { Injectable } from '@nestjs/common';
import { Page, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { AuditEntryDto, AuditQuery } from './audit.dto';

/** 監査ログ for auditors, newest first. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  async list(query: AuditQuery): Promise<Page<AuditEntryDto>> {
    const f = new SqlFilter()
      .add('municipality_code = ?', this.config.MUNICIPALITY_CODE)
      .add('entity = ?', query.entity)
      .add('entity_id = ?', query.entityId)
      .add('actor = ?', query.actor)
      .add('id < ?', query.after);
    const rows: AuditEntryDto[] = await this.db.dataSource.query(
      `SELECT id, to_char(at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS.MS+09:00') AS at, actor, action, entity,
              entity_id AS "entityId", before, after, reason, hash
         FROM audit_log ${f.where} ORDER BY id DESC LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
    return toPage(rows, query.limit);
  }
}
