import { formatsExpectedOn } from './expected-deliveries';

describe('未着: which files a day expects', () => {
  const deliveries = [
    { format: 'konbini', weekdays: [1, 2, 3, 4, 5] },
    { format: 'credit-card', weekdays: [1] },
  ];

  it('expects a format on the business days of its weekdays', () => {
    expect(formatsExpectedOn(deliveries, '2026-11-16')).toEqual(['konbini', 'credit-card']); // Monday
    expect(formatsExpectedOn(deliveries, '2026-11-18')).toEqual(['konbini']); // Wednesday
  });

  it('expects nothing on a weekend, a national holiday or the year-end days banks close', () => {
    expect(formatsExpectedOn(deliveries, '2026-11-21')).toEqual([]); // Saturday
    expect(formatsExpectedOn(deliveries, '2026-11-23')).toEqual([]); // 勤労感謝の日, a Monday
    expect(formatsExpectedOn(deliveries, '2026-12-31')).toEqual([]); // Thursday, banks closed
  });
});
