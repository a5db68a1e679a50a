import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { MatchingService } from './matching.service';

@Module({
  imports: [AuditModule],
  controllers: [EvidenceController],
  providers: [MatchingService, EvidenceService],
  exports: [MatchingService],
})
export class MatchingModule {}
