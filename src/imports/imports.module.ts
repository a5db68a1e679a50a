import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { ImportsQueryService } from './imports-query.service';
import { ImportsRepository } from './imports.repository';
import { IntakeService } from './intake.service';

/**
 * Import batches, from a file's bytes to its loaded rows, and the intake that matches after. Its two ports,
 * ROW_LOADERS and MATCH_RUNNER, are bound by AppModule (IntakePortsModule): imports imports neither the
 * features it loads into nor matching.
 */
@Module({
  imports: [AuditModule],
  controllers: [ImportsController],
  providers: [ImportService, ImportsQueryService, ImportsRepository, IntakeService],
  exports: [ImportService, ImportsRepository, IntakeService],
})
export class ImportsModule {}
