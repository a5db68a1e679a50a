import * as iconv from 'iconv-lite';
import type { TextEncoding } from './parsers/framing';
import type { LineError, RecordParser, SourceRecord } from './parsers/parser.types';

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

/** A kept line's standing: accepted, rejected (with its reasons) or a control record (header, trailer, end). */
export type LineStatus = 'accepted' | 'rejected' | 'control';

/** A kept line with something to say (import_line_note): rejected, a control record, or accepted with warnings. */
export interface LineNote {
  lineNo: number;
  status: LineStatus;
  /** A rejected line's reasons, another line's warnings, or null. */
  problems: LineError[] | null;
}

/** A segment of a kept file (import_segment): records back to back, each with its line number and offset. */
export interface FileSegment {
  seq: number;
  lineNos: number[];
  lineStarts: number[];
  bytes: Buffer;
}

/** A segment is closed once it holds this many bytes (or SEGMENT_LINES lines): a page of lines reads one or two. */
const SEGMENT_BYTES = 1 << 20;
const SEGMENT_LINES = 5000;

/**
 * A file's lines as they are kept, collected a segment at a time: the records' bytes once, back to back, and a
 * note only for the lines that have something to say. Never more than one segment in memory.
 */
export class SegmentCollector {
  private parts: Buffer[] = [];
  private lineNos: number[] = [];
  private lineStarts: number[] = [];
  private size = 0;
  private seq = 0;
  private notes: LineNote[] = [];

  add(lineNo: number, raw: Buffer, status: LineStatus, problems: LineError[] | null): void {
    this.lineNos.push(lineNo);
    this.lineStarts.push(this.size);
    this.parts.push(raw);
    this.size += raw.length;
    if (status !== 'accepted' || problems) this.notes.push({ lineNo, status, problems });
  }

  get full(): boolean {
    return this.size >= SEGMENT_BYTES || this.lineNos.length >= SEGMENT_LINES;
  }

  /** The segment and notes collected so far (null when no line was added), and a fresh start for the next. */
  take(): { segment: FileSegment; notes: LineNote[] } | null {
    if (this.lineNos.length === 0) return null;
    const taken = {
      segment: { seq: this.seq++, lineNos: this.lineNos, lineStarts: this.lineStarts, bytes: Buffer.concat(this.parts, this.size) },
      notes: this.notes,
    };
    this.parts = [];
    this.lineNos = [];
    this.lineStarts = [];
    this.notes = [];
    this.size = 0;
    return taken;
  }
}

const CRLF = Buffer.from('\r\n', 'latin1');
const LF = 0x0a;

/**
 * Kept segments read back as a file: each record ended by CRLF, with empty lines where the file had lines
 * without a record, so every record keeps its line number (a held file is parsed again from this).
 */
export function segmentsAsFile(): (segment: FileSegment) => Buffer {
  let nextLine = 1;
  return ({ lineNos, lineStarts, bytes }) => {
    const parts: Buffer[] = [];
    lineNos.forEach((lineNo, i) => {
      const raw = bytes.subarray(lineStarts[i], lineStarts[i + 1] ?? bytes.length);
      for (; nextLine < lineNo; nextLine++) parts.push(CRLF);
      parts.push(raw, CRLF);
      // A CSV record may span lines (a quoted line break).
      nextLine = lineNo + 1 + raw.reduce((n, byte) => (byte === LF ? n + 1 : n), 0);
    });
    return Buffer.concat(parts);
  };
}
