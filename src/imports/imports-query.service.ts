import { Injectable } from '@nestjs/common';
import { toPage, Page } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { ImportError, ImportErrorCode } from './import.errors';
import type { ImportBatchDetailDto, ImportBatchDto, ImportListQuery } from './imports.dto';

const BATCH_COLUMNS = `id, file_name AS "fileName", format, size_bytes AS "sizeBytes", sha256, status,
  received_on AS "receivedOn", data_created_on AS "dataCreatedOn", provider_code AS "providerCode",
  records, accepted, rejected, jsonb_array_length(control_issues) = 0 AS "controlsOk",
  to_char(started_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00') AS "startedAt",
  to_char(finished_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00') AS "finishedAt"`;

@Injectable()
export class ImportsQueryService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  async list(query: ImportListQuery): Promise<Page<ImportBatchDto>> {
    const f = new SqlFilter()
      .add('municipality_code = ?', this.config.MUNICIPALITY_CODE)
      .add('format = ?', query.format)
      .add('received_on = ?', query.receivedOn)
      .add('id < ?', query.after);
    const rows: ImportBatchDto[] = await this.db.dataSource.query(
      `SELECT ${BATCH_COLUMNS} FROM import_batch ${f.where} ORDER BY id DESC LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
    return toPage(rows, query.limit);
  }

  async get(id: number): Promise<ImportBatchDetailDto> {
    const [batch] = await this.db.dataSource.query(
      `SELECT ${BATCH_COLUMNS}, controls, control_issues AS "controlIssues", warnings
         FROM import_batch WHERE id = $1 AND municipality_code = $2`,
      [id, this.config.MUNICIPALITY_CODE],
    );
    if (!batch) throw new ImportError(ImportErrorCode.BatchNotFound, `取込 ${id} はありません / import ${id} not found`);
    const rejectedLines = await this.db.dataSource.query(
      `SELECT line_no AS line, raw, errors FROM import_line
        WHERE batch_id = $1 AND status = 'rejected' ORDER BY line_no LIMIT 10000`,
      [id],
    );
    return { ...batch, rejectedLines };
  }
}
