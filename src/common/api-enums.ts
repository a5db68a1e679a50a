import type { ApiPropertyOptions } from '@nestjs/swagger';
import { BILL_STATUSES, CHANNELS, EXCEPTION_STATUSES, EXCEPTION_TYPES, FORMATS, PAYMENT_STATES } from './codes';

/**
 * A code list as the OpenAPI document names it once (`components/schemas/<enumName>`), so that the web UI's
 * generated types share one union per list. Spread into `@ApiProperty`, with `nullable` or `isArray` as the
 * field needs; a property's own description stays on the property.
 */
export function namedEnum(enumName: string, values: readonly string[], description: string) {
  return { enum: [...values], enumName, enumSchema: { description } } satisfies ApiPropertyOptions;
}

export const CHANNEL_ENUM = namedEnum('Channel', CHANNELS, '収納経路 / payment channel');
export const FORMAT_ENUM = namedEnum('FormatCode', FORMATS, '取込形式 / file format');
export const EXCEPTION_TYPE_ENUM = namedEnum('ExceptionType', Object.keys(EXCEPTION_TYPES), '例外種別 / exception type');
export const EXCEPTION_STATUS_ENUM = namedEnum('ExceptionStatus', EXCEPTION_STATUSES, '例外の状態 / exception status');
export const PAYMENT_STATE_ENUM = namedEnum('PaymentState', PAYMENT_STATES, '速報 / 確報 / 取消');
export const BILL_STATUS_ENUM = namedEnum('BillStatus', BILL_STATUSES, '調定の状態 / active or cancelled (取消)');

/** Where the dashboard's day comes from when none is asked for. */
export const DAY_CHOICES = ['requested', 'last_business_day', 'latest_import_day'] as const;
export type DayChoice = (typeof DAY_CHOICES)[number];
export const DAY_CHOICE_ENUM = namedEnum(
  'DayChoice',
  DAY_CHOICES,
  '表示日の根拠 / requested: the date asked for; last_business_day: the default; latest_import_day: the demo opens on ' +
    'the latest day that has imports when the last business day has none',
);

/** A JSON object of any shape (an audit row's before and after), or null. */
export const FREE_FORM_OBJECT = { type: 'object', additionalProperties: true, nullable: true } satisfies ApiPropertyOptions;
