import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsRecordId, IsWholeNumber } from './request-params';

/**
 * Keyset pagination (`after` = the last id seen): stays as fast on page 10,000 as on page 1, which
 * OFFSET does not at a million payments.
 */
export class PageQuery {
  @ApiPropertyOptional({ description: '1ページの件数 / page size', type: 'integer', default: 100, maximum: 1000 })
  @IsOptional()
  @IsWholeNumber(1, 1000)
  limit = 100;

  @ApiPropertyOptional({ description: 'この id より後 / items after this id', type: 'integer' })
  @IsOptional()
  @IsRecordId(0)
  after?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: number | null;
}

export function toPage<T extends { id: number }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}
