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

/** A CSV row with more or fewer columns than the header. */
export function wrongColumnCount(line: number, expected: number, actual: number): LineError {
  return lineError(line, null, `列数が${expected}ではありません: ${actual}列`, `expected ${expected} columns, got ${actual}`);
}

/** A CSV file that ended before its header row. */
export function noHeaderRow(): LineError {
  return lineError(null, null, 'ヘッダー行がありません（空のファイル）', 'no header row (empty file)');
}

/** The header row's names, without the UTF-8 BOM a first field may carry. */
export function headerNames(fields: string[]): string[] {
  return fields.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name));
}

/** Fixed-length files: data records before any header record. */
export function missingHeaderRecord(line: number): LineError {
  return lineError(line, 'ヘッダーレコード', `ヘッダーレコードがありません（${line}行目の前）`, `header record missing before line ${line}`);
}

/** Fixed-length files: a group of records that no trailer record closes. */
export function missingTrailerRecord(startLine: number): LineError {
  return lineError(
    startLine,
    'トレーラーレコード',
    `トレーラーレコードがありません（${startLine}行目からのグループ）`,
    `trailer record missing for the group starting at line ${startLine}`,
  );
}
