import type { FormatCode } from '../../common/codes';
import { lineError } from './parser-text';
import type {
  FileSummary,
  FormatSession,
  LineError,
  ParseContext,
  ParseSession,
  RecordOutcome,
  RecordParser,
  SourceRecord,
} from './parser.types';

/**
 * The guard every parser stands behind: whatever a format's session does with a record, the caller gets a row,
 * a control, a rejected line or a refusal, never an exception; once the file is refused every later record is
 * refused too (a streaming caller may not stop at once); and the end of the file is judged by one rule.
 */

/** What a file's records came to, for the end-of-file rule. */
export interface FileTally {
  /** Records read as rows or controls (header, trailer, end record, CSV header row). */
  accepted: number;
  rejected: number;
  /** The first rejected record's first error: it says what the file is not. */
  firstError: LineError | null;
}

/**
 * formats.md "General rules": a file with no record is refused, and so is one of which not one record is
 * accepted (it is another format). A well-formed file of header, trailer and end but no data is imported.
 */
export function endOfFileRefusal(format: FormatCode, tally: FileTally): string | null {
  if (tally.accepted > 0) return null;
  if (tally.rejected === 0) return 'ファイルにレコードがありません（空のファイル） / the file holds no record (empty file)';
  const { firstError } = tally;
  const first = firstError?.line ? ` — ${firstError.line}行目 / line ${firstError.line}: ${firstError.message}` : '';
  return (
    `${format} として読めるレコードが1件もありません（${tally.rejected}件すべて不正）。${format} のファイルではありません` +
    ` / not one of the file's ${tally.rejected} record(s) is a ${format} record: this is not a ${format} file${first}`
  );
}

/** A failure inside a parser, turned into the rejection of the line it was reading. */
function parserFailure(rec: SourceRecord, error: unknown): LineError {
  const reason = error instanceof Error ? error.message : String(error);
  return lineError(rec.line, null, `この行を読めませんでした（${reason}）`, `this line could not be read (${reason})`);
}

class GuardedSession<Row> implements ParseSession<Row> {
  private readonly tally: FileTally = { accepted: 0, rejected: 0, firstError: null };
  private refusal: RecordOutcome<Row> | null = null;

  constructor(
    private readonly format: FormatCode,
    private readonly inner: FormatSession<Row>,
  ) {}

  record(rec: SourceRecord): RecordOutcome<Row> {
    if (this.refusal) return this.refusal;
    let outcome: RecordOutcome<Row>;
    try {
      outcome = this.inner.record(rec);
    } catch (error) {
      outcome = { kind: 'rejected', errors: [parserFailure(rec, error)] };
    }
    if (outcome.kind === 'refuse') this.refusal = outcome;
    else if (outcome.kind === 'rejected') {
      this.tally.rejected++;
      this.tally.firstError ??= outcome.errors[0] ?? null;
    } else this.tally.accepted++;
    return outcome;
  }

  refusalAtEnd(): string | null {
    if (this.refusal?.kind === 'refuse') return this.refusal.message;
    return endOfFileRefusal(this.format, this.tally);
  }

  finish(): FileSummary {
    try {
      return this.inner.finish();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        controls: [],
        controlIssues: [
          lineError(
            null,
            null,
            `ファイルの検査を終えられませんでした（${reason}）`,
            `the file's controls could not be checked (${reason})`,
          ),
        ],
      };
    }
  }
}

export interface ParserDefinition<Row> {
  format: FormatCode;
  framing: RecordParser<Row>['framing'];
  target: RecordParser<Row>['target'];
  start(ctx: ParseContext): FormatSession<Row>;
  redactRaw?(rec: SourceRecord): Buffer;
}

/** A format's parser behind the guard: how every parser is made. */
export function defineParser<Row>({ format, framing, target, start, redactRaw }: ParserDefinition<Row>): RecordParser<Row> {
  return {
    format,
    framing,
    target,
    start: (ctx) => new GuardedSession(format, start(ctx)),
    ...(redactRaw ? { redactRaw: (rec: SourceRecord) => guardedRedaction(redactRaw, rec) } : {}),
  };
}

/** A redaction that fails keeps nothing of the record but its length: personal data never slips through. */
function guardedRedaction(redact: (rec: SourceRecord) => Buffer, rec: SourceRecord): Buffer {
  try {
    return redact(rec);
  } catch {
    return Buffer.alloc(rec.bytes.length, 0x2a);
  }
}
