import { Injectable } from '@nestjs/common';
import { Page, toPage } from '../common/pagination';
import type { AuditEntryDto, AuditQuery } from './audit.dto';
import { AuditRepository } from './audit.repository';

/** 監査ログ for auditors, newest first. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly rows: AuditRepository) {}

  async list(query: AuditQuery): Promise<Page<AuditEntryDto>> {
    return toPage(await this.rows.list(query), query.limit);
  }
}
