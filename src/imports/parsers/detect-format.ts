import type { FormatCode } from '../../common/codes';
import { detectEncoding, readRecords } from './framing';
import type { ParseContext } from './parser.types';
import { PARSERS } from './parser.registry';

/** How many records of the file's head decide its format. */
const SAMPLE_RECORDS = 5;

export type Detection = { kind: 'found'; format: FormatCode } | { kind: 'none' } | { kind: 'ambiguous'; formats: FormatCode[] };

/**
 * 形式の自動判定: every parser reads the first records of the file's head; a format fits when its parser
 * accepts the first record (the header of every format: the CSV header row, the 全銀 or 収納代行 header record)
 * and refuses none of them (a bad data line does not make it another format). A trailer or end record further
 * on proves nothing: a few bytes of another file can look like one. Every parser refuses another format's file
 * by formats.md's tests, so one file fits one format at most; were two to fit, both are reported, never guessed
 * between.
 */
export async function detectFormat(head: Buffer, ctx: ParseContext): Promise<Detection> {
  const fits: FormatCode[] = [];
  for (const parser of PARSERS.values()) {
    const session = parser.start(ctx);
    // The head may end inside a UTF-8 character: that alone does not make the file CP932.
    const encoding = parser.framing.kind === 'fixed' ? 'cp932' : detectEncoding(head, false);
    let firstAccepted: boolean | null = null;
    let refused = false;
    let seen = 0;
    for await (const rec of readRecords([head], parser.framing, encoding)) {
      const outcome = session.record(rec);
      refused = outcome.kind === 'refuse';
      firstAccepted ??= outcome.kind === 'row' || outcome.kind === 'control';
      if (refused || ++seen >= SAMPLE_RECORDS) break;
    }
    if (!refused && firstAccepted) fits.push(parser.format);
  }
  if (fits.length === 1) return { kind: 'found', format: fits[0] };
  return fits.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', formats: fits };
}
