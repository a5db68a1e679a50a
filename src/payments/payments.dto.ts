import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CHANNEL_ENUM, PAYMENT_STATE_ENUM, YEAR_CLASS_ENUM } from '../common/api-enums';
import type { YearClass } from '../common/calendar';
import { CHANNELS, Channel, PAYMENT_STATES, PaymentState } from '../common/codes';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/request-params';

export class PaymentListQuery extends PageQuery {
  @ApiPropertyOptional({ description: '納付番号 (16桁)' })
  @IsOptional()
  @Matches(/^\d{16}$/)
  billNumber?: string;

  @ApiPropertyOptional(CHANNEL_ENUM)
  @IsOptional()
  @IsIn(CHANNELS as readonly string[])
  channel?: Channel;

  @ApiPropertyOptional({ description: '納付日 from (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  paidFrom?: string;

  @ApiPropertyOptional({ description: '納付日 to (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  paidTo?: string;

  @ApiPropertyOptional(PAYMENT_STATE_ENUM)
  @IsOptional()
  @IsIn(PAYMENT_STATES)
  state?: PaymentState;

  @ApiPropertyOptional({ description: '科目コード' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  category?: string;
}

export class PaymentDto {
  @ApiProperty() id: number;
  @ApiProperty(CHANNEL_ENUM) channel: Channel;
  @ApiProperty({ nullable: true, type: String, description: '収納代行' }) providerCode: string | null;
  @ApiProperty({ nullable: true, type: String, description: '納付番号 as carried' }) billNumber: string | null;
  @ApiProperty({ description: 'check digits verify' }) referenceValid: boolean;
  @ApiProperty({ nullable: true, type: String }) paymentRef: string | null;
  @ApiProperty({ nullable: true, type: String, description: '科目コード' }) category: string | null;
  @ApiProperty({ description: '納付日' }) paidOn: string;
  @ApiProperty({ nullable: true, type: String }) paidTime: string | null;
  @ApiProperty({ description: '納付額 (円)' }) amount: number;
  @ApiProperty(PAYMENT_STATE_ENUM) state: PaymentState;
  @ApiProperty() hasPreliminary: boolean;
  @ApiProperty() hasFinal: boolean;
  @ApiProperty({ nullable: true, type: String, description: '振込予定日' }) depositDueOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: '収入日: the day the money reaches the city account (formats.md)' })
  incomeOn: string | null;
  @ApiProperty({ description: '会計年度 the payment counts in (payment_accounting: 出納整理期間 for the year that ended’s own bills)' })
  fiscalYear: number;
  @ApiProperty({ ...YEAR_CLASS_ENUM, description: '年度区分: current 現年度分, carried 滞納繰越分' }) yearClass: YearClass;
  @ApiProperty({ nullable: true, type: Number }) billId: number | null;
  @ApiProperty({ description: '消込額 (円)' }) appliedAmount: number;
  @ApiProperty({ description: 'open exceptions of this payment' }) openExceptions: number;
}

export class PaymentPageDto {
  @ApiProperty({ type: [PaymentDto] }) items: PaymentDto[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
}
