import { Injectable } from '@nestjs/common';
import { EXCEPTION_TYPES } from '../common/codes';
import { Page, toPage } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import type { ExceptionDetailDto, ExceptionDto, ExceptionFilter, ExceptionListQuery } from './exceptions.dto';
import { ExceptionError, ExceptionErrorCode } from './exceptions.errors';
import { ExceptionRow, ExceptionsRepository, sortKeyKind } from './exceptions.repository';

/** A `key` cursor: the last row's sort key and id, `~`-joined; refused unless it belongs to the sort order. */
function parseSortKey(key: string, kind: 'int' | 'date'): [string | number, number] {
  const match = (kind === 'date' ? /^(\d{4}-\d{2}-\d{2})~(\d+)$/ : /^(-?\d+)~(\d+)$/).exec(key);
  if (!match) throw new ExceptionError(ExceptionErrorCode.BadCursor, `key が不正です: ${key} / key does not belong to this sort order`);
  return [kind === 'date' ? match[1] : Number(match[1]), Number(match[2])];
}

function withLabel<T extends ExceptionRow>(row: T): T & { typeLabel: string } {
  return { ...row, typeLabel: EXCEPTION_TYPES[row.type] };
}

/** The exception queue (例外一覧) and one case's detail, as staff, managers and auditors read them. */
@Injectable()
export class ExceptionsService {
  constructor(
    private readonly exceptions: ExceptionsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Keyset pages in any of the sort orders: `(sort key, id)` compared as a row, so page 1,000 costs what page 1 does. */
  async list(query: ExceptionListQuery): Promise<Page<ExceptionDto> & { nextKey: string | null }> {
    const sort = query.sort ?? 'id';
    const key = query.key ? parseSortKey(query.key, sortKeyKind(sort)) : undefined;
    const rows = await this.exceptions.page(this.config.MUNICIPALITY_CODE, query, { sort, after: query.after, key, limit: query.limit });
    const page = toPage(rows, query.limit);
    const last = page.items[page.items.length - 1];
    return {
      items: page.items.map(({ sortKey: _, ...row }) => withLabel(row)),
      nextCursor: page.nextCursor,
      nextKey: page.nextCursor === null ? null : `${last.sortKey}~${last.id}`,
    };
  }

  /** Every matching exception, for the CLI and exports. */
  async all(query: ExceptionFilter): Promise<ExceptionDto[]> {
    return (await this.exceptions.all(this.config.MUNICIPALITY_CODE, query)).map(withLabel);
  }

  async get(id: number): Promise<ExceptionDetailDto> {
    const row = await this.exceptions.detail(this.config.MUNICIPALITY_CODE, id);
    if (!row) throw new ExceptionError(ExceptionErrorCode.NotFound, `例外 ${id} はありません / exception ${id} not found`);
    const [comments, resolutions, history] = await Promise.all([
      this.exceptions.comments(id),
      this.exceptions.resolutions(id),
      this.exceptions.history(id),
    ]);
    return { ...withLabel(row), comments, resolutions, history, writeOffLimit: this.config.WRITE_OFF_LIMIT };
  }
}
