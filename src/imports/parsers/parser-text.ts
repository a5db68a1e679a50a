import type { LineError } from './parser.types';

/** A LineError whose message is Japanese, then English. */
export function lineError(line: number | null, field: string | null, ja: string, en: string): LineError {
  return { line, field, message: `${ja} / ${en}` };
}

/** Text fields are padded with half-width or full-width spaces. */
export function trimSpaces(text: string): string {
  return text.replace(/^[ \u3000]+|[ \u3000]+$/g, '');
}

export function notDate(line: number, field: string, value: string): LineError {
  return lineError(line, field, `${field}が日付ではありません: ${value}`, `${field} is not a valid date: ${value}`);
}

export function garbled(line: number, field: string, value: string): LineError {
  return lineError(
    line,
    field,
    `${field}に読めない文字があります（文字コードを確認してください）: ${value}`,
    `${field} holds characters that could not be decoded (check the encoding): ${value}`,
  );
}

/** Positive whole yen, or null. */
export function readAmount(text: string): number | null {
  const amount = Number(text);
  return /^\d+$/.test(text) && amount > 0 && Number.isSafeInteger(amount) ? amount : null;
}
