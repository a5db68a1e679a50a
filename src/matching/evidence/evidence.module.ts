import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceService } from './evidence.service';

/** 根拠カード: GET /api/payments/:id/evidence. Reads what matching recorded; imports nothing of matching's code. */
@Module({
  imports: [AuditModule],
  controllers: [EvidenceController],
  providers: [EvidenceService, EvidenceRepository],
})
export class EvidenceModule {}
