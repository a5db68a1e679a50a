import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { SessionGuard } from './auth/session.guard';
import { BatchModule } from './batch/batch.module';
import { BillingModule } from './billing/billing.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DepositsHttpModule } from './deposits/deposits.module';
import { DaysModule } from './exceptions/days/days.module';
import { ExceptionsModule } from './exceptions/exceptions.module';
import { ExportsModule } from './exports/exports.module';
import { ResolutionsModule } from './exceptions/resolutions/resolutions.module';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';
import { ImportsModule } from './imports/imports.module';
import { EvidenceModule } from './matching/evidence/evidence.module';
import { IntakePortsModule } from './intake-ports.module';
import { MatchingModule } from './matching/matching.module';
import { PaymentsModule } from './payments/payments.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { ReportsModule } from './reports/reports.module';
import { BooksModule } from './books/books.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    AuditModule,
    AuthModule,
    BillingModule,
    PaymentsModule,
    IntakePortsModule,
    ImportsModule,
    MatchingModule,
    EvidenceModule,
    ExceptionsModule,
    DaysModule,
    ResolutionsModule,
    ReportsModule,
    BooksModule,
    ReconciliationModule,
    ExportsModule,
    BatchModule,
    HealthModule,
    ObservabilityModule,
    DepositsHttpModule,
  ],
  // Every route needs a session and a declared role unless marked @Public().
  providers: [{ provide: APP_GUARD, useClass: SessionGuard }],
})
export class AppModule {}
