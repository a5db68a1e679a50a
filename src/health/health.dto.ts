import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BatchRunDto } from '../batch/batch.dto';

export class JobQueueDepthDto {
  @ApiProperty({ description: 'the queue (batch-file, batch-finish)' }) queue: string;
  @ApiProperty({ description: 'jobs waiting, retrying or running' }) waiting: number;
}

/**
 * Anonymous callers (a load balancer) learn only whether the service is up; a logged-in user also sees the
 * database, the last nightly run and its 未着 list, and the job queue.
 */
export class HealthDto {
  @ApiProperty({
    enum: ['up', 'degraded'],
    description: 'degraded: the database does not answer, or the last nightly run failed or left a file in error',
  })
  status: 'up' | 'degraded';
  @ApiPropertyOptional({ enum: ['postgresql', 'embedded'], description: 'with a session only' }) database?: string;
  @ApiPropertyOptional({ description: 'migrations applied (with a session only)' }) migrations?: number;
  @ApiPropertyOptional({
    type: BatchRunDto,
    nullable: true,
    description: 'the last nightly run that ended, with its 未着 (with a session only)',
  })
  lastRun?: BatchRunDto | null;
  @ApiPropertyOptional({ type: [JobQueueDepthDto], description: 'the job queue (none on the embedded database; with a session only)' })
  jobQueue?: JobQueueDepthDto[];
}
