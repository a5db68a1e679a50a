/**
 * Text a spreadsheet could take for a formula: one starting with = + - @ or their full-width forms
 * ＝ ＋ － ＠ (Excel on a Japanese PC converts those as it reads them), also after leading spaces, and
 * anything starting with a tab, CR or LF. A provider- or city-entered string could otherwise run one
 * on a staff PC.
 */
const FORMULA_START = /^(?:[ \u3000]*[=+\-@＝＋－＠]|[\t\r\n])/;

/** Such text gets a leading apostrophe (shown as text, not evaluated); numbers stay numbers. */
export function safeCell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvLine(values: (string | number | null)[]): string {
  return values
    .map((v) => {
      const cell = String(safeCell(v));
      return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',');
}
