import { isBankHoliday, IsoDate } from './calendar';

/** A row of `expected_delivery`: a format and the ISO weekdays (1 = Monday … 7 = Sunday) it is delivered on. */
export interface ExpectedDelivery {
  format: string;
  weekdays: number[];
}

/**
 * 未着's rule, once: a format is expected on a day when banks open that day (no weekend, national holiday
 * or 12/31–1/3) and the day's weekday is one of its delivery days.
 */
export function formatsExpectedOn(deliveries: readonly ExpectedDelivery[], day: IsoDate): string[] {
  if (isBankHoliday(day)) return [];
  const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return deliveries.filter((d) => d.weekdays.includes(weekday)).map((d) => d.format);
}
