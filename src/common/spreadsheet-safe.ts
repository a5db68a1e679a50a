/**
 * A cell that starts with = + - @ (or a tab/CR) is a formula to Excel: a provider-controlled string
 * could run one on a staff PC. Such text gets a leading apostrophe; numbers stay numbers.
 */
export function safeCell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvLine(values: (string | number | null)[]): string {
  return values
    .map((v) => {
      const cell = String(safeCell(v));
      return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',');
}
