import type { ApiPropertyOptions } from '@nestjs/swagger';
import { YEAR_CLASSES } from './calendar';
import { TABLE_FORMATS } from './table-export';
import {
  BATCH_FILE_STATUSES,
  BATCH_RUN_STATUSES,
  BATCH_TRIGGERS,
  BILL_STATUSES,
  CHANNELS,
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
  FORMATS,
  INSPECTION_BALANCE_ITEMS,
  PAYMENT_STATES,
  PAYOUT_FEES,
  PAYOUT_STATUSES,
} from './codes';

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
export const YEAR_CLASS_ENUM = namedEnum('YearClass', YEAR_CLASSES, '年度区分 / 現年度分 (current) or 滞納繰越分 (carried)');
export const TABLE_FORMAT_ENUM = namedEnum('TableFormat', TABLE_FORMATS, '帳票の出力形式 / csv (UTF-8 BOM), csv-sjis (CP932), xlsx');
export const PAYOUT_STATUS_ENUM = namedEnum('PayoutStatus', PAYOUT_STATUSES, '入金照合の状態 / how an expected payout or a deposit stands');
export const PAYOUT_FEES_ENUM = namedEnum('PayoutFees', PAYOUT_FEES, '手数料 / gross: paid out whole; net: less the fees');
export const INSPECTION_BALANCE_ITEM_ENUM = namedEnum(
  'InspectionBalanceItem',
  INSPECTION_BALANCE_ITEMS,
  '例月出納検査: a step from the net collections to the closing balance',
);
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

export const BATCH_TRIGGER_ENUM = namedEnum('BatchTrigger', BATCH_TRIGGERS, '夜間取込の起動元 / the service schedule or keshikomi batch');
export const BATCH_RUN_STATUS_ENUM = namedEnum(
  'BatchRunStatus',
  BATCH_RUN_STATUSES,
  '夜間取込の状態 / importing → matching → finished (failed: matching gave up)',
);
export const BATCH_FILE_STATUS_ENUM = namedEnum(
  'BatchFileStatus',
  BATCH_FILE_STATUSES,
  '受信ファイルの結果 / queued, imported, duplicate (same bytes seen), failed (refused), error (a fault outlasted its retries)',
);
