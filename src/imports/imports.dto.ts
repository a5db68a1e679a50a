import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { FORMAT_ENUM, namedEnum } from '../common/api-enums';
import { EXCEPTION_TYPES, ExceptionType, FORMATS, FormatCode } from '../common/codes';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate, IsWholeNumber } from '../common/request-params';

const BATCH_STATUSES = ['imported', 'held', 'rejected'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const BATCH_STATUS_ENUM = namedEnum(
  'BatchStatus',
  BATCH_STATUSES,
  'imported 取込済, held 取込保留 (waiting for a second person), rejected 差戻し',
);
const LINE_STATUSES = ['accepted', 'rejected', 'control'] as const;
const LINE_STATUS_ENUM = namedEnum('LineStatus', LINE_STATUSES, 'accepted; rejected 不正行; control (header, trailer…)');
const ARRIVALS = ['api', 'cli', 'batch'] as const;
const RESULT_STATUSES = ['imported', 'duplicate', 'failed', 'held'] as const;

export class ImportListQuery extends PageQuery {
  @ApiPropertyOptional(FORMAT_ENUM)
  @IsOptional()
  @IsIn(FORMATS as readonly string[])
  format?: FormatCode;

  @ApiPropertyOptional({ description: '受信日 / received on (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;

  @ApiPropertyOptional(BATCH_STATUS_ENUM)
  @IsOptional()
  @IsIn(BATCH_STATUSES)
  status?: (typeof BATCH_STATUSES)[number];
}

/** Lines of one import, in keyset pages by line number (`after` = the last line seen). */
export class ImportLinesQuery {
  @ApiPropertyOptional(LINE_STATUS_ENUM)
  @IsOptional()
  @IsIn(LINE_STATUSES)
  status?: (typeof LINE_STATUSES)[number];

  @ApiPropertyOptional({ description: '1ページの行数 / page size', type: 'integer', default: 100, maximum: 1000 })
  @IsOptional()
  @IsWholeNumber(1, 1000)
  limit = 100;

  @ApiPropertyOptional({ description: 'この行より後 / lines after this line number', type: 'integer' })
  @IsOptional()
  @IsWholeNumber(0, 2_147_483_647)
  after?: number;
}

/** 解除・差戻しの理由: a release or a rejection of a held upload always says why. */
export class ImportReviewDto {
  @ApiProperty({ description: '理由 / reason (audited)', maxLength: 500 })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: 'reason（理由）を入力してください / reason is required' })
  @MaxLength(500)
  reason: string;
}

export class LineErrorDto {
  @ApiProperty({ nullable: true, type: Number }) line: number | null;
  @ApiProperty({ nullable: true, type: String }) field: string | null;
  @ApiProperty() message: string;
}

export class ImportBatchDto {
  @ApiProperty() id: number;
  @ApiProperty() fileName: string;
  @ApiProperty(FORMAT_ENUM) format: FormatCode;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty(BATCH_STATUS_ENUM) status: BatchStatus;
  @ApiProperty({ description: '持ち込んだ人 / who brought the file: user, OS user (CLI) or batch' }) importedBy: string;
  @ApiProperty({ enum: ARRIVALS, description: 'how the file came: uploaded, the CLI, or the nightly batch' })
  arrivedVia: (typeof ARRIVALS)[number];
  @ApiProperty({ nullable: true, type: String, description: 'the path of a file from the CLI or the inbox' }) sourcePath: string | null;
  @ApiProperty({ nullable: true, type: String, description: '解除・差戻しした人 / who released or rejected a held upload' })
  reviewedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewReason: string | null;
  @ApiProperty({ description: '消込待ち / imported, its matching run still to come' }) matchPending: boolean;
  @ApiProperty() receivedOn: string;
  @ApiProperty({ nullable: true, type: String }) dataCreatedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) providerCode: string | null;
  @ApiProperty() records: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ description: '合計チェック / trailer controls compared with the records' }) controlsOk: boolean;
  @ApiProperty() startedAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class ImportLineDto {
  @ApiProperty() line: number;
  @ApiProperty(LINE_STATUS_ENUM) status: string;
  @ApiProperty({ description: '届いた行 / the line as it arrived, decoded as its file was (control characters as ␀ ␍ …)' }) raw: string;
  @ApiProperty({ type: [LineErrorDto], description: 'the reasons of a rejected line, the warnings of another' }) errors: LineErrorDto[];
}

