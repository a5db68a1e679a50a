import { Module } from '@nestjs/common';
import { CashlessReportService } from './cashless-report.service';
import { ReportsController } from './reports.controller';

@Module({ controllers: [ReportsController], providers: [CashlessReportService], exports: [CashlessReportService] })
export class ReportsModule {}
