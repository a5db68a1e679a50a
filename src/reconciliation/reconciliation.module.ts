import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { MatchingModule } from '../matching/matching.module';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [ImportsModule, MatchingModule],
  controllers: [ReconciliationController],
  providers: [ReconciliationService],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}
