import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { ImportsQueryService } from './imports-query.service';

@Module({
  imports: [AuditModule],
  controllers: [ImportsController],
  providers: [ImportService, ImportsQueryService],
  exports: [ImportService],
})
export class ImportsModule {}
