import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  CHANNEL_ENUM,
  EXCEPTION_TYPE_ENUM,
  FORMAT_ENUM,
  INSPECTION_BALANCE_ITEM_ENUM,
  PAYOUT_STATUS_ENUM,
  TABLE_FORMAT_ENUM,
  YEAR_CLASS_ENUM,
} from '../common/api-enums';
import type { YearClass } from '../common/calendar';
import {
  CHANNELS,
  type Channel,
  type ExceptionType,
  type FormatCode,
  type InspectionBalanceItem,
  type PayoutStatusCode,
} from '../common/codes';
import { IsCalendarDate, IsFiscalYear } from '../common/request-params';
import { TABLE_FORMATS, type TableFormat } from '../common/table-export';

/** `format=` of every report: absent for JSON, else a download through src/common/table-export.ts. */
export class ReportFormatQuery {
  @ApiPropertyOptional({ ...TABLE_FORMAT_ENUM, description: 'ダウンロード形式（省略時 JSON） / download format (JSON when absent)' })
  @IsOptional()
  @IsIn(TABLE_FORMATS as readonly string[])
  format?: TableFormat;
}

export class JournalQuery extends ReportFormatQuery {
  @ApiPropertyOptional({ description: '収入日計表の日 / the day of the 収入日計表 (YYYY-MM-DD); give this or month' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ description: '月計表の月 / the month of the 月計表 (YYYY-MM); give this or date', pattern: '^\\d{4}-\\d{2}$' })
  @IsOptional()
  @Matches(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, { message: 'month: YYYY-MM で指定してください / must be YYYY-MM' })
  month?: string;
}

export class CountAmountDto {
  @ApiProperty({ description: '件数' }) count: number;
  @ApiProperty({ description: '金額（円）' }) amount: number;
}

export class JournalRowDto {
  @ApiProperty({ description: '収入日 (YYYY-MM-DD), or the month (YYYY-MM) in a 月計表' }) date: string;
  @ApiProperty({ description: '会計年度 the receipt counts in (出納整理期間: the year that ended)' }) fiscalYear: number;
  @ApiProperty({ nullable: true, type: String, description: '科目コード (null: no bill and no category)' }) category: string | null;
  @ApiProperty({ nullable: true, type: String }) categoryName: string | null;
  @ApiProperty({ nullable: true, type: String, description: '歳入科目: 会計 款・項・目・節 (null: none set for the category)' })
  account: string | null;
  @ApiProperty(YEAR_CLASS_ENUM) yearClass: YearClass;
  @ApiProperty(CHANNEL_ENUM) channel: Channel;
  @ApiProperty() count: number;
  @ApiProperty({ description: '円' }) amount: number;
}

export class JournalFileDto {
  @ApiProperty() batchId: number;
  @ApiProperty() fileName: string;
  @ApiProperty() format: string;
  @ApiProperty({ description: '受付日' }) receivedOn: string;
  @ApiProperty() count: number;
  @ApiProperty() amount: number;
}

export class JournalDayDto extends CountAmountDto {
  @ApiProperty({ description: '収入日' }) date: string;
}

export class JournalDto {
  @ApiProperty({ enum: ['day', 'month'], description: '収入日計表 (day) or 月計表 (month)' }) kind: 'day' | 'month';
  @ApiProperty({ description: 'the day or month' }) period: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [JournalRowDto] }) rows: JournalRowDto[];
  @ApiProperty({ type: CountAmountDto }) total: CountAmountDto;
  @ApiProperty({ description: 'received payments of the period with no 収入日 yet (速報 only): left out' }) pending: number;
  @ApiProperty({ type: [JournalFileDto], description: 'the period’s receipts by the imported file that brought them' })
  files: JournalFileDto[];
  @ApiProperty({ description: 'the files’ receipts add up to the total' }) tiedToFiles: boolean;
  @ApiProperty({ type: [JournalDayDto], description: 'each 収入日’s total (a 月計表 adds them up)' }) days: JournalDayDto[];
  @ApiPropertyOptional({ type: CountAmountDto, description: '月計表: the fiscal year to date (fiscal year of the month’s end)' })
  cumulative?: CountAmountDto;
  @ApiPropertyOptional({ description: '月計表: the fiscal year of the cumulative figures' }) cumulativeFiscalYear?: number;
}

