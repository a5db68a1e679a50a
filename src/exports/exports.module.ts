import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ExportTargetsService } from './export-targets.service';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/** 連携出力: 収納結果 to the business systems, the 督促抑止 list and the 振替不能 list. */
@Module({
  imports: [AuditModule],
  controllers: [ExportsController],
  providers: [ExportsService, ExportTargetsService, ExportsRepository],
  exports: [ExportsService, ExportTargetsService],
})
export class ExportsModule {}
