import { Module } from '@nestjs/common';
import { CashlessReportService } from './cashless-report.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';

@Module({ controllers: [ReportsController], providers: [CashlessReportService, ReportsRepository], exports: [CashlessReportService] })
export class ReportsModule {}