export class SettlementQuery extends ReportFormatQuery {
  @ApiProperty({ description: '会計年度 (FY2025 = 令和7年度)' })
  @IsFiscalYear()
  fiscalYear: number;
}

export class SettlementFiguresDto {
  @ApiProperty({ description: '調定額 (滞納繰越分: open when the year began)' }) assessed: number;
  @ApiProperty({ description: '収入済額' }) collected: number;
  @ApiProperty({ description: '不納欠損額' }) writtenOff: number;
  @ApiProperty({ description: '還付未済額' }) refundUnpaid: number;
  @ApiProperty({ description: '収入未済額 = 調定額 − 収入済額 − 不納欠損額 + 還付未済額' }) uncollected: number;
  @ApiProperty({ description: '収入未済額 counted from the bills (調定額 − 消込額 − 不納欠損額)' }) openByBills: number;
  @ApiProperty({ description: 'uncollected = openByBills' }) identityHolds: boolean;
}

export class SettlementRowDto extends SettlementFiguresDto {
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ nullable: true, type: String }) categoryName: string | null;
  @ApiProperty({ nullable: true, type: String, description: '歳入科目' }) account: string | null;
  @ApiProperty(YEAR_CLASS_ENUM) yearClass: YearClass;
}

export class SettlementDto {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ description: '出納閉鎖 (May 31 after the year)' }) closedOn: string;
  @ApiProperty({ description: 'false before 出納閉鎖: the figures may still change' }) final: boolean;
  @ApiProperty({ description: 'the identity, in words' }) identity: string;
  @ApiProperty({ type: [SettlementRowDto] }) rows: SettlementRowDto[];
  @ApiProperty({ type: SettlementFiguresDto }) total: SettlementFiguresDto;
}

export class InspectionQuery extends ReportFormatQuery {
  @ApiProperty({ description: '検査の月 (YYYY-MM)', pattern: '^\\d{4}-\\d{2}$' })
  @Matches(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, { message: 'month: YYYY-MM で指定してください / must be YYYY-MM' })
  month: string;
}

export class InspectionReceiptDto {
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ nullable: true, type: String }) categoryName: string | null;
  @ApiProperty(CHANNEL_ENUM) channel: Channel;
  @ApiProperty() count: number;
  @ApiProperty() amount: number;
}

export class InspectionExceptionDto {
  @ApiProperty(EXCEPTION_TYPE_ENUM) type: ExceptionType;
  @ApiProperty() typeLabel: string;
  @ApiProperty() count: number;
  @ApiProperty({ description: '納付額の合計' }) paidAmount: number;
  @ApiProperty({ description: '調定額（期待額）の合計' }) expectedAmount: number;
}

/** One expected payout of the month not (fully) in the city's account: from the deposits reconciliation. */
export class InspectionPayoutDto {
  @ApiProperty(FORMAT_ENUM) format: FormatCode;
  @ApiProperty({ description: 'payout key: 収納代行コード, eltax, card, 加盟店ID, counter…' }) provider: string;
  @ApiProperty({ description: '収入日 (振込予定日; counter cash: the day it was received)' }) dueOn: string;
  @ApiProperty({ description: 'payments due that day' }) expectedCount: number;
  @ApiProperty({ description: 'the payout expected (less fees when the source pays net)' }) expectedAmount: number;
  @ApiProperty({ nullable: true, type: String, description: '勘定日 of the deposit; null when none' }) arrivedOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) arrivedAmount: number | null;
  @ApiProperty({ description: 'arrived − expected (nothing arrived: − expected)' }) difference: number;
  @ApiProperty(PAYOUT_STATUS_ENUM) status: PayoutStatusCode;
  @ApiProperty({ description: 'the status in words; 翌月入金 when it arrived after the month’s end' }) statusLabel: string;
}

/** One step from the month's net collections to the account's closing balance. */
export class InspectionBalanceStepDto {
  @ApiProperty(INSPECTION_BALANCE_ITEM_ENUM) item: InspectionBalanceItem;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'yen added to the net collections on the way to the closing balance' }) amount: number;
}

