import { addCalendarDays, isBankHoliday, type IsoDate } from '../../src/common/calendar';

/** The November month's fixed facts: today, the payment window, the delivery days, what is planted in framing. */

export const SEED = 20261126;
export const TODAY: IsoDate = '2026-11-26';
export const REVIEW_DAY: IsoDate = '2026-11-25';
export const FIRST_DAY: IsoDate = '2026-11-02';
export const LAST_DAY: IsoDate = '2026-11-25';
export const FULL_SET_ON: IsoDate = '2026-11-01';
export const UPDATE_ON: IsoDate = '2026-11-20';
export const FY = 2026;

/** The second 収納代行's one file: created on 11-24, with the payments of 11-16 – 11-24. */
export const SECOND_AGENT_FILE = { createdOn: '2026-11-24', from: '2026-11-16', to: '2026-11-24' };

/** 収納代行 delivery days: every business day of the window; weekend and holiday payments go in the next file. */
export const DELIVERY: IsoDate[] = [];
for (let d = FIRST_DAY; d <= LAST_DAY; d = addCalendarDays(d, 1)) if (!isBankHoliday(d)) DELIVERY.push(d);

export interface FilePlan {
  lineEnd?: 'lf' | 'none';
  twoGroups?: true;
  wrongFinalAmount?: number;
  noEnd?: true;
}

/** Files of the main 収納代行 that carry something planted in their framing (11-19's two damaged lines are records). */
export const FILE_PLAN: Record<string, FilePlan> = {
  '2026-11-06': { lineEnd: 'lf' },
  '2026-11-10': { lineEnd: 'none' },
  '2026-11-12': { wrongFinalAmount: 10000 },
  '2026-11-16': { twoGroups: true },
  '2026-11-18': { noEnd: true },
};

/** When the year's 調定 was made (当初賦課), the 更新日 of its rows in the full set. */
export const ASSESSED_ON: Record<string, IsoDate> = {
  '01': '2026-06-10',
  '02': '2026-04-10',
  '03': '2026-04-10',
  '04': '2026-06-15',
  '05': '2026-07-10',
  '06': '2026-07-10',
  '07': '2026-04-01',
  '08': '2026-04-01',
};
/** 滞納繰越分 are carried over when the previous year's books close (出納閉鎖 5/31). */
export const CARRIED_OVER_ON: IsoDate = '2026-06-01';
/** 催告書 with reissued slips (再発行区分 1) went out for overdue bills on this day. */
export const REMINDER_LIMIT: IsoDate = '2026-11-30';
/** The 減額更正 of 11-20: 61,200 → 55,800 yen. */
export const REDUCED_AMOUNT = 55800;