export class ImportLinePageDto {
  @ApiProperty({ type: [ImportLineDto] }) items: ImportLineDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'pass as `after` for the next page' }) nextCursor: number | null;
}

export class ControlCheckDto {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) expected: number | null;
  @ApiProperty() actual: number;
}

export class ImportBatchDetailDto extends ImportBatchDto {
  @ApiProperty({ type: [ControlCheckDto] }) controls: ControlCheckDto[];
  @ApiProperty({ type: [LineErrorDto] }) controlIssues: LineErrorDto[];
  @ApiProperty({ type: [LineErrorDto], description: 'the first 100 warnings' }) warnings: LineErrorDto[];
  @ApiProperty() warningCount: number;
}

export class ImportBatchPageDto {
  @ApiProperty({ type: [ImportBatchDto] }) items: ImportBatchDto[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
}

/** One file's outcome, as `import --json` reports it (contract.md). */
export class ImportResultDto {
  @ApiProperty({ description: 'the file name' }) file: string;
  @ApiProperty({ enum: ['auto', ...FORMATS], description: '`auto` only when the format could not be detected (status failed)' })
  format: FormatCode | 'auto';
  @ApiProperty({ enum: RESULT_STATUSES, description: 'held: 取込保留 until another manager releases it' })
  status: (typeof RESULT_STATUSES)[number];
  @ApiProperty() records: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiPropertyOptional({ description: 'duplicate: the import of the same bytes' }) duplicateOf?: number;
  @ApiProperty({ type: [LineErrorDto], description: "the first 100 of errorCount: rejected lines and the file's control issues" })
  errors: LineErrorDto[];
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [LineErrorDto], description: 'the first 100 of warningCount; warnings never fail a file' }) warnings: LineErrorDto[];
  @ApiProperty() warningCount: number;
  @ApiPropertyOptional({ description: 'the import batch (not for a dry run or a failed file)' }) batchId?: number;
  @ApiPropertyOptional({ description: 'true: parsed and validated, nothing written' }) dryRun?: boolean;
  @ApiPropertyOptional({ description: 'this delivery released a held upload of the same bytes' }) releasedHeld?: boolean;
  @ApiPropertyOptional({
    description: 'what the load did, by what it counts (rows inserted, updated, …)',
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  counts?: Record<string, number>;
}

/** 消込の結果: what one matching run did. */
export class MatchSummaryDto {
  @ApiProperty({ description: 'payments looked at' }) evaluated: number;
  @ApiProperty({ description: '消込: payments matched to their bill' }) matched: number;
  @ApiProperty({ description: 'matches reversed because the payment was cancelled (取消)' }) reversed: number;
  @ApiProperty({
    description: 'exceptions open or in review after the run, by type (types with none are left out)',
    type: 'object',
    properties: Object.fromEntries(Object.keys(EXCEPTION_TYPES).map((type) => [type, { type: 'integer' }])),
  })
  flagged: Partial<Record<ExceptionType, number>>;
  @ApiProperty({ description: 'exceptions the run moved on its own (machine transitions of their life cycle)' }) superseded: number;
}

/** What an upload, or the release of a held upload, answers: `import --json`'s document. */
export class IntakeResultDto {
  @ApiProperty({ type: [ImportResultDto] }) files: ImportResultDto[];
  @ApiProperty({ type: MatchSummaryDto, nullable: true, description: 'the matching run that followed; null when nothing was imported' })
  match: MatchSummaryDto | null;
}
