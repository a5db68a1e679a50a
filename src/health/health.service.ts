import { Injectable } from '@nestjs/common';
import { BatchQueue } from '../batch/batch-queue';
import { BatchRunsQueryService } from '../batch/batch-runs-query.service';
import { Database } from '../database/database';
import type { HealthDto } from './health.dto';
import { HealthRepository } from './health.repository';

@Injectable()
export class HealthService {
  constructor(
    private readonly repository: HealthRepository,
    private readonly runs: BatchRunsQueryService,
    private readonly queue: BatchQueue,
    private readonly db: Database,
  ) {}

  /** Up or degraded, and with `details` what a logged-in user may see. Never throws: a dead database is `degraded`. */
  async health(details: boolean): Promise<HealthDto> {
    try {
      const [migrations, lastRun] = await Promise.all([this.repository.migrations(), this.runs.lastFinished()]);
      const runTrouble = !!lastRun && (lastRun.status === 'failed' || lastRun.errors > 0);
      const status = runTrouble ? 'degraded' : 'up';
      if (!details) return { status };
      return {
        status,
        database: this.db.embedded ? 'embedded' : 'postgresql',
        migrations,
        lastRun,
        jobQueue: await this.queue.depth(),
      };
    } catch {
      return { status: 'degraded' };
    }
  }
}
