import * as iconv from 'iconv-lite';

/** The 120-byte records of `konbini` and `zengin-furikae` (CP932, padded with half-width spaces). */
export const RECORD_BYTES = 120;

/** A record of exactly 120 bytes; refuses text that does not fit. */
export function fixedRecord(text: string): Buffer {
  const bytes = iconv.encode(text, 'cp932');
  if (bytes.length > RECORD_BYTES) throw new Error(`record is ${bytes.length} bytes: ${text}`);
  const out = Buffer.alloc(RECORD_BYTES, 0x20);
  bytes.copy(out);
  return out;
}

/** Records joined as a file: each followed by CRLF or LF, or back to back with no line breaks (''). */
export function joinRecords(records: Buffer[], lineEnd: '\r\n' | '\n' | ''): Buffer {
  if (!lineEnd) return Buffer.concat(records);
  const end = Buffer.from(lineEnd, 'latin1');
  return Buffer.concat(records.flatMap((record) => [record, end]));
}
