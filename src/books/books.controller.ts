import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { ApiReportResponse } from '../common/api-downloads';
import { YEAR_CLASS_ENUM } from '../common/api-enums';
import { YEAR_CLASSES, type YearClass } from '../common/calendar';
import { printedNow, renderTable, type ExportTable, type PrintContext, type TableFormat } from '../common/table-export';
import { AppConfig } from '../config/app-config';
import { AdoptionService } from './adoption.service';
import { adoptionTable, inspectionTable, journalTable, settlementTable } from './books-export';
import {
  AdoptionDto,
  AdoptionQuery,
  InspectionDto,
  InspectionQuery,
  JournalDto,
  JournalQuery,
  ProcedureDto,
  ProcedureParams,
  RecordRefundPaymentDto,
  RefundDto,
  RevenueAccountDto,
  SaveProcedureDto,
  SettlementDto,
  SettlementQuery,
  UpdateRevenueAccountDto,
} from './books.dto';
import { BooksService } from './books.service';

/** A form as the file `format` asks for: its bytes, type and a file name. */
export async function download(res: Response, table: ExportTable, format: TableFormat, name: string): Promise<StreamableFile> {
  const file = await renderTable(table, format);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${name}.${file.extension}"`);
  return new StreamableFile(file.body);
}

export class RevenueAccountParams {
  @ApiProperty({ description: '科目コード' })
  @Matches(/^\d{2}$/, { message: 'category: 2桁の科目コード / a 2-digit category code' })
  category: string;

  @ApiProperty(YEAR_CLASS_ENUM)
  @IsIn(YEAR_CLASSES as readonly string[])
  yearClass: YearClass;
}

@ApiTags('books')
@Controller('books')
export class BooksController {
  constructor(
    private readonly books: BooksService,
    private readonly adoptions: AdoptionService,
    private readonly config: AppConfig,
  ) {}

  private print(user: SessionUser): PrintContext {
    return printedNow(this.config.MUNICIPALITY_CODE, user.loginName);
  }

  @Get('journal')
  @Roles('finance', 'manager', 'staff', 'auditor')
  @ApiOperation({ summary: '収入日計表（date）/ 月計表（month）: 収入日 × 科目 × 年度区分 × 経路 (JSON, csv, csv-sjis, xlsx)' })
  @ApiReportResponse(JournalDto)
  async journal(
    @Query() query: JournalQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JournalDto | StreamableFile> {
    const journal = await this.books.journal(query);
    if (!query.format) return journal;
    return download(res, journalTable(journal, this.print(user)), query.format, `journal-${journal.period}`);
  }

  @Get('settlement')
  @Roles('finance', 'manager', 'staff', 'auditor')
  @ApiOperation({ summary: '決算: 調定額・収入済額・不納欠損額・還付未済額・収入未済額 by 科目 × 年度区分, identity checked per row' })
  @ApiReportResponse(SettlementDto)
  async settlement(
    @Query() query: SettlementQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SettlementDto | StreamableFile> {
    const settlement = await this.books.settlement(query.fiscalYear);
    if (!query.format) return settlement;
    return download(res, settlementTable(settlement, this.print(user)), query.format, `settlement-FY${query.fiscalYear}`);
  }

  @Get('inspection')
  @Roles('finance', 'manager', 'staff', 'auditor')
  @ApiOperation({ summary: '例月出納検査資料: a month’s receipts by 科目 and channel, open exceptions (deposit sections to come)' })
  @ApiReportResponse(InspectionDto)
  async inspection(
    @Query() query: InspectionQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InspectionDto | StreamableFile> {
    const inspection = await this.books.inspection(query.month);
    if (!query.format) return inspection;
    return download(res, inspectionTable(inspection, this.print(user)), query.format, `inspection-${query.month}`);
  }

  @Get('adoption')
  @Roles('finance', 'manager', 'staff', 'auditor')
  @ApiOperation({ summary: '導入率（手続台帳）と利用率, monthly trend and the projection to 令和12年度末' })
  @ApiReportResponse(AdoptionDto)
  async adoption(
    @Query() query: AdoptionQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdoptionDto | StreamableFile> {
    const adoption = await this.adoptions.adoption(query.fiscalYear);
    if (!query.format) return adoption;
    return download(res, adoptionTable(adoption, this.print(user)), query.format, `adoption-FY${query.fiscalYear}`);
  }

  @Get('accounts')
  @Roles('finance', 'manager', 'staff', 'auditor', 'admin')
  @ApiOperation({ summary: '歳入科目: 会計・款・項・目・節 of each 科目 × 年度区分' })
  @ApiOkResponse({ type: [RevenueAccountDto] })
  accounts(): Promise<RevenueAccountDto[]> {
    return this.books.revenueAccounts();
  }

  @Put('accounts/:category/:yearClass')
  @Roles('admin')
  @ApiOperation({ summary: '歳入科目を設定 / set the account of a 科目 × 年度区分 (audited)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  updateAccount(
    @Param() params: RevenueAccountParams,
    @Body() body: UpdateRevenueAccountDto,
    @CurrentUser() user: SessionUser,
  ): Promise<void> {
    return this.books.updateRevenueAccount(params.category, params.yearClass, body, user.loginName);
  }

  @Get('procedures')
  @Roles('finance', 'manager', 'staff', 'auditor', 'admin')
  @ApiOperation({ summary: '手続台帳: each procedure and the channels it accepts, since when' })
  @ApiOkResponse({ type: [ProcedureDto] })
  procedures(): Promise<ProcedureDto[]> {
    return this.adoptions.procedures();
  }

  @Put('procedures/:code')
  @Roles('admin')
  @ApiOperation({ summary: '手続台帳を設定 / set a procedure and the channels it accepts, since when (audited)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  saveProcedure(@Param() params: ProcedureParams, @Body() body: SaveProcedureDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.books.saveProcedure(params.code, body, user.loginName);
  }

  @Get('refunds')
  @Roles('manager', 'staff', 'auditor')
  @ApiOperation({ summary: '還付: decided refunds and their payout (支出日); unpaid ones are 還付未済' })
  @ApiOkResponse({ type: [RefundDto] })
  refunds(): Promise<RefundDto[]> {
    return this.books.refunds();
  }

  @Post('refunds/:id/payment')
  @Roles('manager')
  @ApiOperation({ summary: '還付の支出日を記録 / record the day a decided refund was paid out (audited)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  recordRefundPayment(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: RecordRefundPaymentDto,
    @CurrentUser() user: SessionUser,
  ): Promise<void> {
    return this.books.recordRefundPayment(id, body.paidOn, user.loginName);
  }
}
