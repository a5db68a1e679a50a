import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ExceptionCasesService } from './exception-cases.service';
import { ExceptionsController } from './exceptions.controller';
import { ExceptionsRepository } from './exceptions.repository';
import { ExceptionsService } from './exceptions.service';

/** 例外: the queue, a case's detail and its own life cycle. Resolutions (./resolutions) close cases through ExceptionCasesService. */
@Module({
  imports: [AuditModule],
  controllers: [ExceptionsController],
  providers: [ExceptionsService, ExceptionCasesService, ExceptionsRepository],
  exports: [ExceptionsService, ExceptionCasesService],
})
export class ExceptionsModule {}
