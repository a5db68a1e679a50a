import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A file as it arrived, kept once: its records' bytes back to back in segments of about 1 MiB (personal
 * data masked where the format says so), with each record's line number and offset in the segment. The
 * view `import_line` reads them as one row per line.
 */
@Entity({ name: 'import_segment' })
export class ImportSegment {
  @PrimaryColumn({ name: 'batch_id', type: 'bigint' })
  batchId: number;

  /** The segment's place in the file, from 0. */
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @Column({ name: 'first_line', type: 'integer' })
  firstLine: number;

  @Column({ name: 'last_line', type: 'integer' })
  lastLine: number;

  /** Each record's line number (a CSV record with a quoted line break spans two). */
  @Column({ name: 'line_nos', type: 'integer', array: true })
  lineNos: number[];

  /** Each record's first byte in `bytes`; it ends where the next begins. */
  @Column({ name: 'line_starts', type: 'integer', array: true })
  lineStarts: number[];

  @Column({ type: 'bytea' })
  bytes: Buffer;
}
