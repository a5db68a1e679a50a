import { Module } from '@nestjs/common';
import { DemoSamples } from './demo-samples';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

@Module({
  controllers: [ReconciliationController],
  providers: [ReconciliationService, ReconciliationRepository, DemoSamples],
  exports: [ReconciliationService, DemoSamples],
})
export class ReconciliationModule {}
