import type { LineError } from './parser.types';

/** A LineError whose message is Japanese, then English. */
export function lineError(line: number | null, field: string | null, ja: string, en: string): LineError {
  return { line, field, message: `${ja} / ${en}` };
}

/** Text fields are padded with half-width or full-width spaces. */
export function trimSpaces(text: string): string {
  return text.replace(/^[ \u3000]+|[ \u3000]+$/g, '');
}
