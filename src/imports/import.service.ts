import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BillLoader } from '../billing/bill-loader';
import type { IsoDate } from '../common/calendar';
import type { Channel, FormatCode } from '../common/codes';
import type { RowLoader } from '../common/row-loader';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { bulkWrite, BulkValue } from '../database/bulk-writer';
import { CounterReceiptLoader } from '../payments/counter-receipt-loader';
import { PaymentLoader } from '../payments/payment-loader';
import { decodeText, EncodingProbe, readRecords, TextEncoding } from './parsers/framing';
import type { FileSummary, LineError, ParseContext, RecordParser } from './parsers/parser.types';
import { detectFormat } from './parsers/detect-format';
import { parserFor } from './parsers/parser.registry';

/** A file to import: a path on disk (read twice, streamed) or bytes already in memory (uploads). */
export interface ImportSource {
  fileName: string;
  path?: string;
  bytes?: Buffer;
}

export interface ImportOptions {
  /** `auto`: the format is detected from the file's first records (detect-format.ts). */
  format: FormatCode | 'auto';
  receivedOn: IsoDate;
  dryRun?: boolean;
  actor?: string;
  /** Called as records are read: bytes done and the file's size. */
  onProgress?: (done: number, total: number) => void;
}

/** contract.md: one entry of `import --json`. */
export interface ImportResult {
  file: string;
  /** `auto` only when the format could not be detected (status failed). */
  format: FormatCode | 'auto';
  status: 'imported' | 'duplicate' | 'failed';
  records: number;
  accepted: number;
  rejected: number;
  duplicateOf?: number;
  errors: LineError[];
  batchId?: number;
  dryRun?: boolean;
  warnings: LineError[];
  counts?: Record<string, number>;
}

const CHUNK = 5000;
/** The JSON answer lists this many problems; every one is kept on the batch's lines regardless. */
const MAX_REPORTED_ERRORS = 1000;
const LINE_COLUMNS = ['batch_id', 'line_no', 'municipality_code', 'status', 'raw', 'errors'] as const;

/** Enough of a file's head for a handful of records of any format. */
const HEAD_BYTES = 64 * 1024;

class RefusedFile extends Error {}

