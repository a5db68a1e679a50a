import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { FORMATS, FormatCode } from '../common/codes';
import { IsCalendarDate } from '../common/request-params';

export class UploadImportDto {
  @ApiProperty({ enum: ['auto', ...FORMATS], description: '取込形式; auto = 自動判定 from the first records' })
  @IsIn(['auto', ...FORMATS])
  format: FormatCode | 'auto';

  @ApiPropertyOptional({ description: '受信日 YYYY-MM-DD (default today, Tokyo)' })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;

  @ApiPropertyOptional({ description: '検証のみ / parse and validate, write nothing: `true` or `false`, nothing else' })
  @IsOptional()
  // Only the words: `1` or `yes` once imported for real what was meant as a dry run.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun は true か false です / dryRun must be true or false' })
  dryRun?: boolean;
}
