import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { FORMATS, FormatCode } from '../common/codes';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/request-params';

export class ImportListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FORMATS })
  @IsOptional()
  @IsIn(FORMATS as readonly string[])
  format?: FormatCode;

  @ApiPropertyOptional({ description: '受信日 / received on (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;
}

export class LineErrorDto {
  @ApiProperty({ nullable: true, type: Number }) line: number | null;
  @ApiProperty({ nullable: true, type: String }) field: string | null;
  @ApiProperty() message: string;
}

export class ImportBatchDto {
  @ApiProperty() id: number;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: FORMATS }) format: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() status: string;
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

export class RejectedLineDto {
  @ApiProperty() line: number;
  @ApiProperty({ description: '届いたままの行 / the line as it arrived' }) raw: string;
  @ApiProperty({ type: [LineErrorDto] }) errors: LineErrorDto[];
}

export class ControlCheckDto {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) expected: number | null;
  @ApiProperty() actual: number;
}

export class ImportBatchDetailDto extends ImportBatchDto {
  @ApiProperty({ type: [ControlCheckDto] }) controls: ControlCheckDto[];
  @ApiProperty({ type: [LineErrorDto] }) controlIssues: LineErrorDto[];
  @ApiProperty({ type: [LineErrorDto] }) warnings: LineErrorDto[];
  @ApiProperty({ type: [RejectedLineDto] }) rejectedLines: RejectedLineDto[];
}

export class ImportBatchPageDto {
  @ApiProperty({ type: [ImportBatchDto] }) items: ImportBatchDto[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
}
