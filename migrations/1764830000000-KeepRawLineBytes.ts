import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every line of a file is kept as the bytes that arrived (formats.md "General rules"): `text` refused a
 * NUL byte and could not hold broken CP932, so such a file crashed the import. `import_line.raw` becomes
 * `bytea`; `import_batch.line_encoding` says how its lines are decoded for display (the file's own
 * encoding). Lines kept before this migration were decoded text: they become its UTF-8 bytes, and their
 * batches say `utf8`. `warning_count` keeps how many warnings a file had (the list is capped at 100).
 */
export class KeepRawLineBytes1764830000000 implements MigrationInterface {
  name = 'KeepRawLineBytes1764830000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_batch
        ADD COLUMN line_encoding text NOT NULL DEFAULT 'utf8' CHECK (line_encoding IN ('cp932', 'utf8'))`);
    await q.query(`ALTER TABLE import_batch ALTER COLUMN line_encoding DROP DEFAULT`);
    await q.query(`ALTER TABLE import_batch ADD COLUMN warning_count integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE import_batch SET warning_count = jsonb_array_length(warnings)`);
    await q.query(`ALTER TABLE import_line ALTER COLUMN raw TYPE bytea USING convert_to(raw, 'UTF8')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Text cannot hold every byte: a line that does not decode is kept in bytea's escape form.
    await q.query(`
      CREATE FUNCTION pg_temp.raw_line_text(raw bytea, line_encoding text) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN
        RETURN convert_from(raw, CASE line_encoding WHEN 'cp932' THEN 'SJIS' ELSE 'UTF8' END);
      EXCEPTION WHEN OTHERS THEN
        RETURN encode(raw, 'escape');
      END $$`);
    await q.query(`ALTER TABLE import_line ADD COLUMN raw_text text`);
    await q.query(`
      UPDATE import_line l SET raw_text = pg_temp.raw_line_text(l.raw, b.line_encoding)
        FROM import_batch b WHERE b.id = l.batch_id`);
    await q.query(`ALTER TABLE import_line DROP COLUMN raw`);
    await q.query(`ALTER TABLE import_line RENAME COLUMN raw_text TO raw`);
    await q.query(`ALTER TABLE import_line ALTER COLUMN raw SET NOT NULL`);
    await q.query(`DROP FUNCTION pg_temp.raw_line_text(bytea, text)`);
    await q.query(`ALTER TABLE import_batch DROP COLUMN warning_count`);
    await q.query(`ALTER TABLE import_batch DROP COLUMN line_encoding`);
  }
}
