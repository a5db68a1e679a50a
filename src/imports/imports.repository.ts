import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { IsoDate } from '../common/calendar';
import type { Channel, FormatCode } from '../common/codes';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { bulkWrite } from '../database/bulk-writer';
import { Database } from '../database/database';
import type { ImportBatchStatus, ImportChannel } from './import-batch.entity';
import type { ImportBatchDetailDto, ImportBatchDto, ImportLinesQuery, ImportListQuery } from './imports.dto';
import type { TextEncoding } from './parsers/framing';
import type { FileSegment, LineNote } from './raw-line';
import type { ControlCheck, LineError } from './parsers/parser.types';

/** A batch as a release or a rejection reads it. */
export interface StoredBatch {
  id: number;
  file_name: string;
  format: FormatCode;
  status: ImportBatchStatus;
  received_on: IsoDate;
  line_encoding: TextEncoding;
  imported_by: string;
  records: number;
  accepted: number;
  rejected: number;
}

/** A batch as the importer opens it, before its records are read. */
export interface NewBatch {
  fileName: string;
  format: FormatCode;
  sizeBytes: number;
  sha256: string;
  status: ImportBatchStatus;
  receivedOn: IsoDate;
  importedBy: string;
  arrivedVia: ImportChannel;
  sourcePath: string | null;
  lineEncoding: TextEncoding;
}

/** What a batch records once all its records are read. */
export interface BatchTotals {
  records: number;
  accepted: number;
  rejected: number;
  controls: ControlCheck[];
  controlIssues: LineError[];
  /** The first warnings, and how many there were. */
  warnings: LineError[];
  warningCount: number;
  providerCode: string | null;
  dataCreatedOn: IsoDate | null;
}

/** A kept line as the API reads it. */
export interface StoredLine {
  line: number;
  status: string;
  raw: Buffer;
  errors: LineError[] | null;
}

/** The data the parsers look codes up in (ParseContext). */
export interface ParseLookups {
  cvsCodes: { code: string; channel: Channel }[];
  categories: { code: string; eltax_code: string | null }[];
  /** Counter QR payout sources: 加盟店ID and business days to the credit. */
  qrLags: { provider_code: string; lag_days: number }[];
}

const NOTE_COLUMNS = ['batch_id', 'line_no', 'municipality_code', 'status', 'errors'] as const;

/** How many segments one read of a page of lines looks at (a segment holds up to 5,000 lines). */
const PAGE_SEGMENTS = 2;

/** A line's bytes, cut from its segment `s` at its place `i` (1-based) in the segment's arrays. */
const RAW_SLICE = `substring(s.bytes FROM s.line_starts[i] + 1 FOR coalesce(s.line_starts[i + 1], length(s.bytes)) - s.line_starts[i])`;

const BATCH_COLUMNS = `id, file_name AS "fileName", format, size_bytes AS "sizeBytes", sha256, status,
  imported_by AS "importedBy", arrived_via AS "arrivedVia", source_path AS "sourcePath",
  reviewed_by AS "reviewedBy", tokyo_time(reviewed_at) AS "reviewedAt", review_reason AS "reviewReason",
  status = 'imported' AND matched_at IS NULL AS "matchPending",
  received_on AS "receivedOn", data_created_on AS "dataCreatedOn", provider_code AS "providerCode",
  records, accepted, rejected, jsonb_array_length(control_issues) = 0 AS "controlsOk",
  tokyo_time(started_at) AS "startedAt", tokyo_time(finished_at) AS "finishedAt"`;

/**
 * The SQL of import batches and their kept lines. Statements that belong to an import's transaction take
 * its query runner; the others read on their own.
 */
@Injectable()
export class ImportsRepository {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  private get municipality(): string {
    return this.config.MUNICIPALITY_CODE;
  }

