import {
  addBusinessDays,
  addCalendarDays,
  attributedFiscalYear,
  billFiscalYear,
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  businessDaysBetween,
  calendarDaysBetween,
  effectiveDueDate,
  fiscalYearOf,
  isBankHoliday,
  lastDayWithMoreBusinessDaysThan,
  parseReiwaYymmdd,
  parseYmd,
  reiwaYear,
  resolveMonthDay,
  todayInTokyo,
  yearClassOf,
} from './calendar';

// Every expectation holds whatever the machine's TZ: the suite runs under TZ=UTC and TZ=Asia/Tokyo.
describe('calendar', () => {
  describe('parseYmd', () => {
    it('reads YYYYMMDD as an ISO day', () => {
      expect(parseYmd('20261126')).toBe('2026-11-26');
      expect(parseYmd('20240229')).toBe('2024-02-29');
    });

    it.each(['20260230', '20250229', '20261301', '20261100', '20261132', '2026112', '202611260', '2026-11-', 'abcdefgh', ''])(
      'returns null for %p, which is no day',
      (ymd) => {
        expect(parseYmd(ymd)).toBeNull();
      },
    );
  });

  describe('bank holidays and effectiveDueDate (地方税法20条の5)', () => {
    it('moves a 納期限 on 勤労感謝の日 2026-11-23 (a Monday) to Tuesday 2026-11-24', () => {
      expect(isBankHoliday('2026-11-23')).toBe(true);
      expect(effectiveDueDate('2026-11-23')).toBe('2026-11-24');
    });

    it('moves a 納期限 on a weekend to Monday', () => {
      expect(effectiveDueDate('2026-10-31')).toBe('2026-11-02');
      expect(effectiveDueDate('2026-11-01')).toBe('2026-11-02');
    });

    it('keeps a 納期限 that is a business day', () => {
      expect(effectiveDueDate('2026-11-30')).toBe('2026-11-30');
    });

    it('closes banks from December 29 to January 3', () => {
      for (const day of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']) {
        expect(isBankHoliday(day)).toBe(true);
      }
      expect(isBankHoliday('2026-12-28')).toBe(false);
      expect(isBankHoliday('2027-01-04')).toBe(false);
      expect(effectiveDueDate('2026-12-29')).toBe('2027-01-04');
    });

    it('moves a 納期限 across a holiday run to the first business day after it (Golden Week 2026)', () => {
      // 5/2 Sat, 5/3 憲法記念日 (Sun), 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日.
      expect(effectiveDueDate('2026-05-02')).toBe('2026-05-07');
    });

    it('knows a substitute holiday (振替休日 2026-05-06)', () => {
      expect(isBankHoliday('2026-05-06')).toBe(true);
    });
  });

  describe('businessDaysBetween', () => {
    it('counts business days d with from < d ≤ to', () => {
      expect(businessDaysBetween('2026-11-20', '2026-11-27')).toBe(4); // 24, 25, 26, 27 (23 is a holiday)
      expect(businessDaysBetween('2026-11-25', '2026-11-26')).toBe(1);
    });

    it('is 0 when to is not after from', () => {
      expect(businessDaysBetween('2026-11-26', '2026-11-26')).toBe(0);
      expect(businessDaysBetween('2026-11-27', '2026-11-26')).toBe(0);
    });

    it('skips the year-end closure', () => {
      expect(businessDaysBetween('2026-12-28', '2027-01-04')).toBe(1);
    });
  });

  describe('businessDayOnOrAfter and businessDayOnOrBefore', () => {
    it('keeps a business day', () => {
      expect(businessDayOnOrAfter('2026-11-24')).toBe('2026-11-24');
      expect(businessDayOnOrBefore('2026-11-24')).toBe('2026-11-24');
    });

    it('moves off a weekend and a holiday, forwards or backwards', () => {
      // 11-21 Sat, 11-22 Sun, 11-23 勤労感謝の日 (Mon).
      expect(businessDayOnOrAfter('2026-11-21')).toBe('2026-11-24');
      expect(businessDayOnOrBefore('2026-11-23')).toBe('2026-11-20');
    });

    it('steps over the year-end closure and Golden Week', () => {
      expect(businessDayOnOrAfter('2026-12-29')).toBe('2027-01-04');
      expect(businessDayOnOrBefore('2027-01-03')).toBe('2026-12-28');
      expect(businessDayOnOrBefore('2026-05-06')).toBe('2026-05-01');
    });
  });

  describe('addBusinessDays', () => {
    it('counts only the days banks open', () => {
      expect(addBusinessDays('2026-11-20', 1)).toBe('2026-11-24'); // over the weekend and 勤労感謝の日
      expect(addBusinessDays('2026-11-24', 3)).toBe('2026-11-27');
      expect(addBusinessDays('2026-11-21', 1)).toBe('2026-11-24'); // from a Saturday
    });

    it('skips the year-end closure', () => {
      expect(addBusinessDays('2026-12-28', 1)).toBe('2027-01-04');
      expect(addBusinessDays('2026-12-25', 2)).toBe('2027-01-04');
    });

    it('is the day itself for 0 and refuses a negative or partial count', () => {
      expect(addBusinessDays('2026-11-22', 0)).toBe('2026-11-22');
      expect(() => addBusinessDays('2026-11-24', -1)).toThrow(RangeError);
      expect(() => addBusinessDays('2026-11-24', 1.5)).toThrow(RangeError);
    });

    it('agrees with businessDaysBetween', () => {
      for (let i = 0; i < 60; i++) {
        const from = addCalendarDays('2026-12-01', i);
        const to = addBusinessDays(from, 5);
        expect(businessDaysBetween(from, to)).toBe(5);
        expect(isBankHoliday(to)).toBe(false);
      }
    });
  });

  describe('lastDayWithMoreBusinessDaysThan', () => {
    it('is the latest day with more than n business days up to the given day', () => {
      const s = lastDayWithMoreBusinessDaysThan('2026-11-26', 10);
      expect(businessDaysBetween(s, '2026-11-26')).toBe(11);
      expect(businessDaysBetween(addCalendarDays(s, 1), '2026-11-26')).toBeLessThanOrEqual(10);
      expect(s).toBe('2026-11-10');
    });

    it('agrees with businessDaysBetween across the year-end closure', () => {
      for (let i = 0; i < 40; i++) {
        const to = addCalendarDays('2026-12-20', i);
        const s = lastDayWithMoreBusinessDaysThan(to, 10);
        expect(businessDaysBetween(s, to)).toBeGreaterThan(10);
        expect(businessDaysBetween(addCalendarDays(s, 1), to)).toBeLessThanOrEqual(10);
      }
    });
  });

  describe('fiscal years', () => {
    it('names the 会計年度 by the year it starts on April 1', () => {
      expect(fiscalYearOf('2026-04-01')).toBe(2026);
      expect(fiscalYearOf('2027-03-31')).toBe(2026);
      expect(fiscalYearOf('2026-03-31')).toBe(2025);
    });

    it('puts a 出納整理期間 payment for the year that ended into that year', () => {
      expect(attributedFiscalYear('2027-05-10', 2026)).toBe(2026);
      expect(attributedFiscalYear('2027-04-01', 2026)).toBe(2026);
      expect(attributedFiscalYear('2027-05-31', 2026)).toBe(2026);
    });

    it('counts a 滞納繰越分 paid in April–May by its 納付日: older years have no 出納整理期間 (自治令142条2項)', () => {
      expect(attributedFiscalYear('2027-04-01', 2024)).toBe(2027);
      expect(attributedFiscalYear('2027-05-20', 2025)).toBe(2027);
      expect(yearClassOf(2025, attributedFiscalYear('2027-05-20', 2025))).toBe('carried');
    });

    it('gives a bill the fiscal year of its printed 納期限 unless the file states its 会計年度', () => {
      expect(billFiscalYear('2026-03-31', null)).toBe(2025);
      expect(billFiscalYear('2026-04-30', null)).toBe(2026);
      expect(billFiscalYear('2026-04-30', 2025)).toBe(2025);
    });

    it('calls a payment current unless its bill belongs to an earlier year than the one it counts in', () => {
      expect(yearClassOf(2026, 2026)).toBe('current');
      expect(yearClassOf(null, 2026)).toBe('current');
      expect(yearClassOf(2027, 2026)).toBe('current');
      expect(yearClassOf(2025, 2026)).toBe('carried');
    });

    it('puts a 出納整理期間 payment for a current-year bill into the current year', () => {
      expect(attributedFiscalYear('2027-05-10', 2027)).toBe(2027);
    });

    it('puts a payment after May 31 into the fiscal year of its date', () => {
      expect(attributedFiscalYear('2027-06-01', 2026)).toBe(2027);
      expect(attributedFiscalYear('2027-03-31', 2025)).toBe(2026);
    });

    it('uses the date alone when the bill is unknown', () => {
      expect(attributedFiscalYear('2027-05-10', null)).toBe(2027);
    });
  });

  describe('和暦 and partial dates', () => {
    it('reads 令和 YYMMDD: 081125 is 2026-11-25', () => {
      expect(parseReiwaYymmdd('081125')).toBe('2026-11-25');
      expect(parseReiwaYymmdd('010501')).toBe('2019-05-01');
      expect(parseReiwaYymmdd('080230')).toBeNull();
      expect(parseReiwaYymmdd('81125')).toBeNull();
    });

    it('names the 令和 year of a date', () => {
      expect(reiwaYear('2026-11-25')).toBe(8);
    });

    it('resolves MMDD to the latest such day not after the reference day', () => {
      expect(resolveMonthDay('1126', '2026-11-26')).toBe('2026-11-26');
      expect(resolveMonthDay('1127', '2026-11-26')).toBe('2025-11-27');
      expect(resolveMonthDay('0105', '2027-01-10')).toBe('2027-01-05');
      expect(resolveMonthDay('1228', '2027-01-10')).toBe('2026-12-28');
    });

    it('resolves 0229 to the latest leap day, and refuses what is no day', () => {
      expect(resolveMonthDay('0229', '2026-11-26')).toBe('2024-02-29');
      expect(resolveMonthDay('1332', '2026-11-26')).toBeNull();
      expect(resolveMonthDay('112', '2026-11-26')).toBeNull();
    });
  });

  describe('todayInTokyo', () => {
    it('gives the Tokyo calendar day of an instant', () => {
      expect(todayInTokyo(new Date('2026-11-25T14:59:59Z'))).toBe('2026-11-25');
      expect(todayInTokyo(new Date('2026-11-25T15:00:00Z'))).toBe('2026-11-26');
    });
  });

  it('adds calendar days across month and year ends and DST-free', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-03-08', 1)).toBe('2026-03-09'); // a DST change in the US and Europe: no gap
    expect(addCalendarDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addCalendarDays('2025-04-01', 425)).toBe('2026-05-31');
  });

  it('counts calendar days between two days, negative backwards', () => {
    expect(calendarDaysBetween('2026-11-25', '2026-11-26')).toBe(1);
    expect(calendarDaysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(calendarDaysBetween('2025-04-01', '2026-05-31')).toBe(425);
    expect(calendarDaysBetween('2026-11-26', '2026-11-25')).toBe(-1);
    expect(calendarDaysBetween('2026-11-26', '2026-11-26')).toBe(0);
  });
});
