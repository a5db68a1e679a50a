import { Inject, Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { IsoDate } from '../common/calendar';
import type { FormatCode } from '../common/codes';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { ImportChannel } from './import-batch.entity';
import { fileChunks, fileFingerprint, fileHead, ImportSource } from './import-source';
import { ImportError, ImportErrorCode } from './import.errors';
import { BatchTotals, ImportsRepository, StoredBatch } from './imports.repository';
import { readRecords, TextEncoding } from './parsers/framing';
import type { FileSummary, LineError, ParseContext, RecordParser, SourceRecord } from './parsers/parser.types';
import { detectFormat } from './parsers/detect-format';
import { parserFor } from './parsers/parser.registry';
import { qrProviderCode } from './parsers/qr-counter/qr-counter.parser';
import { firstErrors, ProblemList, REPORTED_PROBLEMS, storableProblem } from './problem-list';
import { keptBytes, SegmentCollector, segmentsAsFile } from './raw-line';
import { ROW_LOADERS, RowLoader, RowLoaders } from './row-loader';

/**
 * Who brings a file and by which way (issue #6): kept on its batch and named by the audit rows. A file that
 * came through the CLI or the inbox also keeps its path there.
 */
export interface ImportOrigin {
  /** The user (API, UI), the OS user or `--actor` (CLI), `batch` (the nightly inbox). */
  actor: string;
  arrivedVia: ImportChannel;
}

export interface ImportOptions extends ImportOrigin {
  /** `auto`: the format is detected from the file's first records (detect-format.ts). */
  format: FormatCode | 'auto';
  receivedOn: IsoDate;
  dryRun?: boolean;
  /** 取込保留: files of these formats are kept but not loaded until a second person releases them (uploads only). */
  holdFormats?: ReadonlySet<FormatCode>;
  /** Called as records are read: bytes done and the file's size. */
  onProgress?: (done: number, total: number) => void;
}

/** contract.md: one entry of `import --json`. */
export interface ImportResult {
  file: string;
  /** `auto` only when the format could not be detected (status failed). */
  format: FormatCode | 'auto';
  status: 'imported' | 'duplicate' | 'failed' | 'held';
  records: number;
  accepted: number;
  rejected: number;
  duplicateOf?: number;
  /** The first 100 errors (rejected lines and the file's control issues); errorCount says how many in all. */
  errors: LineError[];
  errorCount: number;
  /** The first 100 warnings; warnings never fail a file. */
  warnings: LineError[];
  warningCount: number;
  batchId?: number;
  dryRun?: boolean;
  /** This delivery (CLI or inbox) released an upload of the same bytes that was held. */
  releasedHeld?: boolean;
  counts?: Record<string, number>;
}

const CHUNK = 5000;
/** Segments a held file is read back by at a time (each about 1 MiB). */
const SEGMENTS_PER_READ = 4;

/** The file is not what it was given as, or cannot be read: nothing is written (contract.md `failed`). */
class RefusedFile extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/** A parser or the framing failed on a record: the file is refused, naming the line, never a crash. */
function parserFailure(error: unknown, line: number): RefusedFile {
  if (error instanceof RefusedFile) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RefusedFile(`${line}行目を読み取れません: ${reason} / line ${line} could not be read: ${reason}`, line);
}

/** What one pass over a file's records needs besides the file. */
interface Pass {
  parser: RecordParser<unknown>;
  encoding: TextEncoding;
  size: number;
  ctx: ParseContext;
  runner: QueryRunner;
  batchId: number;
  /** Keep the file's lines (import_segment, import_line_note): not on a dry run, nor when a held file is loaded. */
  writeLines: boolean;
  loader: RowLoader<unknown> | null;
  onProgress?: (done: number, total: number) => void;
}

/** A pass's result: the counts of `import --json`, and the first problems of each kind. */
interface Tally {
  records: number;
  accepted: number;
  rejected: number;
  lineErrors: ProblemList;
  warnings: ProblemList;
}

/** What every parse looks up first: CVS codes, categories, QR payout lags. */
type ParseLookups = Awaited<ReturnType<ImportsRepository['parseLookups']>>;

/**
 * The importer in three parts: parse (pure parser over streamed records), stage + validate (rows and
 * every raw line written in chunks), bulk write (the loader's set-based merge). One transaction per
 * file: a crash mid-file leaves nothing behind, and the same bytes twice are one import. An upload of a
 * held format is parsed and its lines kept, but nothing is loaded until a second person releases it.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly batches: ImportsRepository,
    @Inject(ROW_LOADERS) private readonly loaders: RowLoaders,
  ) {}

  async importFile(source: ImportSource, requested: ImportOptions): Promise<ImportResult> {
    const ctx = await this.context(source.fileName, requested.receivedOn);
    const format = requested.format === 'auto' ? await this.detect(source, ctx) : requested.format;
    const result: ImportResult = {
      file: source.fileName,
      format: typeof format === 'string' ? format : 'auto',
      status: 'imported',
      records: 0,
      accepted: 0,
      rejected: 0,
      errors: [],
      errorCount: 0,
      warnings: [],
      warningCount: 0,
      ...(requested.dryRun ? { dryRun: true } : {}),
    };
    if (typeof format !== 'string') return failed(result, format.message);
    const options = { ...requested, format };
    const parser = parserFor(format);
    const fingerprint = await fileFingerprint(source);
    if (fingerprint.size === 0) return failed(result, '空のファイルです / the file is empty');
    const held = !options.dryRun && !!options.holdFormats?.has(format);

    const seen = await this.batches.seen(fingerprint.sha256);
    if (seen) {
      // The same bytes through a channel that is not held (CLI, inbox, an operator) release a held upload.
      if (seen.status === 'held' && !held && !options.dryRun) return this.releaseByDelivery(seen.id, result, options);
      return duplicate(result, seen.id);
    }

    const encoding = parser.framing.kind === 'fixed' ? 'cp932' : fingerprint.encoding;
    try {
      // A dry run writes nothing: no batch, no lines, no loader; its transaction only takes the import lock.
      return await this.db.bulkTransaction(async (runner) => {
        await this.lockImportsOf(runner, parser);
        const batchId = options.dryRun
          ? 0
          : await this.batches.openBatch(runner, {
              fileName: source.fileName,
              format,
              sizeBytes: fingerprint.size,
              sha256: fingerprint.sha256,
              status: held ? 'held' : 'imported',
              receivedOn: options.receivedOn,
              importedBy: options.actor,
              arrivedVia: options.arrivedVia,
              sourcePath: sourcePath(source, options),
              lineEncoding: encoding,
            });
        const loader = options.dryRun || held ? null : this.loaderFor(parser, runner, batchId, format);
        await loader?.begin();
        const pass: Pass = {
          parser,
          encoding,
          size: fingerprint.size,
          ctx,
          runner,
          batchId,
          writeLines: !options.dryRun,
          loader,
          onProgress: options.onProgress,
        };
        const { tally, summary } = await this.stream(pass, fileChunks(source));
        Object.assign(result, report(tally, summary), held ? { status: 'held' } : {});
        if (options.dryRun) return result;
        if (loader) result.counts = await loader.finish();
        result.batchId = batchId;
        await this.batches.closeBatch(runner, batchId, totals(tally, summary));
        await this.audit.append(runner, {
          municipalityCode: this.config.MUNICIPALITY_CODE,
          actor: options.actor,
          action: 'import',
          entity: 'import_batch',
          entityId: String(batchId),
          after: {
            file: source.fileName,
            format,
            sha256: fingerprint.sha256,
            status: result.status,
            records: result.records,
            accepted: result.accepted,
            rejected: result.rejected,
            arrivedVia: options.arrivedVia,
            sourcePath: sourcePath(source, options),
          },
        });
        return result;
      });
    } catch (error) {
      if (error instanceof RefusedFile) return failed(result, error.message, error.line);
      if (isUniqueViolation(error)) {
        // Another process imported the same bytes a moment ago.
        const other = await this.batches.seen(fingerprint.sha256);
        if (other) return duplicate(result, other.id);
      }
      throw error;
    }
  }

  /**
   * 取込保留の解除: a second person (never the one who brought it) loads a held file. Its kept lines are
   * read again through the normal parse and load, inside this transaction: the payments it brings fold
   * into the others only now. Matching is the caller's next step.
   */
  async release(batchId: number, reviewer: string, reason: string): Promise<ImportResult> {
    // Read before the transaction opens: the embedded database serves one transaction's connection at a time, so a
    // lookup on another connection inside it would wait for ever.
    const lookups = await this.batches.parseLookups();
    return this.db.bulkTransaction(async (runner) => {
      const batch = await this.heldBatch(runner, batchId, reviewer);
      const parser = parserFor(batch.format);
      await this.lockImportsOf(runner, parser);
      const loader = this.loaderFor(parser, runner, batch.id, batch.format);
      await loader.begin();
      const pass: Pass = {
        parser,
        encoding: batch.line_encoding,
        size: 0,
        ctx: this.contextOf(batch.file_name, batch.received_on, lookups),
        runner,
        batchId: batch.id,
        writeLines: false,
        loader,
      };
      const { tally, summary } = await this.stream(pass, this.keptFile(runner, batch.id)).catch((error: unknown) => {
        if (!(error instanceof RefusedFile)) throw error;
        throw new ImportError(
          ImportErrorCode.HeldFileChanged,
          `取込 ${batch.id} は読み直せません（${error.message}）。差し戻して取り込み直してください / ` +
            `import ${batch.id} could not be read again (${error.message}): reject it and import the file again`,
        );
      });
      if (tally.records !== batch.records || tally.accepted !== batch.accepted || tally.rejected !== batch.rejected) {
        throw new ImportError(
          ImportErrorCode.HeldFileChanged,
          `取込 ${batch.id} は保留時と同じに読めません（${batch.accepted}件 → ${tally.accepted}件）。差し戻して取り込み直してください / ` +
            `import ${batch.id} no longer reads as it did when held (${batch.accepted} → ${tally.accepted} accepted): ` +
            'reject it and import the file again',
        );
      }
      const counts = await loader.finish();
      await this.review(runner, batch, 'imported', reviewer, reason);
      return {
        file: batch.file_name,
        format: batch.format,
        status: 'imported',
        batchId: batch.id,
        counts,
        ...report(tally, summary),
      };
    });
  }

  /** 取込保留の差戻し: the held file is never loaded, and its bytes count as unseen (they may be imported again). */
  async reject(batchId: number, reviewer: string, reason: string): Promise<void> {
    await this.db.transaction(async (runner) =>
      this.review(runner, await this.heldBatch(runner, batchId, reviewer), 'rejected', reviewer, reason),
    );
  }

  /** The same bytes arrived through a channel that is not held: that delivery releases the held upload. */
  private async releaseByDelivery(batchId: number, result: ImportResult, options: ImportOptions): Promise<ImportResult> {
    const by = options.arrivedVia === 'batch' ? '受信フォルダ / the inbox' : options.arrivedVia === 'cli' ? 'CLI' : `${options.actor}`;
    try {
      const released = await this.release(
        batchId,
        options.actor,
        `同じファイルが ${by} から届いたため解除 / the same bytes arrived through ${by}`,
      );
      return { ...released, file: result.file, releasedHeld: true };
    } catch (error) {
      if (error instanceof ImportError) return failed(result, error.message);
      throw error;
    }
  }

  /** The held batch, locked for its review; refused when it is not held or the reviewer brought it. */
  private async heldBatch(runner: QueryRunner, batchId: number, reviewer: string): Promise<StoredBatch> {
    const batch = await this.batches.lockBatch(runner, batchId);
    if (!batch) throw new ImportError(ImportErrorCode.BatchNotFound, `取込 ${batchId} はありません / import ${batchId} not found`);
    if (batch.status !== 'held') {
      throw new ImportError(
        ImportErrorCode.NotHeld,
        `取込 ${batchId} は保留中ではありません（${batch.status}） / import ${batchId} is not held (${batch.status})`,
      );
    }
    if (batch.imported_by === reviewer) {
      throw new ImportError(
        ImportErrorCode.OwnUpload,
        `取込 ${batchId} は ${reviewer} が持ち込んだファイルです。別の人が解除・差戻しします / ` +
          `import ${batchId} was brought by ${reviewer}: another person must release or reject it`,
      );
    }
    return batch;
  }

  private async review(
    runner: QueryRunner,
    batch: StoredBatch,
    status: 'imported' | 'rejected',
    reviewer: string,
    reason: string,
  ): Promise<void> {
    await this.batches.recordReview(runner, batch.id, status, reviewer, reason);
    await this.audit.append(runner, {
      municipalityCode: this.config.MUNICIPALITY_CODE,
      actor: reviewer,
      action: status === 'imported' ? 'import.release' : 'import.reject',
      entity: 'import_batch',
      entityId: String(batch.id),
      reason,
      before: { status: 'held', importedBy: batch.imported_by },
      after: {
        status,
        file: batch.file_name,
        format: batch.format,
        records: batch.records,
        accepted: batch.accepted,
        rejected: batch.rejected,
      },
    });
  }

  /**
   * Imports of one kind are serialised: the payment merge relies on seeing every earlier file's payments, a
   * bill's versions on every earlier 調定 file. Bills and payments never meet here.
   */
  private async lockImportsOf(runner: QueryRunner, parser: RecordParser<unknown>): Promise<void> {
    await this.batches.lockImportsOf(runner, parser.target === 'bills' ? 'bills' : 'payments');
  }

  /** The format of a file from its head, or why it could not be told (never a guess between two). */
  private async detect(source: ImportSource, ctx: ParseContext): Promise<FormatCode | { message: string }> {
    let detection: Awaited<ReturnType<typeof detectFormat>>;
    try {
      detection = await detectFormat(await fileHead(source), ctx);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        message: `取込形式を判定できません（${reason}）。形式を選んでください / the format could not be detected (${reason}): choose it`,
      };
    }
    switch (detection.kind) {
      case 'found':
        return detection.format;
      case 'none':
        return { message: '取込形式を判定できません。形式を選んでください / the format could not be detected: choose it' };
      case 'ambiguous': {
        const formats = detection.formats.join(', ');
        return {
          message: `取込形式が一つに決まりません（${formats}）。形式を選んでください / the file fits ${formats}: choose the format`,
        };
      }
    }
  }

  /** A held file as it can be read again from its kept segments (segmentsAsFile), a few segments at a time. */
  private async *keptFile(runner: QueryRunner, batchId: number): AsyncGenerator<Buffer> {
    const asFile = segmentsAsFile();
    for (let after = -1; ;) {
      const segments = await this.batches.keptSegments(runner, batchId, after, SEGMENTS_PER_READ);
      if (segments.length === 0) return;
      for (const segment of segments) yield asFile(segment);
      after = segments[segments.length - 1].seq;
    }
  }

  private async context(fileName: string, receivedOn: IsoDate): Promise<ParseContext> {
    return this.contextOf(fileName, receivedOn, await this.batches.parseLookups());
  }

  private contextOf(fileName: string, receivedOn: IsoDate, lookups: ParseLookups): ParseContext {
    const { cvsCodes, categories, qrLags } = lookups;
    return {
      fileName,
      receivedOn,
      municipalityCode: this.config.MUNICIPALITY_CODE,
      cvsChannels: new Map(cvsCodes.map((c) => [c.code, c.channel])),
      categories: new Set(categories.map((c) => c.code)),
      eltaxTaxCodes: new Map(categories.filter((c) => c.eltax_code).map((c) => [c.eltax_code!, c.code])),
      qrPayoutLagDays: new Map(qrLags.map((s) => [qrProviderCode(s.provider_code), s.lag_days])),
    };
  }

  private loaderFor(parser: RecordParser<unknown>, runner: QueryRunner, batchId: number, format: FormatCode): RowLoader<never> {
    return this.loaders[parser.target]({ runner, useCopy: this.db.supportsCopy, batchId, format });
  }

  /** Second pass: records through the parser; rows and raw lines written every CHUNK records. */
  private async stream(pass: Pass, chunks: AsyncIterable<Buffer> | Buffer[]): Promise<{ tally: Tally; summary: FileSummary }> {
    const { parser, encoding, runner, batchId, loader } = pass;
    const session = parser.start(pass.ctx);
    const result: Tally = { records: 0, accepted: 0, rejected: 0, lineErrors: new ProblemList(), warnings: new ProblemList() };
    const kept = new SegmentCollector();
    let rows: { line: number; row: unknown }[] = [];
    let bytesRead = 0;
    const counted = (async function* () {
      for await (const chunk of chunks) {
        bytesRead += chunk.length;
        yield chunk;
      }
    })();
    // A chunk is written while the next one is parsed: the database and the parser each keep a core
    // busy. At most one write is in flight, so memory stays at two chunks.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      await writing;
      const [segment, chunkRows, done] = [kept.take(), rows, bytesRead];
      rows = [];
      writing = (async () => {
        if (segment) await this.batches.keepSegment(runner, batchId, segment.segment, segment.notes);
        if (loader) await loader.add(chunkRows);
        pass.onProgress?.(done, pass.size);
      })();
      // A failed write surfaces at the next flush (or the last one); until then it must not go unhandled.
      writing.catch(() => undefined);
    };
    let lastLine = 0;
    for await (const rec of readable(readRecords(counted, parser.framing, encoding), () => lastLine + 1)) {
      lastLine = rec.line;
      const outcome = read(() => session.record(rec), rec.line);
      const raw = read(() => keptBytes(parser, rec), rec.line);
      result.records++;
      switch (outcome.kind) {
        case 'refuse':
          throw new RefusedFile(outcome.message);
        case 'row': {
          const warnings = outcome.warnings?.map(storableProblem);
          result.accepted++;
          rows.push({ line: rec.line, row: outcome.row });
          if (pass.writeLines) kept.add(rec.line, raw, 'accepted', warnings?.length ? warnings : null);
          if (warnings) result.warnings.add(warnings);
          break;
        }
        case 'control': {
          const warnings = outcome.warnings?.map(storableProblem);
          result.records--;
          if (pass.writeLines) kept.add(rec.line, raw, 'control', warnings?.length ? warnings : null);
          if (warnings) result.warnings.add(warnings);
          break;
        }
        case 'rejected': {
          const errors = outcome.errors.map(storableProblem);
          result.rejected++;
          if (pass.writeLines) kept.add(rec.line, raw, 'rejected', errors);
          result.lineErrors.add(errors);
          break;
        }
      }
      if (kept.full || rows.length >= CHUNK) await flush();
    }
    await flush();
    await writing;
    // formats.md: no record, or not one this format accepts, is another format; an empty delivery is imported.
    const refusal = read(() => session.refusalAtEnd(), lastLine);
    if (refusal) throw new RefusedFile(refusal);
    const summary = read(() => session.finish(), lastLine);
    result.warnings.add((summary.warnings ?? []).map(storableProblem));
    return { tally: result, summary };
  }
}

