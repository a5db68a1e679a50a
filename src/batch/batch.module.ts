import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports/exports.module';
import { ScheduleModule } from '@nestjs/schedule';
import { ImportsModule } from '../imports/imports.module';
import { BatchQueue } from './batch-queue';
import { BatchRunsQueryService } from './batch-runs-query.service';
import { BatchRunsRepository } from './batch-runs.repository';
import { BatchController } from './batch.controller';
import { BatchService } from './batch.service';
import { NightJobsService } from './night-jobs.service';
import { NightlySchedule } from './nightly-schedule';

@Module({
  imports: [ImportsModule, ExportsModule, ScheduleModule.forRoot()],
  controllers: [BatchController],
  providers: [BatchService, BatchRunsRepository, BatchRunsQueryService, BatchQueue, NightJobsService, NightlySchedule],
  exports: [BatchService, BatchRunsQueryService, BatchQueue, NightJobsService, NightlySchedule],
})
export class BatchModule {}
