import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  CHANNEL_ENUM,
  EXCEPTION_STATUS_ENUM,
  EXCEPTION_TYPE_ENUM,
  FREE_FORM_OBJECT,
  namedEnum,
  TABLE_FORMAT_ENUM,
} from '../common/api-enums';
import { CHANNELS, Channel, EXCEPTION_STATUSES, EXCEPTION_TYPES, ExceptionStatus, ExceptionType } from '../common/codes';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate, IsKeysetCursor } from '../common/request-params';
import { TABLE_FORMATS, type TableFormat } from '../common/table-export';
import { RESOLUTION_ACTIONS, ResolutionAction } from './workflow.entities';

const TYPES = Object.keys(EXCEPTION_TYPES);
export const EXCEPTION_SORTS = ['id', '-id', 'paidOn', '-paidOn', 'amount', '-amount'] as const;
export type ExceptionSort = (typeof EXCEPTION_SORTS)[number];
export const RESOLUTION_ACTION_ENUM = namedEnum(
  'ResolutionAction',
  RESOLUTION_ACTIONS,
  'manual_match 手動消込, undo_match 消込取消, accept_installment 分納, refund 還付, apply_to_bill 充当, write_off 端数処理, dismiss 対応不要',
);
export const RESOLUTION_STATUSES = ['proposed', 'applied', 'rejected', 'withdrawn'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];
const RESOLUTION_STATUS_ENUM = namedEnum(
  'ResolutionStatus',
  RESOLUTION_STATUSES,
  'proposed 承認待ち (four-eyes), applied 適用済, rejected 差戻し, withdrawn 取下げ',
);

export class ExceptionListQuery extends PageQuery {
  @ApiPropertyOptional(EXCEPTION_STATUS_ENUM)
  @IsOptional()
  @IsIn(EXCEPTION_STATUSES as readonly string[])
  status?: ExceptionStatus;

  @ApiPropertyOptional(EXCEPTION_TYPE_ENUM)
  @IsOptional()
  @IsIn(TYPES)
  type?: ExceptionType;

  @ApiPropertyOptional({ description: "納付日 (or the file's 受信日 for control totals), YYYY-MM-DD" })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional(CHANNEL_ENUM)
  @IsOptional()
  @IsIn(CHANNELS as readonly string[])
  channel?: Channel;

  @ApiPropertyOptional({ description: '科目コード' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  category?: string;

  @ApiPropertyOptional({ description: '担当者 (login name)' })
  @IsOptional()
  @Matches(/^[\w.-]{1,64}$/)
  assignee?: string;

  @ApiPropertyOptional({
    enum: EXCEPTION_SORTS,
    default: 'id',
    description: '並び順: 納付日 paidOn, 金額 amount (納付額, else 調定額); "-" descending',
  })
  @IsOptional()
  @IsIn(EXCEPTION_SORTS as readonly string[])
  sort?: ExceptionSort;

  @ApiPropertyOptional({ description: "the previous page's nextKey (any sort order; `after` works for sort=id only)" })
  @IsOptional()
  @IsKeysetCursor()
  key?: string;
}

export type ExceptionFilter = Omit<ExceptionListQuery, 'limit' | 'after' | 'sort' | 'key'>;

/** The exception list as a file: the list's filters, every matching exception, in the format asked for. */
export class ExceptionExportQuery extends OmitType(ExceptionListQuery, ['limit', 'after', 'sort', 'key'] as const) {
  @ApiProperty({ ...TABLE_FORMAT_ENUM, description: 'csv (UTF-8 BOM), csv-sjis (CP932) or xlsx' })
  @IsIn(TABLE_FORMATS as readonly string[])
  format: TableFormat;
}

/** contract.md: `exceptions --json` fields, plus the Japanese label of the type. */
export class ExceptionDto {
  @ApiProperty() id: number;
  @ApiProperty(EXCEPTION_TYPE_ENUM) type: ExceptionType;
  @ApiProperty({ description: '例外種別 (日本語)' }) typeLabel: string;
  @ApiProperty(EXCEPTION_STATUS_ENUM) status: ExceptionStatus;
  @ApiProperty({ nullable: true, type: String, description: '科目コード' }) category: string | null;
  @ApiProperty({ ...CHANNEL_ENUM, nullable: true }) channel: Channel | null;
  @ApiProperty({ nullable: true, type: String, description: '納付番号 as the payment carried it' }) billNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) paymentRef: string | null;
  @ApiProperty({ nullable: true, type: Number }) expectedAmount: number | null;
  @ApiProperty({ nullable: true, type: Number }) paidAmount: number | null;
  @ApiProperty({ nullable: true, type: String, description: '納付日' }) paidOn: string | null;
  @ApiProperty() detail: string;
  @ApiProperty({ nullable: true, type: String, description: '担当者' }) assignee: string | null;
}

export class ExceptionPageDto {
  @ApiProperty({ type: [ExceptionDto] }) items: ExceptionDto[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'pass as `key` for the next page in this sort order' }) nextKey: string | null;
}

export class CommentDto {
  @ApiProperty() id: number;
  @ApiProperty() author: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
}

export class ResolutionDto {
  @ApiProperty() id: number;
  @ApiProperty(RESOLUTION_ACTION_ENUM) action: ResolutionAction;
  @ApiProperty(RESOLUTION_STATUS_ENUM) status: ResolutionStatus;
  @ApiProperty({ description: '円' }) amount: number;
  @ApiProperty({ description: 'four-eyes: waits for a manager' }) requiresApproval: boolean;
  @ApiProperty({ nullable: true, type: Number }) targetBillId: number | null;
  @ApiProperty({ nullable: true, type: Number }) targetMatchId: number | null;
  @ApiProperty() reason: string;
  @ApiProperty() proposedBy: string;
  @ApiProperty({ nullable: true, type: String, description: 'who approved, rejected or withdrew it' }) decidedBy: string | null;
  @ApiProperty({ description: "代決: decided by the manager named as the 課長's deputy" }) decidedByDeputy: boolean;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
  @ApiProperty() proposedAt: string;
}

export class HistoryDto {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty() actor: string;
  @ApiProperty() action: string;
  @ApiProperty({ ...FREE_FORM_OBJECT, description: 'the audited row before the change' }) before: Record<string, unknown> | null;
  @ApiProperty({ ...FREE_FORM_OBJECT, description: 'and after it' }) after: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class ExceptionDetailDto extends ExceptionDto {
  @ApiProperty({ type: [CommentDto] }) comments: CommentDto[];
  @ApiProperty({ type: [ResolutionDto] }) resolutions: ResolutionDto[];
  @ApiProperty({ type: [HistoryDto], description: 'the audit history of the case' }) history: HistoryDto[];
  @ApiProperty({ nullable: true, type: Number }) paymentId: number | null;
  @ApiProperty({ nullable: true, type: Number }) billId: number | null;
  @ApiProperty({ nullable: true, type: Number }) batchId: number | null;
  @ApiProperty({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: "how it was closed, in words (the resolution's reason)" })
  resolution: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: '端数処理の上限 (円, WRITE_OFF_LIMIT): the largest shortfall write_off accepts' }) writeOffLimit: number;
}