/** Runs one step of a parser: whatever it throws refuses the file at that line. */
function read<T>(step: () => T, line: number): T {
  try {
    return step();
  } catch (error) {
    throw parserFailure(error, line);
  }
}

/** The framing's records; a failure to cut or decode the next one refuses the file at the line it was on. */
async function* readable(records: AsyncGenerator<SourceRecord>, line: () => number): AsyncGenerator<SourceRecord> {
  for (;;) {
    let next: IteratorResult<SourceRecord>;
    try {
      next = await records.next();
    } catch (error) {
      throw parserFailure(error, line());
    }
    if (next.done) return;
    yield next.value;
  }
}

/** The counts and the first problems of a pass, as `import --json` reports them. */
type Counts = Pick<ImportResult, 'records' | 'accepted' | 'rejected' | 'errors' | 'errorCount' | 'warnings' | 'warningCount'>;

function report(tally: Tally, summary: FileSummary): Counts {
  const controlIssues = summary.controlIssues.map(storableProblem);
  return {
    records: tally.records,
    accepted: tally.accepted,
    rejected: tally.rejected,
    errors: firstErrors(tally.lineErrors, controlIssues),
    errorCount: tally.lineErrors.count + controlIssues.length,
    warnings: tally.warnings.first.slice(0, REPORTED_PROBLEMS),
    warningCount: tally.warnings.count,
  };
}

/** What a batch records of a pass once all its records are read. */
function totals(tally: Tally, summary: FileSummary): BatchTotals {
  return {
    records: tally.records,
    accepted: tally.accepted,
    rejected: tally.rejected,
    controls: summary.controls,
    controlIssues: summary.controlIssues.map(storableProblem),
    warnings: tally.warnings.first,
    warningCount: tally.warnings.count,
    providerCode: summary.providerCode ?? null,
    dataCreatedOn: summary.dataCreatedOn ?? null,
  };
}

/** Where the file lay: its path for the CLI and the inbox; an upload's temporary file says nothing. */
function sourcePath(source: ImportSource, origin: ImportOrigin): string | null {
  return origin.arrivedVia === 'api' ? null : (source.path ?? null);
}

function failed(result: ImportResult, message: string, line: number | null = null): ImportResult {
  return {
    ...result,
    status: 'failed',
    records: 0,
    accepted: 0,
    rejected: 0,
    errors: [{ line, field: null, message }],
    errorCount: 1,
    warnings: [],
    warningCount: 0,
  };
}

function duplicate(result: ImportResult, of: number): ImportResult {
  return { ...result, status: 'duplicate', duplicateOf: of };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
