import { Module } from '@nestjs/common';
import { BatchModule } from '../batch/batch.module';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

@Module({ imports: [BatchModule], controllers: [MetricsController], providers: [MetricsService, MetricsRepository] })
export class ObservabilityModule {}
