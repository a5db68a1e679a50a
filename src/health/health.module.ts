import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BatchModule } from '../batch/batch.module';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { HealthService } from './health.service';

@Module({ imports: [AuthModule, BatchModule], controllers: [HealthController], providers: [HealthService, HealthRepository] })
export class HealthModule {}
