import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issue #12: a file's lines were kept one row each (import_line), a million rows and index entries for a
 * million-record file, about a quarter of the database's time in an import. Each file is now kept once, in
 * segments of about 1 MiB: the records' kept bytes back to back, with each record's line number and offset
 * (`import_segment`). Only lines with something to say — rejected, control, or carrying warnings — get a row of
 * their own (`import_line_note`). `import_line` stays readable, as a view with the same columns as the table.
 */
export class KeepEachFileOnceWithLineOffsets1765040000000 implements MigrationInterface {
  name = 'KeepEachFileOnceWithLineOffsets1765040000000';

  public async up(q: QueryRunner): Promise<void> {
    // Batches are append-only (1764600000000): like import_line before, no per-row key to the batch.
    await q.query(`
      CREATE TABLE import_segment (
        batch_id bigint NOT NULL,
        seq integer NOT NULL,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        first_line integer NOT NULL,
        last_line integer NOT NULL,
        line_nos integer[] NOT NULL,
        line_starts integer[] NOT NULL,
        bytes bytea NOT NULL,
        CONSTRAINT pk_import_segment PRIMARY KEY (batch_id, seq),
        CONSTRAINT ck_import_segment_lines CHECK (
          cardinality(line_nos) > 0 AND cardinality(line_nos) = cardinality(line_starts)
          AND first_line = line_nos[1] AND last_line = line_nos[cardinality(line_nos)])
      )`);
    // Stored uncompressed: writing skips a compression pass, and a page of lines reads only its slices.
    await q.query(`ALTER TABLE import_segment ALTER COLUMN bytes SET STORAGE EXTERNAL`);
    await q.query(`CREATE INDEX ix_import_segment_last_line ON import_segment (batch_id, last_line)`);
    await q.query(`
      CREATE TABLE import_line_note (
        batch_id bigint NOT NULL,
        line_no integer NOT NULL,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        status text NOT NULL CHECK (status IN ('accepted', 'rejected', 'control')),
        errors jsonb,
        CONSTRAINT pk_import_line_note PRIMARY KEY (batch_id, line_no)
      )`);
    await q.query(`CREATE INDEX ix_import_line_note_status ON import_line_note (batch_id, status, line_no)`);

    // Lines kept so far: 5,000 to a segment, in line order.
    await q.query(`
      INSERT INTO import_segment (batch_id, seq, municipality_code, first_line, last_line, line_nos, line_starts, bytes)
      SELECT batch_id, seq, min(municipality_code), min(line_no), max(line_no), array_agg(line_no ORDER BY line_no),
             array_agg(start ORDER BY line_no), string_agg(raw, ''::bytea ORDER BY line_no)
        FROM (SELECT batch_id, seq, municipality_code, line_no, raw,
                     (sum(length(raw)) OVER (PARTITION BY batch_id, seq ORDER BY line_no) - length(raw))::int AS start
                FROM (SELECT l.*, ((row_number() OVER (PARTITION BY batch_id ORDER BY line_no) - 1) / 5000)::int AS seq
                        FROM import_line l) numbered) placed
       GROUP BY batch_id, seq`);
    await q.query(`
      INSERT INTO import_line_note (batch_id, line_no, municipality_code, status, errors)
      SELECT batch_id, line_no, municipality_code, status, errors FROM import_line
       WHERE status <> 'accepted' OR errors IS NOT NULL`);
    await q.query(`DROP TABLE import_line`);
    await q.query(`
      CREATE VIEW import_line AS
      SELECT s.batch_id, l.line_no, s.municipality_code, coalesce(n.status, 'accepted') AS status,
             substring(s.bytes FROM l.start + 1 FOR coalesce(s.line_starts[l.i + 1], length(s.bytes)) - l.start) AS raw,
             n.errors
        FROM import_segment s
       CROSS JOIN LATERAL unnest(s.line_nos, s.line_starts) WITH ORDINALITY AS l (line_no, start, i)
        LEFT JOIN import_line_note n ON n.batch_id = s.batch_id AND n.line_no = l.line_no`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER VIEW import_line RENAME TO import_line_view`);
    await q.query(`
      CREATE TABLE import_line (
        batch_id bigint NOT NULL,
        line_no integer NOT NULL,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        status text NOT NULL CHECK (status IN ('accepted', 'rejected', 'control')),
        raw bytea NOT NULL,
        errors jsonb,
        CONSTRAINT pk_import_line PRIMARY KEY (batch_id, line_no)
      )`);
    await q.query(`INSERT INTO import_line SELECT batch_id, line_no, municipality_code, status, raw, errors FROM import_line_view`);
    await q.query(`CREATE INDEX ix_import_line_rejected ON import_line (batch_id) WHERE status = 'rejected'`);
    await q.query(`DROP VIEW import_line_view`);
    await q.query(`DROP TABLE import_line_note`);
    await q.query(`DROP TABLE import_segment`);
  }
}
