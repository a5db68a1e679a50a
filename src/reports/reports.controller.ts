import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import type { Response } from 'express';
import { CashlessReportDto, CashlessReportQuery } from './cashless-report.dto';
import { CashlessReportService } from './cashless-report.service';
import { cashlessReportCsv, cashlessReportXlsx } from './report-export';

@ApiTags('reports')
@Controller('reports')
@Roles('finance', 'manager', 'staff', 'auditor')
export class ReportsController {
  constructor(private readonly reports: CashlessReportService) {}

  @Get('cashless')
  @ApiOperation({ summary: 'キャッシュレス率 / cashless share for a fiscal year (JSON, CSV or Excel)' })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ type: CashlessReportDto })
  async cashless(
    @Query() query: CashlessReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CashlessReportDto | StreamableFile | string> {
    const report = await this.reports.report(query.fiscalYear, query.by, query.cashless);
    const name = `cashless-FY${query.fiscalYear}-${query.by}`;
    if (query.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
      return cashlessReportCsv(report);
    }
    if (query.format === 'xlsx') {
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      return new StreamableFile(await cashlessReportXlsx(report));
    }
    return report;
  }
}