  /** Import history, newest first: one row more than asked, so the caller knows whether a page follows. */
  list(query: ImportListQuery): Promise<ImportBatchDto[]> {
    const f = new SqlFilter()
      .add('municipality_code = ?', this.municipality)
      .add('format = ?', query.format)
      .add('received_on = ?', query.receivedOn)
      .add('status = ?', query.status)
      .add('id < ?', query.after);
    return this.db.dataSource.query(
      `SELECT ${BATCH_COLUMNS} FROM import_batch ${f.where} ORDER BY id DESC LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
  }

  async find(id: number): Promise<ImportBatchDetailDto | undefined> {
    const [batch]: ImportBatchDetailDto[] = await this.db.dataSource.query(
      `SELECT ${BATCH_COLUMNS}, controls, control_issues AS "controlIssues", warnings, warning_count AS "warningCount"
         FROM import_batch WHERE id = $1 AND municipality_code = $2`,
      [id, this.municipality],
    );
    return batch;
  }

  /** How a batch's lines were decoded, or undefined when there is no such batch. */
  async lineEncoding(id: number): Promise<TextEncoding | undefined> {
    const [batch]: { line_encoding: TextEncoding }[] = await this.db.dataSource.query(
      `SELECT line_encoding FROM import_batch WHERE id = $1 AND municipality_code = $2`,
      [id, this.municipality],
    );
    return batch?.line_encoding;
  }

  /**
   * A page of a batch's kept lines by line number: one row more than asked. Rejected and control lines are found
   * by their notes; accepted ones (or all) by walking the segments from the page's start, a few at a time.
   */
  async lines(batchId: number, query: ImportLinesQuery): Promise<StoredLine[]> {
    const wanted = query.limit + 1;
    const after = query.after ?? 0;
    if (query.status === 'rejected' || query.status === 'control') {
      return this.db.dataSource.query(
        `SELECT n.line_no AS line, n.status, ${RAW_SLICE} AS raw, n.errors
           FROM import_line_note n
           JOIN LATERAL (SELECT s.*, array_position(s.line_nos, n.line_no) AS i FROM import_segment s
                          WHERE s.batch_id = n.batch_id AND s.last_line >= n.line_no ORDER BY s.last_line LIMIT 1) s ON true
          WHERE n.batch_id = $1 AND n.status = $2 AND n.line_no > $3
          ORDER BY n.line_no LIMIT $4`,
        [batchId, query.status, after, wanted],
      );
    }
    const page: StoredLine[] = [];
    for (let from = after; page.length < wanted;) {
      const segments: { seq: number; last_line: number }[] = await this.db.dataSource.query(
        `SELECT seq, last_line FROM import_segment WHERE batch_id = $1 AND last_line > $2 ORDER BY last_line LIMIT ${PAGE_SEGMENTS}`,
        [batchId, from],
      );
      if (segments.length === 0) break;
      const f = new SqlFilter()
        .add('s.batch_id = ?', batchId)
        .add(
          's.seq = ANY(?)',
          segments.map((s) => s.seq),
        )
        .add('l.line_no > ?', from)
        .add(`coalesce(n.status, 'accepted') = ?`, query.status);
      const rows: StoredLine[] = await this.db.dataSource.query(
        `SELECT p.line, p.status, ${RAW_SLICE} AS raw, p.errors
           FROM (SELECT s.batch_id, s.seq, l.line_no AS line, l.i, coalesce(n.status, 'accepted') AS status, n.errors
                   FROM import_segment s
                  CROSS JOIN LATERAL unnest(s.line_nos) WITH ORDINALITY AS l (line_no, i)
                   LEFT JOIN import_line_note n ON n.batch_id = s.batch_id AND n.line_no = l.line_no
                 ${f.where} ORDER BY l.line_no LIMIT ${f.param(wanted - page.length)}) p
           JOIN import_segment s ON s.batch_id = p.batch_id AND s.seq = p.seq
          ORDER BY p.line`,
        f.params,
      );
      page.push(...rows);
      from = segments[segments.length - 1].last_line;
    }
    return page;
  }

  /** Whether any file was ever imported (an empty database is filled with the samples). */
  async anyBatch(): Promise<boolean> {
    const [row]: { any: boolean }[] = await this.db.dataSource.query(`SELECT EXISTS (SELECT 1 FROM import_batch) AS any`);
    return row.any;
  }

  /** A batch of the same bytes that still counts (a rejected one does not). */
  async seen(sha256: string): Promise<{ id: number; status: ImportBatchStatus } | undefined> {
    const [row]: { id: number; status: ImportBatchStatus }[] = await this.db.dataSource.query(
      `SELECT id, status FROM import_batch WHERE municipality_code = $1 AND sha256 = $2 AND status <> 'rejected'`,
      [this.municipality, sha256],
    );
    return row;
  }

  async parseLookups(): Promise<ParseLookups> {
    const [cvsCodes, categories, qrLags] = await Promise.all([
      this.db.dataSource.query(`SELECT code, channel FROM cvs_code WHERE municipality_code = $1`, [this.municipality]),
      this.db.dataSource.query(`SELECT code, eltax_code FROM revenue_category WHERE municipality_code = $1`, [this.municipality]),
      // A counter QR payment's 収入日 is its transaction day + its payout source's lag (formats.md, data).
      this.db.dataSource.query(`SELECT provider_code, lag_days FROM payout_source WHERE municipality_code = $1 AND format = 'qr-counter'`, [
        this.municipality,
      ]),
    ]);
    return { cvsCodes, categories, qrLags };
  }

  /** Serialises the imports of one kind until the transaction ends. */
  async lockImportsOf(q: QueryRunner, kind: 'bills' | 'payments'): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`keshikomi.import.${kind}`]);
  }

  async openBatch(q: QueryRunner, batch: NewBatch): Promise<number> {
    const [row]: { id: number }[] = await q.query(
      `INSERT INTO import_batch (municipality_code, file_name, format, size_bytes, sha256, status, received_on, started_at,
                                 imported_by, arrived_via, source_path, line_encoding)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8, $9, $10, $11) RETURNING id`,
      [
        this.municipality,
        batch.fileName,
        batch.format,
        batch.sizeBytes,
        batch.sha256,
        batch.status,
        batch.receivedOn,
        batch.importedBy,
        batch.arrivedVia,
        batch.sourcePath,
        batch.lineEncoding,
      ],
    );
    return row.id;
  }

  async closeBatch(q: QueryRunner, batchId: number, totals: BatchTotals): Promise<void> {
    await q.query(
      `UPDATE import_batch SET records = $2, accepted = $3, rejected = $4, controls = $5, control_issues = $6,
              warnings = $7, warning_count = $8, provider_code = $9, data_created_on = $10, finished_at = clock_timestamp()
        WHERE id = $1`,
      [
        batchId,
        totals.records,
        totals.accepted,
        totals.rejected,
        JSON.stringify(totals.controls),
        JSON.stringify(totals.controlIssues),
        JSON.stringify(totals.warnings),
        totals.warningCount,
        totals.providerCode,
        totals.dataCreatedOn,
      ],
    );
  }

  /** A segment of a file as it arrived, and the notes of its lines that have something to say. */
  async keepSegment(q: QueryRunner, batchId: number, segment: FileSegment, notes: readonly LineNote[]): Promise<void> {
    const { seq, lineNos, lineStarts, bytes } = segment;
    await q.query(
      `INSERT INTO import_segment (batch_id, seq, municipality_code, first_line, last_line, line_nos, line_starts, bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [batchId, seq, this.municipality, lineNos[0], lineNos[lineNos.length - 1], lineNos, lineStarts, bytes],
    );
    await bulkWrite(
      q,
      this.db.supportsCopy,
      'import_line_note',
      NOTE_COLUMNS,
      notes.map((n) => [batchId, n.lineNo, this.municipality, n.status, n.problems]),
    );
  }

