import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { DaysController } from './days.controller';
import { DaysRepository } from './days.repository';
import { DaysService } from './days.service';

/** 日次締め: /api/days/:date. Resolutions ask it whether a day is closed. */
@Module({
  imports: [AuditModule],
  controllers: [DaysController],
  providers: [DaysService, DaysRepository],
  exports: [DaysService],
})
export class DaysModule {}
