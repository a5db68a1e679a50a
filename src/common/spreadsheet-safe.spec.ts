import { csvLine, safeCell } from './spreadsheet-safe';

describe('safeCell', () => {
  it('escapes what a spreadsheet would read as a formula, full-width and after spaces too', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '＝1+1', '＋1', '－1', '＠SUM(A1)', ' =1+1', '\u3000＝1', '\t1', '\r1', '\n1']) {
      expect(safeCell(text)).toBe(`'${text}`);
    }
  });

  it('leaves plain text and numbers as they are', () => {
    for (const text of ['市県民税（普通徴収）', 'a=b', ' 田中', '2026年度', '']) expect(safeCell(text)).toBe(text);
    expect(safeCell(-1200)).toBe(-1200);
    expect(safeCell(null)).toBe('');
  });

  it('quotes CSV cells after escaping them', () => {
    expect(csvLine(['＝HYPERLINK("http://x")', 1, null])).toBe(`"'＝HYPERLINK(""http://x"")",1,`);
  });
});
