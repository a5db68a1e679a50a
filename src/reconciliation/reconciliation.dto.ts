import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CHANNEL_ENUM, DAY_CHOICE_ENUM, DayChoice, EXCEPTION_TYPE_ENUM, FORMAT_ENUM } from '../common/api-enums';
import { Channel, ExceptionType, FormatCode } from '../common/codes';
import { IsCalendarDate } from '../common/request-params';
import { BATCH_STATUS_ENUM, BatchStatus } from '../imports/imports.dto';

export class DailyQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD; default the last business day' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

class DailyImport {
  @ApiProperty() id: number;
  @ApiProperty() fileName: string;
  @ApiProperty(FORMAT_ENUM) format: FormatCode;
  @ApiProperty({ ...BATCH_STATUS_ENUM, description: 'held: 取込保留 (not counted until released)' }) status: BatchStatus;
  @ApiProperty() records: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiProperty() controlsOk: boolean;
}

class DailyChannel {
  @ApiProperty(CHANNEL_ENUM) channel: Channel;
  @ApiProperty() count: number;
  @ApiProperty() amount: number;
  @ApiProperty() autoMatched: number;
  @ApiProperty() manuallyMatched: number;
  @ApiProperty() unmatched: number;
}

class ExceptionCount {
  @ApiProperty(EXCEPTION_TYPE_ENUM) type: ExceptionType;
  @ApiProperty() count: number;
}

class MissingFile {
  @ApiProperty({ ...FORMAT_ENUM, description: '取込形式 expected on the day (expected_delivery: its weekdays, business days only)' })
  format: string;
  @ApiProperty({ nullable: true, type: String, description: 'the last day one arrived' }) lastReceivedOn: string | null;
}

class SampleLoading {
  @ApiProperty({ description: 'sample files imported so far' }) filesLoaded: number;
  @ApiProperty({ description: 'sample files in all' }) filesTotal: number;
}

export class DailyReconciliationDto {
  @ApiProperty() date: string;
  @ApiProperty(DAY_CHOICE_ENUM)
  dateChoice: DayChoice;
  @ApiProperty({
    type: SampleLoading,
    nullable: true,
    description: 'the demo is still loading its samples in the background (null otherwise)',
  })
  samplesLoading: SampleLoading | null;
  @ApiProperty({ type: [DailyImport] }) imports: DailyImport[];
  @ApiProperty({ type: [DailyChannel], description: 'payments paid that day, by channel' }) payments: DailyChannel[];
  @ApiProperty({ type: [ExceptionCount], description: 'open exceptions (all days) by type' }) openExceptions: ExceptionCount[];
  @ApiProperty({ type: [MissingFile], description: '未着: expected files that have not arrived for the day' }) missingFiles: MissingFile[];
}
