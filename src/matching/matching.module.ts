import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MatchingService } from './matching.service';

@Module({ imports: [AuditModule], providers: [MatchingService], exports: [MatchingService] })
export class MatchingModule {}
