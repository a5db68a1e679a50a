import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { DaysModule } from '../days/days.module';
import { ExceptionsModule } from '../exceptions.module';
import { ResolutionsController } from './resolutions.controller';
import { ResolutionsRepository } from './resolutions.repository';
import { ResolutionsService } from './resolutions.service';

/** 処理: resolving exceptions with four-eyes; closes cases through the exceptions module, refused on closed days. */
@Module({
  imports: [AuditModule, ExceptionsModule, DaysModule],
  controllers: [ResolutionsController],
  providers: [ResolutionsService, ResolutionsRepository],
  exports: [ResolutionsService],
})
export class ResolutionsModule {}