/** The city's account as the imported statements show it. */
export class InspectionAccountDto {
  @ApiProperty() bankCode: string;
  @ApiProperty() branchCode: string;
  @ApiProperty() accountNo: string;
  @ApiProperty() accountName: string;
  @ApiProperty({ description: 'the statement the closing balance is read from' }) fileName: string;
  @ApiProperty({ description: 'the 勘定日 that statement covers' }) coveredFrom: string;
  @ApiProperty() coveredTo: string;
  @ApiProperty({ description: 'the day the closing balance is of: the month’s end, or the statement’s last 勘定日 before it' })
  asOf: string;
  @ApiProperty({ description: '残高 at the end of asOf' }) closingBalance: number;
  @ApiProperty({ description: 'the first day of the month the statements speak for' }) openingOn: string;
  @ApiProperty({ description: '残高 before openingOn' }) openingBalance: number;
}

/** The account's closing balance beside the month's net collections, the difference explained as far as the data goes. */
export class InspectionBalanceDto {
  @ApiProperty({ description: 'receipts of the month by 収入日' }) receipts: number;
  @ApiProperty({ description: 'refunds paid out (支出) in the month' }) refundsPaid: number;
  @ApiProperty({ description: 'receipts − refunds paid' }) netCollections: number;
  @ApiProperty({ type: InspectionAccountDto, nullable: true, description: 'null when no imported statement reaches into the month' })
  account: InspectionAccountDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'closing balance − net collections' }) difference: number | null;
  @ApiProperty({ type: [InspectionBalanceStepDto], description: 'what the data says of the difference' })
  steps: InspectionBalanceStepDto[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'difference − the steps: what the data does not explain (a gap in the statements)',
  })
  unexplained: number | null;
}

export class InspectionDto {
  @ApiProperty() month: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [InspectionReceiptDto], description: '収入 by 科目 and channel (収入日 in the month)' })
  receipts: InspectionReceiptDto[];
  @ApiProperty({ type: CountAmountDto, description: 'the month’s net collections' }) receiptsTotal: CountAmountDto;
  @ApiProperty({ type: [InspectionExceptionDto], description: 'exceptions raised by the month’s end and still open' })
  openExceptions: InspectionExceptionDto[];
  @ApiProperty({
    type: [InspectionPayoutDto],
    description: 'payouts of the month’s 収入日 missing, short or not yet due (入金照合), counter cash apart',
  })
  missingPayouts: InspectionPayoutDto[];
  @ApiProperty({
    type: [InspectionPayoutDto],
    description: 'counter cash of the month not paid in (or paid in short) by the month’s end, or not yet now',
  })
  counterCashNotDeposited: InspectionPayoutDto[];
  @ApiProperty({ type: InspectionBalanceDto }) balance: InspectionBalanceDto;
}

export class RevenueAccountDto {
  @ApiProperty() category: string;
  @ApiProperty() categoryName: string;
  @ApiProperty(YEAR_CLASS_ENUM) yearClass: YearClass;
  @ApiProperty({ description: '会計' }) ledger: string;
  @ApiProperty({ description: '款' }) kan: string;
  @ApiProperty({ description: '項' }) kou: string;
  @ApiProperty({ description: '目' }) moku: string;
  @ApiProperty({ description: '節' }) setsu: string;
  @ApiProperty({ description: 'as the books print it' }) account: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

/** One name of a 歳入科目: 1–60 characters. */
const AccountName = (): PropertyDecorator =>
  applyDecorators(IsString(), MinLength(1, { message: '$property: 入力してください / required' }), MaxLength(60));

export class UpdateRevenueAccountDto {
  @ApiProperty({ description: '会計', maxLength: 60 }) @AccountName() ledger: string;
  @ApiProperty({ description: '款', maxLength: 60 }) @AccountName() kan: string;
  @ApiProperty({ description: '項', maxLength: 60 }) @AccountName() kou: string;
  @ApiProperty({ description: '目', maxLength: 60 }) @AccountName() moku: string;
  @ApiProperty({ description: '節', maxLength: 60 }) @AccountName() setsu: string;
}

export class RefundDto {
  @ApiProperty({ description: 'the applied refund resolution' }) resolutionId: number;
  @ApiProperty() exceptionId: number;
  @ApiProperty({ nullable: true, type: Number }) paymentId: number | null;
  @ApiProperty({ nullable: true, type: String }) billNumber: string | null;
  @ApiProperty({ description: '還付額' }) amount: number;
  @ApiProperty({ description: '還付決定 (when the resolution was applied)' }) decidedAt: string;
  @ApiProperty({ nullable: true, type: String, description: '支出日 (null: not paid out yet, 還付未済)' }) paidOn: string | null;
  @ApiProperty({ nullable: true, type: String }) recordedBy: string | null;
}

export class RecordRefundPaymentDto {
  @ApiProperty({ description: '支出日 (YYYY-MM-DD)' })
  @IsCalendarDate()
  paidOn: string;
}

export class AdoptionQuery extends ReportFormatQuery {
  @ApiProperty({ description: '会計年度 whose 利用率 is shown beside the 導入率' })
  @IsFiscalYear()
  fiscalYear: number;
}

export class ProcedureChannelDto {
  @ApiProperty(CHANNEL_ENUM) channel: Channel;
  @ApiProperty({ description: 'accepted since (a future day: planned)' }) since: string;
  @ApiProperty() cashless: boolean;
}

export class ProcedureDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ type: [ProcedureChannelDto] }) channels: ProcedureChannelDto[];
  @ApiProperty({ nullable: true, type: String, description: 'first day it accepted a cashless channel' }) cashlessSince: string | null;
}

