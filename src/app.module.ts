import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { BatchModule } from './batch/batch.module';
import { BillingModule } from './billing/billing.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExceptionsModule } from './exceptions/exceptions.module';
import { HealthController } from './health/health.controller';
import { ImportsModule } from './imports/imports.module';
import { MatchingModule } from './matching/matching.module';
import { PaymentsModule } from './payments/payments.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { ReportsModule } from './reports/reports.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    AuditModule,
    BillingModule,
    PaymentsModule,
    ImportsModule,
    MatchingModule,
    ExceptionsModule,
    ReportsModule,
    ReconciliationModule,
    BatchModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
