import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ExceptionsController } from './exceptions.controller';
import { ExceptionsService } from './exceptions.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [AuditModule],
  controllers: [ExceptionsController, WorkflowController],
  providers: [ExceptionsService, WorkflowService],
  exports: [ExceptionsService, WorkflowService],
})
export class ExceptionsModule {}
