import { Injectable } from '@nestjs/common';
import { toPage, Page } from '../common/pagination';
import { ImportError, ImportErrorCode } from './import.errors';
import type {
  ImportBatchDetailDto,
  ImportBatchDto,
  ImportLineDto,
  ImportLinePageDto,
  ImportLinesQuery,
  ImportListQuery,
} from './imports.dto';
import { ImportsRepository } from './imports.repository';
import { displayRawLine } from './raw-line';

/** The import history and an import's kept lines, as the API and the UI read them. */
@Injectable()
export class ImportsQueryService {
  constructor(private readonly batches: ImportsRepository) {}

  async list(query: ImportListQuery): Promise<Page<ImportBatchDto>> {
    return toPage(await this.batches.list(query), query.limit);
  }

  async get(id: number): Promise<ImportBatchDetailDto> {
    const batch = await this.batches.find(id);
    if (!batch) throw notFound(id);
    return batch;
  }

  /**
   * The lines of one import as they arrived, decoded for display, in keyset pages by line number. Lines
   * may carry personal data (宛名番号): the route records who read them (AuditPersonalRead).
   */
  async lines(id: number, query: ImportLinesQuery): Promise<ImportLinePageDto> {
    const encoding = await this.batches.lineEncoding(id);
    if (!encoding) throw notFound(id);
    const rows = await this.batches.lines(id, query);
    const items: ImportLineDto[] = rows.slice(0, query.limit).map((row) => ({
      line: row.line,
      status: row.status,
      raw: displayRawLine(row.raw, encoding),
      errors: row.errors ?? [],
    }));
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].line : null };
  }
}

function notFound(id: number): ImportError {
  return new ImportError(ImportErrorCode.BatchNotFound, `取込 ${id} はありません / import ${id} not found`);
}
