import { SchedulerRegistry } from '@nestjs/schedule';
import { todayInTokyo } from '../common/calendar';
import { loadConfig } from '../config/app-config';
import type { NightJobsService } from './night-jobs.service';
import { NightlySchedule } from './nightly-schedule';

/** The schedule only enqueues: a stand-in for the night's jobs records the nights it was asked for. */
function scheduleWith(env: Record<string, string>) {
  const nights: string[] = [];
  const jobs = { enqueueNight: async (night: string) => void nights.push(night) } as unknown as NightJobsService;
  const registry = new SchedulerRegistry();
  return { schedule: new NightlySchedule(registry, jobs, loadConfig(env)), registry, nights };
}

describe('the nightly schedule', () => {
  it('runs at 02:00 in Tokyo by default, whatever the machine’s zone, and then enqueues the Tokyo day', async () => {
    const { schedule, registry, nights } = scheduleWith({ KESHIKOMI_INBOX_DIR: '/inbox' });
    schedule.start();
    const job = registry.getCronJob('nightly-batch');
    try {
      const next = job.nextDate().setZone('Asia/Tokyo');
      expect([next.hour, next.minute]).toEqual([2, 0]);
      await job.fireOnTick();
      await new Promise((resolve) => setImmediate(resolve));
      expect(nights).toEqual([todayInTokyo()]);
    } finally {
      job.stop();
    }
  });

  it('follows KESHIKOMI_BATCH_CRON, and refuses an expression cron cannot read, naming the setting', () => {
    const { schedule, registry } = scheduleWith({ KESHIKOMI_INBOX_DIR: '/inbox', KESHIKOMI_BATCH_CRON: '30 23 * * 1-5' });
    schedule.start();
    const job = registry.getCronJob('nightly-batch');
    try {
      const next = job.nextDate().setZone('Asia/Tokyo');
      expect([next.hour, next.minute]).toEqual([23, 30]);
      expect(next.weekday).toBeLessThanOrEqual(5);
    } finally {
      job.stop();
    }
    expect(() => scheduleWith({ KESHIKOMI_INBOX_DIR: '/inbox', KESHIKOMI_BATCH_CRON: '99 2 * * *' }).schedule.start()).toThrow(
      /KESHIKOMI_BATCH_CRON/,
    );
    expect(() => loadConfig({ KESHIKOMI_BATCH_CRON: 'nightly' })).toThrow(/KESHIKOMI_BATCH_CRON/);
  });

  it('schedules nothing without an inbox', () => {
    const { schedule, registry } = scheduleWith({});
    schedule.start();
    expect(registry.getCronJobs().size).toBe(0);
  });
});
