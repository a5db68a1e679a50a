import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { BATCH_FILE_STATUS_ENUM, BATCH_RUN_STATUS_ENUM, BATCH_TRIGGER_ENUM, FORMAT_ENUM } from '../common/api-enums';
import { IsRecordId, IsWholeNumber } from '../common/request-params';
import { MatchSummaryDto } from '../imports/imports.dto';

export class BatchRunsQuery {
  @ApiPropertyOptional({ description: '1ページの件数 / page size', type: 'integer', default: 20, maximum: 100 })
  @IsOptional()
  @IsWholeNumber(1, 100)
  limit = 20;

  @ApiPropertyOptional({ description: 'この id より前 / runs older than this id (newest first)', type: 'integer' })
  @IsOptional()
  @IsRecordId(0)
  before?: number;
}

export class MissingFileDto {
  @ApiProperty({ ...FORMAT_ENUM, description: '取込形式 expected on the day (expected_delivery)' }) format: string;
  @ApiProperty({ description: '未着: the business day (YYYY-MM-DD) no file of it was received', example: '2026-11-18' }) day: string;
}

export class BatchRunFileDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'its path in the inbox', example: 'konbini/SYUNO_20261125.dat' }) path: string;
  @ApiProperty({ ...FORMAT_ENUM }) format: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ ...BATCH_FILE_STATUS_ENUM }) status: string;
  @ApiProperty({ nullable: true, type: Number, description: 'the import batch (取込) it made or duplicated' }) importBatchId: number | null;
  @ApiProperty() records: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ description: 'rejected lines and refusals' }) errorCount: number;
  @ApiProperty({ nullable: true, type: String, description: 'the first problem, or the fault' }) error: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'where housekeeping moved it: archive/YYYY-MM-DD/… or failed/…' })
  movedTo: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when it was recorded (Tokyo)' }) settledAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the process that recorded it (host:pid): which worker took it' })
  settledBy: string | null;
}

export class BatchRunDto {
  @ApiProperty() id: number;
  @ApiProperty({ ...BATCH_TRIGGER_ENUM }) trigger: string;
  @ApiProperty({ description: 'the Tokyo day the run is for', example: '2026-11-26' }) night: string;
  @ApiProperty({ ...BATCH_RUN_STATUS_ENUM }) status: string;
  @ApiProperty({ description: '開始 (Tokyo)' }) startedAt: string;
  @ApiProperty({ nullable: true, type: String, description: '終了 (Tokyo); null while it runs' }) finishedAt: string | null;
  @ApiProperty({ description: 'files taken' }) files: number;
  @ApiProperty({ description: 'files still queued' }) queued: number;
  @ApiProperty() imported: number;
  @ApiProperty({ description: 'the same bytes were imported before' }) duplicates: number;
  @ApiProperty({ description: 'refused (moved to failed/)' }) failed: number;
  @ApiProperty({ description: 'a fault outlasted its retries (left in the inbox)' }) errors: number;
  @ApiProperty() records: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ type: MatchSummaryDto, nullable: true, description: 'the matching run after the files (null: nothing to match)' })
  match: MatchSummaryDto | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'what ran after matching (exports), one entry each',
  })
  exports: Record<string, unknown>[];
  @ApiProperty({ type: [MissingFileDto], description: '未着: expected files not arrived in the week before the night' })
  missingFiles: MissingFileDto[];
  @ApiProperty({ nullable: true, type: String, description: 'why the run failed' }) error: string | null;
  @ApiProperty({ type: [BatchRunFileDto] }) fileList: BatchRunFileDto[];
}

export class BatchRunPageDto {
  @ApiProperty({ type: [BatchRunDto] }) items: BatchRunDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'pass as `before` for older runs; null on the last page' })
  nextBefore: number | null;
}
