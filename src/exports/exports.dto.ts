import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../common/request-params';
import { RESULT_COLUMN_KEYS } from './result-layout';

const ENCODINGS = ['cp932', 'utf8'] as const;
const ENCODING_ENUM = { enum: [...ENCODINGS], enumName: 'ExportEncoding', description: 'CP932 (Shift_JIS) or UTF-8 with BOM' };
const COLUMN_ENUM = { enum: RESULT_COLUMN_KEYS, enumName: 'ResultColumn', isArray: true };

export class ExportTargetDto {
  @ApiProperty({ description: '連携先 code, as `export-target set --system` names it' }) system: string;
  @ApiProperty({ description: '名称 (税務システム…)' }) name: string;
  @ApiProperty({ type: [String], description: '科目コード sent to this system' }) categories: string[];
  @ApiProperty(ENCODING_ENUM) encoding: 'cp932' | 'utf8';
  @ApiProperty({ type: String, nullable: true, description: 'drop folder for the file-transfer tool; null: kept in keshikomi only' })
  dir: string | null;
  @ApiProperty({ ...COLUMN_ENUM, description: 'columns in file order (contract.md columns always among them)' }) columns: string[];
  @ApiProperty() updatedBy: string;
  @ApiProperty({ description: 'Tokyo time' }) updatedAt: string;
}

export class ExportTargetBody {
  @ApiPropertyOptional({ description: '名称' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiProperty({ type: [String], description: '科目コード (01…)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(/^\d{2}$/, { each: true })
  categories: string[];

  @ApiPropertyOptional(ENCODING_ENUM)
  @IsOptional()
  @IsIn(ENCODINGS)
  encoding?: 'cp932' | 'utf8';

  @ApiPropertyOptional({ type: String, nullable: true, description: 'absolute folder; empty or null: none' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  dir?: string | null;

  @ApiPropertyOptional({ ...COLUMN_ENUM, description: 'column keys in the order wanted; contract columns left out are added at the end' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @IsIn(RESULT_COLUMN_KEYS, { each: true })
  columns?: string[];
}

export class ExportRunDto {
  @ApiProperty() id: number;
  @ApiProperty() system: string;
  @ApiProperty({ enum: ['since_last', 'range'], enumName: 'ExportSelection', description: 'since_last: unsent events; range: days' })
  selection: 'since_last' | 'range';
  @ApiProperty({ type: String, nullable: true }) fromOn: string | null;
  @ApiProperty({ type: String, nullable: true }) toOn: string | null;
  @ApiProperty({ description: 'event rows (the 合計 row not counted)' }) rows: number;
  @ApiProperty({ description: 'sum of 納付額 (取消 negative), yen' }) amount: number;
  @ApiProperty(ENCODING_ENUM) encoding: 'cp932' | 'utf8';
  @ApiProperty() fileName: string;
  @ApiProperty({ type: String, nullable: true, description: 'where it was written; null: no folder' }) filePath: string | null;
  @ApiProperty() sha256: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ description: 'Tokyo time' }) createdAt: string;
}

export class RunResultDto {
  @ApiProperty() run: number;
  @ApiProperty() system: string;
  @ApiProperty() rows: number;
  @ApiProperty() amount: number;
  @ApiProperty({ type: String, nullable: true }) file: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty() sha256: string;
}

export class ExportNowBody {
  @ApiPropertyOptional({ description: 'one system; omitted: every system' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  system?: string;
}

export class RunsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  system?: string;
}

export class RunFileQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], description: 'csv: the bytes sent; xlsx: the same cells for people' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}

export class ExportStatusDto {
  @ApiProperty() system: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Number, nullable: true }) lastRunId: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Tokyo time' }) lastRunAt: string | null;
  @ApiProperty({ description: '速報・確報・取消 imported and not yet sent' }) pendingEvents: number;
  @ApiProperty({ type: String, nullable: true, description: 'when the oldest of them was recorded (Tokyo time)' })
  pendingSince: string | null;
}

const TABLE_FORMAT = {
  enum: ['json', 'csv', 'csv-sjis', 'xlsx'],
  description: 'json (default), or a download: csv (UTF-8 BOM), csv-sjis (CP932), xlsx',
};

export class DunningHoldQuery {
  @ApiProperty()
  @IsString()
  @MaxLength(32)
  system: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; default today (Tokyo)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional(TABLE_FORMAT)
  @IsOptional()
  @IsIn(TABLE_FORMAT.enum)
  format?: 'json' | 'csv' | 'csv-sjis' | 'xlsx';
}

export class DunningHoldRowDto {
  @ApiProperty() billNumber: string;
  @ApiProperty() payerId: string;
  @ApiProperty() category: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty() installment: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() paymentId: number;
  @ApiProperty() paidOn: string;
  @ApiProperty() channel: string;
  @ApiProperty() amount: number;
  @ApiProperty({ enum: ['preliminary', 'final'], description: 'preliminary: only the 速報 known; final: 確報 not yet sent' })
  knownAs: 'preliminary' | 'final';
  @ApiProperty({ description: 'the day the money became known (file arrival)' }) receivedOn: string;
}

export class DunningHoldDto {
  @ApiProperty() system: string;
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [DunningHoldRowDto] }) rows: DunningHoldRowDto[];
}

export class FailedDebitsQuery {
  @ApiProperty({ description: '引落日 from, YYYY-MM-DD' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: '引落日 to, YYYY-MM-DD' })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only those not yet followed up' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  open?: boolean;

  @ApiPropertyOptional(TABLE_FORMAT)
  @IsOptional()
  @IsIn(TABLE_FORMAT.enum)
  format?: 'json' | 'csv' | 'csv-sjis' | 'xlsx';
}

export class FailedDebitDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: '引落日' }) debitOn: string;
  @ApiProperty({ description: '振替結果コード' }) resultCode: string;
  @ApiProperty({ description: '振替結果 (資金不足…)' }) resultLabel: string;
  @ApiProperty({ type: String, nullable: true }) billNumber: string | null;
  @ApiProperty({ type: String, nullable: true, description: '宛名番号 (null when no bill has that 納付番号)' }) payerId: string | null;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty() amount: number;
  @ApiProperty({ type: String, nullable: true }) followUpNote: string | null;
  @ApiProperty({ type: String, nullable: true }) followedUpBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Tokyo time' }) followedUpAt: string | null;
}

export class FailedDebitsDto {
  @ApiProperty({ type: [FailedDebitDto] }) rows: FailedDebitDto[];
}

export class FollowUpBody {
  @ApiProperty({ description: '対応内容 (再振替依頼, 納付書送付…)' })
  @IsString()
  @MaxLength(2000)
  note: string;
}
