import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { CHANNEL_ENUM, namedEnum } from '../common/api-enums';
import { CHANNELS, Channel } from '../common/codes';
import { IsFiscalYear } from '../common/request-params';
import { TABLE_FORMATS, type TableFormat } from '../common/table-export';

export const REPORT_GROUPINGS = ['category', 'channel', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];
const GROUPING_ENUM = namedEnum('ReportGrouping', REPORT_GROUPINGS, 'rows by 科目 category, 収納経路 channel or month');

export class CashlessReportQuery {
  @ApiProperty({ description: '会計年度 (FY2026 = 令和8年度)' })
  @IsFiscalYear()
  fiscalYear: number;

  @ApiPropertyOptional({ ...GROUPING_ENUM, default: 'channel' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS as readonly string[])
  by: ReportGrouping = 'channel';

  @ApiPropertyOptional({ description: 'キャッシュレスとみなす経路 (comma-separated); default: the configured set', type: String })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s: string) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsIn(CHANNELS as readonly string[], { each: true })
  cashless?: Channel[];

  @ApiPropertyOptional({
    enum: ['json', ...TABLE_FORMATS],
    default: 'json',
    description: 'json, or a download: csv (UTF-8 BOM), csv-sjis (CP932), xlsx',
  })
  @IsOptional()
  @IsIn(['json', ...TABLE_FORMATS])
  format: 'json' | TableFormat = 'json';
}

export class ShareDto {
  @ApiProperty() count: number;
  @ApiProperty({ description: '円' }) amount: number;
  @ApiProperty() cashlessCount: number;
  @ApiProperty() cashlessAmount: number;
  @ApiProperty({ description: 'fraction, e.g. 0.123' }) shareByCount: number;
  @ApiProperty() shareByAmount: number;
  @ApiProperty({ description: '窓口外 share by count' }) nonCounterShareByCount: number;
  @ApiProperty() nonCounterShareByAmount: number;
}

export class ReportRowDto extends ShareDto {
  @ApiProperty({ nullable: true, type: String }) key: string | null;
  @ApiProperty() label: string;
}

export class ReportDefinitionDto {
  @ApiProperty({ ...CHANNEL_ENUM, isArray: true }) cashlessChannels: Channel[];
  @ApiProperty({ type: [String], description: 'eLTAX 納付手段区分 counted as cashless' }) eltaxCashlessMeans: string[];
  @ApiProperty({ ...CHANNEL_ENUM, isArray: true, description: '窓口: counter channels' }) counterChannels: Channel[];
  @ApiProperty({ type: [String] }) eltaxCounterMeans: string[];
  @ApiProperty() description: string;
}

export class CategoryAdoptionDto {
  @ApiProperty({ description: '科目数' }) categories: number;
  @ApiProperty({ description: 'キャッシュレス納付のあった科目数' }) withCashless: number;
  @ApiProperty() share: number;
}

class ChannelCostDto {
  @ApiProperty(CHANNEL_ENUM) channel: Channel;
  @ApiProperty({ description: 'payments paid out through the channel’s payout sources' }) count: number;
  @ApiProperty({ description: 'fees by the fee table: fee-per-item × count + floor(amount × fee-rate / 100) per payout' }) fees: number;
  @ApiProperty({ description: 'fees ÷ count, yen (one decimal)' }) costPerPayment: number;
}

class ProviderFeeDto {
  @ApiProperty() format: string;
  @ApiProperty({ description: 'payout key' }) provider: string;
  @ApiProperty({ description: 'YYYY-MM of the 収入日' }) month: string;
  @ApiProperty() count: number;
  @ApiProperty() fees: number;
}

class CostsDto {
  @ApiProperty({ description: 'what the fee table says each channel costs the city per payment' }) description: string;
  @ApiProperty({ type: [ChannelCostDto] }) byChannel: ChannelCostDto[];
  @ApiProperty({ type: [ProviderFeeDto], description: 'monthly fees per provider (payouts of the fiscal year by 収入日)' })
  monthlyFees: ProviderFeeDto[];
}

export class CashlessReportDto {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 0.5 }) target: number;
  @ApiProperty({ ...CHANNEL_ENUM, isArray: true, description: 'the channels counted as cashless' }) cashlessChannels: Channel[];
  @ApiProperty({ type: ReportDefinitionDto }) definition: ReportDefinitionDto;
  @ApiProperty({ type: ShareDto }) total: ShareDto;
  @ApiProperty(GROUPING_ENUM) by: ReportGrouping;
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
  @ApiProperty({ type: CategoryAdoptionDto, description: '導入率 read as the share of categories paid cashless at least once' })
  categoryAdoption: CategoryAdoptionDto;
  @ApiProperty({ type: CostsDto, description: '手数料と1件当たりコスト: from the payout sources’ fee table (入金元)' }) costs: CostsDto;
}