/**
 * The importer in three parts: parse (pure parser over streamed records), stage + validate (rows and
 * every raw line written in chunks), bulk write (the loader's set-based merge). One transaction per
 * file: a crash mid-file leaves nothing behind, and the same bytes twice are one import.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async importFile(source: ImportSource, requested: ImportOptions): Promise<ImportResult> {
    const ctx = await this.context(source.fileName, requested.receivedOn);
    const format = requested.format === 'auto' ? await this.detect(source, ctx) : requested.format;
    const result: ImportResult = {
      file: source.fileName, format: typeof format === 'string' ? format : 'auto', status: 'imported',
      records: 0, accepted: 0, rejected: 0, errors: [], warnings: [],
      ...(requested.dryRun ? { dryRun: true } : {}),
    };
    if (typeof format !== 'string') return this.failed(result, format.message);
    const options = { ...requested, format };
    const parser = parserFor(format);
    const fingerprint = await this.fingerprint(source);
    if (fingerprint.size === 0) return this.failed(result, '空のファイルです / the file is empty');

    const [duplicate]: { id: number }[] = await this.db.dataSource.query(
      `SELECT id FROM import_batch WHERE municipality_code = $1 AND sha256 = $2`,
      [this.config.MUNICIPALITY_CODE, fingerprint.sha256],
    );
    if (duplicate) return { ...result, status: 'duplicate', duplicateOf: duplicate.id };

    const runner = this.db.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      // Imports of one kind are serialised: the payment merge relies on seeing every earlier file's
      // payments, a bill's versions on every earlier 調定 file. Bills and payments never meet here.
      await runner.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`keshikomi.import.${parser.target === 'bills' ? 'bills' : 'payments'}`]);
      const batchId = options.dryRun ? 0 : await this.openBatch(runner, source, options, fingerprint);
      const loader = options.dryRun ? null : this.loaderFor(parser, runner, batchId, options.format);
      await loader?.begin();
      const summary = await this.stream(parser, source, fingerprint, ctx, options, result, runner, batchId, loader);
      result.warnings.push(...(summary.warnings ?? []));
      result.errors.push(...summary.controlIssues);
      if (options.dryRun) {
        await runner.rollbackTransaction();
      } else {
        result.counts = await loader!.finish();
        result.batchId = batchId;
        await this.closeBatch(runner, batchId, result, summary);
        await this.audit.append(runner, {
          municipalityCode: this.config.MUNICIPALITY_CODE, actor: options.actor ?? 'system', action: 'import',
          entity: 'import_batch', entityId: String(batchId),
          after: { file: source.fileName, format: options.format, sha256: fingerprint.sha256, records: result.records, accepted: result.accepted, rejected: result.rejected },
        });
        await runner.commitTransaction();
      }
      result.errors = result.errors.slice(0, MAX_REPORTED_ERRORS);
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      if (error instanceof RefusedFile) return this.failed(result, error.message);
      if (isUniqueViolation(error)) {
        // Another process imported the same bytes a moment ago.
        const [dup]: { id: number }[] = await this.db.dataSource.query(
          `SELECT id FROM import_batch WHERE municipality_code = $1 AND sha256 = $2`,
          [this.config.MUNICIPALITY_CODE, fingerprint.sha256],
        );
        if (dup) return { ...result, status: 'duplicate', duplicateOf: dup.id, errors: [], warnings: [] };
      }
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The format of a file from its head, or why it could not be told (never a guess between two). */
  private async detect(source: ImportSource, ctx: ParseContext): Promise<FormatCode | { message: string }> {
    const detection = await detectFormat(await this.head(source), ctx);
    switch (detection.kind) {
      case 'found':
        return detection.format;
      case 'none':
        return { message: '取込形式を判定できません。形式を選んでください / the format could not be detected: choose it' };
      case 'ambiguous':
        return { message: `取込形式が一つに決まりません（${detection.formats.join(', ')}）。形式を選んでください / the file fits ${detection.formats.join(', ')}: choose the format` };
    }
  }

  private async head(source: ImportSource): Promise<Buffer> {
    if (source.bytes) return source.bytes.subarray(0, HEAD_BYTES);
    const parts: Buffer[] = [];
    for await (const chunk of createReadStream(source.path!, { start: 0, end: HEAD_BYTES - 1 })) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  private failed(result: ImportResult, message: string): ImportResult {
    return { ...result, status: 'failed', records: 0, accepted: 0, rejected: 0, errors: [{ line: null, field: null, message }], warnings: [] };
  }

  /** First pass: hash, size and (for CSV) the text encoding, in constant memory. */
  private async fingerprint(source: ImportSource): Promise<{ sha256: string; size: number; encoding: TextEncoding }> {
    const hash = createHash('sha256');
    const probe = new EncodingProbe();
    let size = 0;
    for await (const chunk of this.chunks(source)) {
      hash.update(chunk);
      probe.update(chunk);
      size += chunk.length;
    }
    return { sha256: hash.digest('hex'), size, encoding: probe.result() };
  }

  private chunks(source: ImportSource): AsyncIterable<Buffer> | Buffer[] {
    if (source.bytes) return [source.bytes];
    if (!source.path) throw new Error('ImportSource needs a path or bytes');
    return createReadStream(source.path, { highWaterMark: 1 << 20 });
  }

  private async context(fileName: string, receivedOn: IsoDate): Promise<ParseContext> {
    const municipalityCode = this.config.MUNICIPALITY_CODE;
    const cvs: { code: string; channel: Channel }[] = await this.db.dataSource.query(
      `SELECT code, channel FROM cvs_code WHERE municipality_code = $1`, [municipalityCode]);
    const categories: { code: string; eltax_code: string | null }[] = await this.db.dataSource.query(
      `SELECT code, eltax_code FROM revenue_category WHERE municipality_code = $1`, [municipalityCode]);
    return {
      fileName, receivedOn, municipalityCode,
      cvsChannels: new Map(cvs.map((c) => [c.code, c.channel])),
      categories: new Set(categories.map((c) => c.code)),
      eltaxTaxCodes: new Map(categories.filter((c) => c.eltax_code).map((c) => [c.eltax_code!, c.code])),
    };
  }

  private loaderFor(parser: RecordParser<unknown>, runner: QueryRunner, batchId: number, format: FormatCode): RowLoader<never> {
    switch (parser.target) {
      case 'bills':
        return new BillLoader(runner, this.db.supportsCopy, batchId);
      case 'payments':
        return new PaymentLoader(runner, this.db.supportsCopy, batchId, format);
      case 'register':
        return new CounterReceiptLoader(runner, this.db.supportsCopy, batchId);
    }
  }

  private async openBatch(runner: QueryRunner, source: ImportSource, options: ImportOptions, fp: { sha256: string; size: number }): Promise<number> {
    const [row]: { id: number }[] = await runner.query(
      `INSERT INTO import_batch (municipality_code, file_name, format, size_bytes, sha256, status, received_on, started_at)
       VALUES ($1, $2, $3, $4, $5, 'imported', $6, now()) RETURNING id`,
      [this.config.MUNICIPALITY_CODE, source.fileName, options.format, fp.size, fp.sha256, options.receivedOn],
    );
    return row.id;
  }

  private async closeBatch(runner: QueryRunner, batchId: number, result: ImportResult, summary: FileSummary): Promise<void> {
    await runner.query(
      `UPDATE import_batch SET records = $2, accepted = $3, rejected = $4, controls = $5, control_issues = $6,
              warnings = $7, provider_code = $8, data_created_on = $9, finished_at = clock_timestamp()
        WHERE id = $1`,
      [
        batchId, result.records, result.accepted, result.rejected, JSON.stringify(summary.controls),
        JSON.stringify(summary.controlIssues), JSON.stringify(result.warnings.slice(0, MAX_REPORTED_ERRORS)),
        summary.providerCode ?? null, summary.dataCreatedOn ?? null,
      ],
    );
  }

  /** Second pass: records through the parser; rows and raw lines written every CHUNK records. */
  private async stream(
    parser: RecordParser<unknown>, source: ImportSource, fp: { size: number; encoding: TextEncoding },
    ctx: ParseContext, options: ImportOptions, result: ImportResult, runner: QueryRunner, batchId: number,
    loader: RowLoader<unknown> | null,
  ): Promise<FileSummary> {
    const session = parser.start(ctx);
    const encoding = parser.framing.kind === 'fixed' ? 'cp932' : fp.encoding;
    let lines: BulkValue[][] = [];
    let rows: { line: number; row: unknown }[] = [];
    let bytesRead = 0;
    const counted = (async function* (chunks: AsyncIterable<Buffer> | Buffer[]) {
      for await (const chunk of chunks) {
        bytesRead += chunk.length;
        yield chunk;
      }
    })(this.chunks(source));
    // A chunk is written while the next one is parsed: the database and the parser each keep a core
    // busy. At most one write is in flight, so memory stays at two chunks.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      await writing;
      const [chunkLines, chunkRows, done] = [lines, rows, bytesRead];
      lines = [];
      rows = [];
      writing = (async () => {
        if (loader) {
          await bulkWrite(runner, this.db.supportsCopy, 'import_line', LINE_COLUMNS, chunkLines);
          await loader.add(chunkRows);
        }
        options.onProgress?.(done, fp.size);
      })();
      // A failed write surfaces at the next flush (or the last one); until then it must not go unhandled.
      writing.catch(() => undefined);
    };
    const municipality = this.config.MUNICIPALITY_CODE;
    for await (const rec of readRecords(counted, parser.framing, encoding)) {
      const outcome = session.record(rec);
      // What is kept of the line: personal data (預金者名) masked by the parser that knows where it is.
      const raw = parser.redactRaw ? decodeText(parser.redactRaw(rec), encoding) : rec.raw;
      result.records++;
      switch (outcome.kind) {
        case 'refuse':
          throw new RefusedFile(outcome.message);
        case 'row':
          result.accepted++;
          rows.push({ line: rec.line, row: outcome.row });
          lines.push([batchId, rec.line, municipality, 'accepted', raw, outcome.warnings?.length ? outcome.warnings : null]);
          if (outcome.warnings) result.warnings.push(...outcome.warnings);
          break;
        case 'control':
          result.records--;
          lines.push([batchId, rec.line, municipality, 'control', raw, outcome.warnings?.length ? outcome.warnings : null]);
          if (outcome.warnings) result.warnings.push(...outcome.warnings);
          break;
        case 'rejected':
          result.rejected++;
          lines.push([batchId, rec.line, municipality, 'rejected', raw, outcome.errors]);
          if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push(...outcome.errors);
          break;
      }
      if (lines.length >= CHUNK) await flush();
    }
    await flush();
    await writing;
    // formats.md: no record, or not one this format accepts, is another format; an empty delivery is imported.
    const refusal = session.refusalAtEnd();
    if (refusal) throw new RefusedFile(refusal);
    return session.finish();
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
