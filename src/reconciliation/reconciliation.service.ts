import { Injectable } from '@nestjs/common';
import { addCalendarDays, businessDayOnOrBefore, IsoDate, todayInTokyo } from '../common/calendar';
import { formatsExpectedOn } from '../common/expected-deliveries';
import { AppConfig } from '../config/app-config';
import { DemoSamples } from './demo-samples';
import type { DayChoice } from '../common/api-enums';
import type { DailyReconciliationDto } from './reconciliation.dto';
import { ReconciliationRepository } from './reconciliation.repository';

/** One day's reconciliation as the 会計課 reviews it in the morning. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: ReconciliationRepository,
    private readonly demo: DemoSamples,
  ) {}

  /** The business day before today: what the 会計課 reviews in the morning. */
  lastBusinessDay(today: IsoDate = todayInTokyo()): IsoDate {
    return businessDayOnOrBefore(addCalendarDays(today, -1));
  }

  /**
   * The day the dashboard shows: the one asked for, else the last business day. The demo's samples end on a
   * fixed day, so the demo opens on the latest day that has imports when the last business day has none.
   */
  private async dayToShow(requested: IsoDate | undefined): Promise<{ date: IsoDate; dateChoice: DayChoice }> {
    if (requested) return { date: requested, dateChoice: 'requested' };
    const date = this.lastBusinessDay();
    if (!this.demo.enabled) return { date, dateChoice: 'last_business_day' };
    const m = this.config.MUNICIPALITY_CODE;
    if ((await this.repository.importsReceived(m, date)).length) return { date, dateChoice: 'last_business_day' };
    const latest = await this.repository.latestImportDay(m);
    return latest && latest < date ? { date: latest, dateChoice: 'latest_import_day' } : { date, dateChoice: 'last_business_day' };
  }

  async daily(requested?: IsoDate): Promise<DailyReconciliationDto> {
    const { date, dateChoice } = await this.dayToShow(requested);
    const m = this.config.MUNICIPALITY_CODE;
    const expected = formatsExpectedOn(await this.repository.expectedDeliveries(m), date);
    const filesTotal = this.demo.loading;
    const samplesLoading =
      filesTotal === null ? null : { filesLoaded: await this.repository.filesImportedBy(m, DemoSamples.ACTOR), filesTotal };
    const [imports, payments, openExceptions, arrivals] = await Promise.all([
      this.repository.importsReceived(m, date),
      this.repository.paymentsByChannel(m, date),
      this.repository.openExceptions(m),
      this.repository.arrivals(m, date, expected),
    ]);
    const missingFiles = arrivals.filter((f) => !f.arrived).map(({ format, lastReceivedOn }) => ({ format, lastReceivedOn }));
    return { date, dateChoice, samplesLoading, imports, payments, openExceptions, missingFiles };
  }
}
