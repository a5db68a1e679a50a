import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { MatchingModule } from '../matching/matching.module';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [ImportsModule, MatchingModule],
  controllers: [ReconciliationController],
  providers: [ReconciliationService, ReconciliationRepository],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}