export class AdoptionTrendDto {
  @ApiProperty({ description: 'YYYY-MM' }) month: string;
  @ApiProperty({ description: '導入率 at the month’s end' }) adoptionShare: number;
  @ApiProperty({ nullable: true, type: Number, description: '利用率 by count (null: no payment that month)' }) usageByCount: number | null;
  @ApiProperty({ nullable: true, type: Number }) usageByAmount: number | null;
}

export class AdoptionProjectionDto {
  @ApiProperty({ description: 'the plan’s horizon: 令和12年度末' }) asOf: string;
  @ApiProperty() adoptionShare: number;
  @ApiProperty({ nullable: true, type: Number }) usageByCount: number | null;
  @ApiProperty({ description: 'how the projection was made' }) method: string;
}

export class AdoptionDto {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ description: 'the ledger read as of this day' }) asOf: string;
  @ApiProperty({ example: 0.5 }) target: number;
  @ApiProperty({ type: [ProcedureDto] }) procedures: ProcedureDto[];
  @ApiProperty({ description: '導入率: procedures accepting a cashless channel / all procedures' }) adoptionShare: number;
  @ApiProperty() proceduresAccepting: number;
  @ApiProperty() proceduresTotal: number;
  @ApiProperty({ description: '利用率 by count in the fiscal year' }) usageByCount: number;
  @ApiProperty({ description: '利用率 by amount in the fiscal year' }) usageByAmount: number;
  @ApiProperty({ type: [AdoptionTrendDto] }) trend: AdoptionTrendDto[];
  @ApiProperty({ type: AdoptionProjectionDto }) projection: AdoptionProjectionDto;
  @ApiProperty({ description: 'target − 導入率 now (≤ 0: reached)' }) gap: number;
  @ApiProperty({ description: 'target − projected 導入率' }) projectedGap: number;
}

export class ProcedureParams {
  @ApiProperty({ description: '手続コード', pattern: '^[0-9A-Za-z_-]{1,20}$' })
  @Matches(/^[0-9A-Za-z_-]{1,20}$/, { message: 'code: 英数字・_・- の20文字以内 / up to 20 letters, digits, _ or -' })
  code: string;
}

export class ProcedureChannelInput {
  @ApiProperty(CHANNEL_ENUM)
  @IsIn(CHANNELS as readonly string[])
  channel: Channel;

  @ApiProperty({ description: 'accepted since (YYYY-MM-DD; a future day: planned)' })
  @IsCalendarDate()
  since: string;
}

/** A procedure of the 手続台帳 as an admin sets it: its name, its 科目 if keshikomi reconciles it, its channels. */
export class SaveProcedureDto {
  @ApiProperty({ maxLength: 60 })
  @IsString()
  @MinLength(1, { message: 'name: 入力してください / required' })
  @MaxLength(60)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: '科目コード (null: a fee keshikomi does not reconcile)' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  category?: string | null;

  @ApiProperty({ type: [ProcedureChannelInput] })
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => ProcedureChannelInput)
  channels: ProcedureChannelInput[];
}
