import { Injectable } from '@nestjs/common';
import { toPage, Page } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { ImportError, ImportErrorCode } from './import.errors';
import type {
  ImportBatchDetailDto, ImportBatchDto, ImportLineDto, ImportLinePageDto, ImportLinesQuery, ImportListQuery,
} from './imports.dto';
import type { TextEncoding } from './parsers/framing';
import type { LineError } from './parsers/parser.types';
import { displayRawLine } from './raw-line';

const TOKYO_TIME = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS+09:00')`;
const BATCH_COLUMNS = `id, file_name AS "fileName", format, size_bytes AS "sizeBytes", sha256, status,
  imported_by AS "importedBy", arrived_via AS "arrivedVia", source_path AS "sourcePath",
  reviewed_by AS "reviewedBy", ${TOKYO_TIME('reviewed_at')} AS "reviewedAt", review_reason AS "reviewReason",
  status = 'imported' AND matched_at IS NULL AS "matchPending",
  received_on AS "receivedOn", data_created_on AS "dataCreatedOn", provider_code AS "providerCode",
  records, accepted, rejected, jsonb_array_length(control_issues) = 0 AS "controlsOk",
  ${TOKYO_TIME('started_at')} AS "startedAt", ${TOKYO_TIME('finished_at')} AS "finishedAt"`;

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
      .add('status = ?', query.status)
      .add('id < ?', query.after);
    const rows: ImportBatchDto[] = await this.db.dataSource.query(
      `SELECT ${BATCH_COLUMNS} FROM import_batch ${f.where} ORDER BY id DESC LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
    return toPage(rows, query.limit);
  }

  async get(id: number): Promise<ImportBatchDetailDto> {
    const [batch] = await this.db.dataSource.query(
      `SELECT ${BATCH_COLUMNS}, controls, control_issues AS "controlIssues", warnings, warning_count AS "warningCount"
         FROM import_batch WHERE id = $1 AND municipality_code = $2`,
      [id, this.config.MUNICIPALITY_CODE],
    );
    if (!batch) throw notFound(id);
    return batch;
  }

  /**
   * The lines of one import as they arrived, decoded for display, in keyset pages by line number. Lines
   * may carry personal data (宛名番号): the route records who read them (AuditPersonalRead).
   */
  async lines(id: number, query: ImportLinesQuery): Promise<ImportLinePageDto> {
    const [batch]: { line_encoding: TextEncoding }[] = await this.db.dataSource.query(
      `SELECT line_encoding FROM import_batch WHERE id = $1 AND municipality_code = $2`, [id, this.config.MUNICIPALITY_CODE]);
    if (!batch) throw notFound(id);
    const f = new SqlFilter().add('batch_id = ?', id).add('status = ?', query.status).add('line_no > ?', query.after);
    const rows: { line: number; status: string; raw: Buffer; errors: LineError[] | null }[] = await this.db.dataSource.query(
      `SELECT line_no AS line, status, raw, errors FROM import_line ${f.where} ORDER BY line_no LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
    const items: ImportLineDto[] = rows.slice(0, query.limit).map((row) => ({
      line: row.line, status: row.status, raw: displayRawLine(row.raw, batch.line_encoding), errors: row.errors ?? [],
    }));
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].line : null };
  }
}

function notFound(id: number): ImportError {
  return new ImportError(ImportErrorCode.BatchNotFound, `取込 ${id} はありません / import ${id} not found`);
}
