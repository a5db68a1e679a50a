import * as iconv from 'iconv-lite';
import type { IsoDate } from '../../src/common/calendar';

/** Field encodings shared by the layouts: digits, CP932 text, dates as the files write them. */

export function zeroPad(value: number | string, width: number): string {
  const s = String(value);
  if (!/^\d+$/.test(s) || s.length > width) throw new Error(`cannot zero-pad ${s} to ${width} digits`);
  return s.padStart(width, '0');
}

/** Pads CP932 text with half-width spaces to `width` bytes. */
export function padBytes(text: string, width: number): string {
  const len = iconv.encode(text, 'cp932').length;
  if (len > width) throw new Error(`"${text}" is ${len} bytes, more than ${width}`);
  return text + ' '.repeat(width - len);
}

/** `2026-11-25` → `20261125`. */
export function ymd(iso: IsoDate): string {
  return iso.replace(/-/g, '');
}

/** `2026-11-25` → `261125` (western YYMMDD, as the barcode's 支払期限). */
export function yymmdd(iso: IsoDate): string {
  return ymd(iso).slice(2);
}

/** `2025-06-18`, `14:03:27` → `2025/06/18 14:03:27` (Tokyo local time, as the providers write it). */
export function slashDateTime(iso: IsoDate, hhmmss: string): string {
  if (!/^\d{2}:\d{2}:\d{2}$/.test(hhmmss)) throw new Error(`not HH:MM:SS: ${hhmmss}`);
  return `${iso.replace(/-/g, '/')} ${hhmmss}`;
}
