import { linearTrend } from './adoption.service';

describe('linearTrend (the 利用率 projection to 令和12年度末)', () => {
  it('fits the least-squares line through the monthly shares', () => {
    const line = linearTrend([
      { x: 0, y: 0.1 },
      { x: 1, y: 0.12 },
      { x: 2, y: 0.14 },
    ]);
    expect(line!.slope).toBeCloseTo(0.02, 10);
    expect(line!.intercept).toBeCloseTo(0.1, 10);
  });

  it('gives no line with fewer than two months, or all in one month', () => {
    expect(linearTrend([{ x: 0, y: 0.1 }])).toBeNull();
    expect(
      linearTrend([
        { x: 3, y: 0.1 },
        { x: 3, y: 0.2 },
      ]),
    ).toBeNull();
  });
});
