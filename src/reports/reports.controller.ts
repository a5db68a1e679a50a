import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { ApiReportResponse } from '../common/api-downloads';
import { printedNow, renderTable } from '../common/table-export';
import { AppConfig } from '../config/app-config';
import { CashlessReportDto, CashlessReportQuery } from './cashless-report.dto';
import { CashlessReportService } from './cashless-report.service';
import { cashlessTable } from './report-export';

@ApiTags('reports')
@Controller('reports')
@Roles('finance', 'manager', 'staff', 'auditor')
export class ReportsController {
  constructor(
    private readonly reports: CashlessReportService,
    private readonly config: AppConfig,
  ) {}

  @Get('cashless')
  @ApiOperation({ summary: 'キャッシュレス率 / cashless share for a fiscal year (JSON, csv, csv-sjis or xlsx)' })
  @ApiReportResponse(CashlessReportDto)
  async cashless(
    @Query() query: CashlessReportQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CashlessReportDto | StreamableFile> {
    const report = await this.reports.report(query.fiscalYear, query.by, query.cashless);
    if (query.format === 'json') return report;
    const file = await renderTable(cashlessTable(report, printedNow(this.config.MUNICIPALITY_CODE, user.loginName)), query.format);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="cashless-FY${query.fiscalYear}-${query.by}.${file.extension}"`);
    return new StreamableFile(file.body);
  }
}
