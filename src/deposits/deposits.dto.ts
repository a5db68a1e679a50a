import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { FORMAT_ENUM, PAYOUT_FEES_ENUM, PAYOUT_STATUS_ENUM } from '../common/api-enums';
import { FORMATS, PAYOUT_FEES, type FormatCode, type PayoutFees, type PayoutStatusCode } from '../common/codes';
import { IsCalendarDate } from '../common/request-params';

export class DepositsQuery {
  @ApiPropertyOptional({ description: 'first 収入日 (YYYY-MM-DD); an unexpected deposit counts by its 勘定日' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'last 収入日 (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

/** One expected payout against its deposit, or a deposit of a payout source no expectation explains. */
export class DepositDto {
  @ApiProperty(FORMAT_ENUM) format: FormatCode;
  @ApiProperty({ description: 'payout key (formats.md): 収納代行コード, 共通納税機関コード, card, 加盟店ID, counter…' }) provider: string;
  @ApiProperty({ nullable: true, type: String, description: '収入日 the payout was due; null for unexpected' }) dueOn: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'payments due that day (取消 not counted)' }) expectedCount: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'what the payments add up to, 取消 taken back' }) grossAmount: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'fee-per-item × count + floor(amount × fee-rate / 100)' }) feeAmount:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'the payout expected: gross, less fees when the source pays net' })
  expectedAmount: number | null;
  @ApiProperty({ nullable: true, type: String, description: '勘定日 of the deposit' }) arrivedOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) arrivedAmount: number | null;
  @ApiProperty(PAYOUT_STATUS_ENUM) status: PayoutStatusCode;
  @ApiProperty({ nullable: true, type: String, description: '照会番号 of the deposit' }) referenceNo: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'the deposit (statement entry): what link_deposit names' })
  statementEntryId: number | null;
  @ApiProperty({ nullable: true, type: String, description: '振込依頼人名 as the bank shows it' }) payerName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the statement file the deposit came in' }) fileName: string | null;
}

export class DepositsDto {
  @ApiProperty({ type: [DepositDto] }) deposits: DepositDto[];
}

class CounterCashDto {
  @ApiProperty({ description: 'yen received at the counter in cash whose 払込 no statement shows yet' }) amount: number;
  @ApiProperty({ description: 'counter days not yet seen paid in' }) days: number;
  @ApiProperty({ nullable: true, type: String, description: 'the earliest such day' }) since: string | null;
}

export class DepositSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'the last 勘定日 the imported statements cover (the clock)' })
  coveredTo: string | null;
  @ApiProperty({ description: 'expected payouts missing (window passed, no deposit)' }) missingCount: number;
  @ApiProperty() missingAmount: number;
  @ApiProperty({ description: 'payouts that arrived with another amount' }) shortCount: number;
  @ApiProperty({ description: 'expected − arrived over those payouts (negative when over)' }) shortAmount: number;
  @ApiProperty({ description: 'deposits of a payout source no expected payout explains' }) unexpectedCount: number;
  @ApiProperty({ description: 'deposit exceptions open or in review' }) openExceptions: number;
  @ApiProperty({ type: CounterCashDto, description: '収納済・未払込: counter cash received, not yet deposited' })
  counterCashNotDeposited: CounterCashDto;
}

export class PaymentsBehindQuery {
  @ApiProperty(FORMAT_ENUM)
  @IsIn(FORMATS as readonly string[])
  format: FormatCode;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  provider: string;

  @ApiProperty({ description: '収入日 YYYY-MM-DD' })
  @IsCalendarDate()
  dueOn: string;
}

export class PaymentBehindDto {
  @ApiProperty() paymentId: number;
  @ApiProperty({ nullable: true, type: String }) billNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) paymentRef: string | null;
  @ApiProperty() paidOn: string;
  @ApiProperty({ description: "the payment's part in the payout: negative for a 取消 taken back that day" }) amount: number;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'a 取消 taken back from this payout' }) cancellation: boolean;
}

export class PaymentsBehindDto {
  @ApiProperty({ type: [PaymentBehindDto], description: 'at most 1,000, by 納付日' }) payments: PaymentBehindDto[];
}

export class PayoutSourceDto {
  @ApiProperty() id: number;
  @ApiProperty(FORMAT_ENUM) format: FormatCode;
  @ApiProperty({ description: 'provider key (formats.md "収入日 and payout keys")' }) providerCode: string;
  @ApiProperty({ description: '振込依頼人名 as the bank statement shows it' }) payerName: string;
  @ApiProperty(PAYOUT_FEES_ENUM) fees: PayoutFees;
  @ApiProperty() feePerItem: number;
  @ApiProperty({ description: 'percent' }) feeRate: number;
  @ApiProperty({ description: 'business days a payout may come late and still be on time' }) toleranceDays: number;
  @ApiProperty({ description: 'qr-counter: business days from the transaction to the credit (収入日)' }) lagDays: number;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

export class PayoutSourcesDto {
  @ApiProperty({ type: [PayoutSourceDto] }) payoutSources: PayoutSourceDto[];
}

export class SetPayoutSourceDto {
  @ApiProperty(FORMAT_ENUM)
  @IsIn(FORMATS as readonly string[])
  format: FormatCode;

  @ApiProperty({ description: 'provider key' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  provider: string;

  @ApiProperty({ description: '振込依頼人名 (半角カナ as the bank shows it; matched after folding)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  payerName: string;

  @ApiPropertyOptional({ ...PAYOUT_FEES_ENUM, description: 'default gross' })
  @IsOptional()
  @IsIn(PAYOUT_FEES as readonly string[])
  fees?: PayoutFees;

  @ApiPropertyOptional({ description: 'yen per payment, default 0' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  feePerItem?: number;

  @ApiPropertyOptional({ description: 'percent of the amount, default 0' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(99.9999)
  feeRate?: number;

  @ApiPropertyOptional({ description: 'business days, default 0' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30)
  toleranceDays?: number;

  @ApiPropertyOptional({ description: 'business days, default 1' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30)
  lagDays?: number;
}
