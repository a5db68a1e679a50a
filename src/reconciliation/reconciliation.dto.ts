import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../common/request-params';

export class DailyQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD; default the last business day' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

class DailyImport {
  @ApiProperty() id: number;
  @ApiProperty() fileName: string;
  @ApiProperty() format: string;
  @ApiProperty({ enum: ['imported', 'held', 'rejected'], description: 'held: 取込保留 (not counted until released)' }) status: string;
  @ApiProperty() records: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiProperty() controlsOk: boolean;
}

class DailyChannel {
  @ApiProperty() channel: string;
  @ApiProperty() count: number;
  @ApiProperty() amount: number;
  @ApiProperty() autoMatched: number;
  @ApiProperty() manuallyMatched: number;
  @ApiProperty() unmatched: number;
}

class ExceptionCount {
  @ApiProperty() type: string;
  @ApiProperty() count: number;
}

class MissingFile {
  @ApiProperty({ description: '取込形式 expected every business day (KESHIKOMI_EXPECTED_DAILY)' }) format: string;
  @ApiProperty({ nullable: true, type: String, description: 'the last day one arrived' }) lastReceivedOn: string | null;
}

export class DailyReconciliationDto {
  @ApiProperty() date: string;
  @ApiProperty({ type: [DailyImport] }) imports: DailyImport[];
  @ApiProperty({ type: [DailyChannel], description: 'payments paid that day, by channel' }) payments: DailyChannel[];
  @ApiProperty({ type: [ExceptionCount], description: 'open exceptions (all days) by type' }) openExceptions: ExceptionCount[];
  @ApiProperty({ type: [MissingFile], description: '未着: expected files that have not arrived for the day' }) missingFiles: MissingFile[];
}
