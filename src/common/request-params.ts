import { applyDecorators, ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { parseYmd } from './calendar';

/**
 * The one validator for what clients put in paths and query strings: calendar dates, record ids and
 * keyset cursors, fiscal years. A value the database could not take (2026-02-31, a 20-digit id) is a
 * 400 naming the field here, never a 500 from SQL.
 */

/** bigint ids are read as safe integers (data-source.ts). */
export const MAX_RECORD_ID = Number.MAX_SAFE_INTEGER;
export const FISCAL_YEARS = { min: 1900, max: 2999 } as const;

/** `YYYY-MM-DD` naming a day that exists, in the years keshikomi deals with. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= FISCAL_YEARS.min && year <= FISCAL_YEARS.max && parseYmd(value.replace(/-/g, '')) !== null;
}

/** Digits only become a number; anything else ('1e3', '1.5', '-1') stays a string and fails IsInt. */
const digitsToNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value);

export function IsWholeNumber(min: number, max: number): PropertyDecorator {
  const message = `$property: ${min}〜${max} の整数で指定してください / must be a whole number from ${min} to ${max}`;
  return applyDecorators(Transform(digitsToNumber), IsInt({ message }), Min(min, { message }), Max(max, { message }));
}

/** A record id, or a keyset cursor (`after`: the last id seen, 0 for the start). */
export const IsRecordId = (min = 1): PropertyDecorator => IsWholeNumber(min, MAX_RECORD_ID);

/** 会計年度 / 賦課年度 as a western year (FY2026 = 令和8年度). */
export const IsFiscalYear = (): PropertyDecorator => IsWholeNumber(FISCAL_YEARS.min, FISCAL_YEARS.max);

export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: isCalendarDate,
      defaultMessage: (args) => `${args?.property}: 実在する日付を YYYY-MM-DD で指定してください / must be a calendar date YYYY-MM-DD`,
    },
  });
}

/** `<sort value>~<id>` of keyset pages in another order than id: the value a calendar date or a whole number. */
export function isKeysetCursor(value: unknown): boolean {
  const m = typeof value === 'string' ? /^(.{1,16})~(\d{1,16})$/.exec(value) : null;
  if (!m || Number(m[2]) > MAX_RECORD_ID) return false;
  return isCalendarDate(m[1]) || (/^-?\d{1,16}$/.test(m[1]) && Math.abs(Number(m[1])) <= MAX_RECORD_ID);
}

export function IsKeysetCursor(): PropertyDecorator {
  return ValidateBy({
    name: 'isKeysetCursor',
    validator: {
      validate: isKeysetCursor,
      defaultMessage: (args) => `${args?.property}: 前ページの nextKey をそのまま指定してください / must be the previous page's nextKey`,
    },
  });
}

/**
 * Path parameters by name, for every route (global pipe, before a route's own ParseIntPipe): `:id` is a
 * record id, `:date` a calendar date. A route that names a parameter so takes it in that form.
 */
@Injectable()
export class RouteParamPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' || typeof value !== 'string') return value;
    if (metadata.data === 'id' && !(/^\d{1,16}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_RECORD_ID)) {
      throw new BadRequestException(`id: 1〜${MAX_RECORD_ID} の整数で指定してください / must be a whole number from 1 to ${MAX_RECORD_ID}`);
    }
    if (metadata.data === 'date' && !isCalendarDate(value)) {
      throw new BadRequestException('date: 実在する日付を YYYY-MM-DD で指定してください / must be a calendar date YYYY-MM-DD');
    }
    return value;
  }
}
