import * as iconv from 'iconv-lite';
import type { TextEncoding } from './parsers/framing';
import type { RecordParser, SourceRecord } from './parsers/parser.types';

/**
 * A file's lines are kept as the bytes that arrived and decoded only to be shown: this is the one place
 * that decides both (formats.md "General rules": raw bytes preserved exactly, shown decoded).
 */

/** What is kept of a record: its bytes as they arrived, personal data (全銀 預金者名) masked by the parser that knows where it is. */
export function keptBytes(parser: RecordParser<unknown>, rec: SourceRecord): Buffer {
  return parser.redactRaw?.(rec) ?? rec.bytes;
}

// C0 controls and DEL, but not the tab (a CSV field may hold one).
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f]/g;

/** Control characters as their visible symbols (NUL → ␀, CR → ␍, DEL → ␡): a byte that arrived is never hidden. */
export function visibleControls(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (c) => String.fromCharCode(c === '\x7f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
}

/** A kept line as staff read it: decoded as its file was (CP932 or UTF-8), control characters made visible. */
export function displayRawLine(bytes: Buffer, encoding: TextEncoding): string {
  return visibleControls(iconv.decode(bytes, encoding));
}
