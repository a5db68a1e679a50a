import { parseYmd, type IsoDate } from '../../common/calendar';
import type { LineError } from './parser.types';

/** Messages and small readers every parser shares. Messages are Japanese first, then English. */

/** A control character (C0 or DEL): no field of any format holds one. */
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * A message, Japanese then English. A control character quoted from a file is written as `\xNN`: the message
 * stays readable, and storable (PostgreSQL text and jsonb refuse NUL).
 */
export function bilingual(ja: string, en: string): string {
  return `${ja} / ${en}`.replace(/[\x00-\x1f\x7f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A LineError whose message is Japanese, then English. */
export function lineError(line: number | null, field: string | null, ja: string, en: string): LineError {
  return { line, field, message: bilingual(ja, en) };
}

/** Text fields are padded with half-width or full-width spaces. */
export function trimSpaces(text: string): string {
  return text.replace(/^[ \u3000]+|[ \u3000]+$/g, '');
}

export function notDate(line: number, field: string, value: string): LineError {
  return lineError(line, field, `${field}が日付ではありません: ${value}`, `${field} is not a valid date: ${value}`);
}

export function notNumber(line: number, field: string, value: string): LineError {
  return lineError(line, field, `${field}が数字ではありません: ${value}`, `${field} is not a number: ${value}`);
}

function garbled(line: number, field: string, value: string): LineError {
  return lineError(
    line,
    field,
    `${field}に読めない文字があります（文字コードを確認してください）: ${value}`,
    `${field} holds characters that could not be decoded (check the encoding): ${value}`,
  );
}

/**
 * Why a field's text cannot be read at all, or null: a character that did not decode (U+FFFD), or a control
 * character (NUL, …) that no field of any format holds.
 */
export function unreadable(line: number, field: string, value: string): LineError | null {
  if (value.includes('\uFFFD')) return garbled(line, field, value);
  if (!CONTROL.test(value)) return null;
  return lineError(line, field, `${field}に制御文字があります: ${value}`, `${field} holds a control character: ${value}`);
}

/** Positive whole number (yen, 件数), or null. */
export function readAmount(text: string): number | null {
  const amount = Number(text);
  return /^\d+$/.test(text) && amount > 0 && Number.isSafeInteger(amount) ? amount : null;
}

/**
 * `YYYY/MM/DD HH:MM:SS` (Tokyo) → the day and the time; null when either is not real. An hour of one digit
 * (`9:44:05`, as Excel writes it) is read with its zero, and `padded` says so.
 */
export function parseDateTime(text: string): { date: IsoDate; time: string; padded: boolean } | null {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(text);
  if (!match) return null;
  const date = parseYmd(`${match[1]}${match[2]}${match[3]}`);
  const hour = match[4].padStart(2, '0');
  return date && hour < '24' ? { date, time: `${hour}:${match[5]}:${match[6]}`, padded: match[4].length === 1 } : null;
}

/** The most frequent value (on a tie, the one that reached that count first); null for none. */
export function mostFrequent(values: Iterable<string>): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (best === null || count > counts.get(best)!) best = value;
  }
  return best;
}

/** A CSV row with more or fewer columns than the header. */
export function wrongColumnCount(line: number, expected: number, actual: number): LineError {
  return lineError(line, null, `列数が${expected}ではありません: ${actual}列`, `expected ${expected} columns, got ${actual}`);
}

/** A record's line number and what it starts with, for a refusal that names it. */
export function recordStart(raw: string): string {
  return Array.from(raw).slice(0, 20).join('');
}

/**
 * formats.md: a fixed-width code saved through Excel loses its leading zeros. The code as it must be (`width`
 * digits), with a warning when it had to be padded; null when it is no such code (more digits, or not digits).
 */
export function excelCode(line: number, field: string, value: string, width: number): { code: string; warning: LineError | null } | null {
  if (!/^\d+$/.test(value) || value.length > width) return null;
  if (value.length === width) return { code: value, warning: null };
  const code = value.padStart(width, '0');
  const warning = lineError(
    line,
    field,
    `${field}が${width}桁より短いため、先頭に0を補って読みました（Excelで保存したファイル？）: ${value} → ${code}`,
    `${field} is shorter than ${width} digits and was read left-padded with zeros (saved through Excel?): ${value} → ${code}`,
  );
  return { code, warning };
}

/** A number Excel wrote in exponent form (`2.25E+15`): its digits are lost. */
const EXPONENT = /^\d+(\.\d+)?E\+?\d+$/i;

/**
 * formats.md: identifiers of 15 digits or more are never padded, since Excel rounds them. Why `value` is not
 * the identifier of `digits` digits (null when it is), naming Excel when it looks like Excel's doing: a number
 * in exponent form, or digits that are too few. `digits` null: any length, only the exponent form is caught.
 */
export function excelIdentifier(line: number, field: string, value: string, digits: number | null): LineError | null {
  if (EXPONENT.test(value) || (digits !== null && /^\d+$/.test(value) && value.length < digits)) {
    return lineError(
      line,
      field,
      `${field}がExcelで数値に変換されています: ${value}（丸められたか、先頭の0が落ちています）。Excelで保存していないファイルを取り込んでください`,
      `${field} was turned into a number by Excel: ${value} (rounded, or its leading zeros lost);` +
        ' import the file as exported, not saved through Excel',
    );
  }
  if (digits === null || new RegExp(`^\\d{${digits}}$`).test(value)) return null;
  return lineError(line, field, `${field}が${digits}桁の数字ではありません: ${value}`, `${field} is not ${digits} digits: ${value}`);
}
