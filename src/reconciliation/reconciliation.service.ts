import { Injectable } from '@nestjs/common';
import { addCalendarDays, businessDayOnOrBefore, IsoDate, todayInTokyo } from '../common/calendar';
import { formatsExpectedOn } from '../common/expected-deliveries';
import { AppConfig } from '../config/app-config';
import type { DailyReconciliationDto } from './reconciliation.dto';
import { ReconciliationRepository } from './reconciliation.repository';

/** One day's reconciliation as the 会計課 reviews it in the morning. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: ReconciliationRepository,
  ) {}

  /** The business day before today: what the 会計課 reviews in the morning. */
  lastBusinessDay(today: IsoDate = todayInTokyo()): IsoDate {
    return businessDayOnOrBefore(addCalendarDays(today, -1));
  }

  async daily(date: IsoDate = this.lastBusinessDay()): Promise<DailyReconciliationDto> {
    const m = this.config.MUNICIPALITY_CODE;
    const expected = formatsExpectedOn(await this.repository.expectedDeliveries(m), date);
    const [imports, payments, openExceptions, arrivals] = await Promise.all([
      this.repository.importsReceived(m, date),
      this.repository.paymentsByChannel(m, date),
      this.repository.openExceptions(m),
      this.repository.arrivals(m, date, expected),
    ]);
    const missingFiles = arrivals.filter((f) => !f.arrived).map(({ format, lastReceivedOn }) => ({ format, lastReceivedOn }));
    return { date, imports, payments, openExceptions, missingFiles };
  }
}