  /** The kept segments of a batch after segment `after` (-1: from the first), up to `limit`, in order. */
  async keptSegments(q: QueryRunner, batchId: number, after: number, limit: number): Promise<FileSegment[]> {
    const rows: { seq: number; line_nos: number[]; line_starts: number[]; bytes: Buffer }[] = await q.query(
      `SELECT seq, line_nos, line_starts, bytes FROM import_segment WHERE batch_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [batchId, after, limit],
    );
    return rows.map((r) => ({ seq: r.seq, lineNos: r.line_nos, lineStarts: r.line_starts, bytes: r.bytes }));
  }

  /** The batch, locked for its review until the transaction ends. */
  async lockBatch(q: QueryRunner, batchId: number): Promise<StoredBatch | undefined> {
    const [batch]: StoredBatch[] = await q.query(
      `SELECT id, file_name, format, status, received_on, line_encoding, imported_by, records, accepted, rejected
         FROM import_batch WHERE id = $1 AND municipality_code = $2 FOR UPDATE`,
      [batchId, this.municipality],
    );
    return batch;
  }

  async recordReview(q: QueryRunner, batchId: number, status: 'imported' | 'rejected', reviewer: string, reason: string): Promise<void> {
    await q.query(`UPDATE import_batch SET status = $2, reviewed_by = $3, reviewed_at = now(), review_reason = $4 WHERE id = $1`, [
      batchId,
      status,
      reviewer,
      reason,
    ]);
  }

  /** The imported batches no matching run has covered yet, in order. */
  async awaitingMatch(): Promise<number[]> {
    const rows: { id: number }[] = await this.db.dataSource.query(
      `SELECT id FROM import_batch WHERE municipality_code = $1 AND status = 'imported' AND matched_at IS NULL ORDER BY id`,
      [this.municipality],
    );
    return rows.map((b) => b.id);
  }

  async markMatched(batchIds: number[]): Promise<void> {
    await this.db.dataSource.query(`UPDATE import_batch SET matched_at = now() WHERE id = ANY($1) AND matched_at IS NULL`, [batchIds]);
  }
}
