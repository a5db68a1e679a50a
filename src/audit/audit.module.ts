import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuditKey, loadAuditKey } from './audit-key';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [
    { provide: AuditKey, inject: [AppConfig], useFactory: (config: AppConfig) => loadAuditKey(config) },
    AuditService,
    AuditQueryService,
    AuditRepository,
  ],
  exports: [AuditService],
})
export class AuditModule {}
