import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DepositsController } from './deposits.controller';
import { DepositsRepository } from './deposits.repository';
import { DepositsService } from './deposits.service';
import { PayoutSourcesService } from './payout-sources.service';

/**
 * 入金照合 (issue #9): payout sources, the bank's 入出金取引明細 (loaded through the intake port's `statement`
 * target) and the three-way reconciliation, run after every matching run (IntakePortsModule binds it).
 */
@Module({
  imports: [AuditModule],
  providers: [DepositsService, DepositsRepository, PayoutSourcesService],
  exports: [DepositsService, PayoutSourcesService],
})
export class DepositsModule {}

/** The deposits routes, registered after the older features' so the API document keeps its order. */
@Module({
  imports: [DepositsModule],
  controllers: [DepositsController],
})
export class DepositsHttpModule {}
