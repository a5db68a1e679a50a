import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { todayInTokyo } from '../common/calendar';
import { AppConfig } from '../config/app-config';
import { NightJobsService } from './night-jobs.service';

const JOB_NAME = 'nightly-batch';

/**
 * The service's own schedule of the nightly run (KESHIKOMI_BATCH_CRON in Asia/Tokyo, default 02:00): it only
 * enqueues (NightJobsService). Started by the API process (bootstrap) when KESHIKOMI_INBOX_DIR is set; every
 * API process may fire it, the night's run is recorded once. A wrong expression stops the start, naming it.
 */
@Injectable()
export class NightlySchedule {
  private readonly log = new Logger('NightlySchedule');

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly nights: NightJobsService,
    private readonly config: AppConfig,
  ) {}

  start(): void {
    if (!this.config.KESHIKOMI_INBOX_DIR) {
      this.log.log('KESHIKOMI_INBOX_DIR is not set: no nightly schedule');
      return;
    }
    let job: CronJob;
    try {
      job = CronJob.from({ cronTime: this.config.KESHIKOMI_BATCH_CRON, onTick: () => this.fire(), timeZone: 'Asia/Tokyo' });
    } catch (error) {
      throw new Error(`KESHIKOMI_BATCH_CRON: ${(error as Error).message}`, { cause: error });
    }
    this.registry.addCronJob(JOB_NAME, job);
    job.start();
    this.log.log(`nightly run at "${this.config.KESHIKOMI_BATCH_CRON}" (Asia/Tokyo), next ${job.nextDate().toISO()}`);
  }

  private async fire(): Promise<void> {
    try {
      await this.nights.enqueueNight(todayInTokyo());
    } catch (error) {
      this.log.error(`the nightly run could not be enqueued: ${(error as Error).message}`);
    }
  }
}
