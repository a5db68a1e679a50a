import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every import batch names who brought it and by which way (issue #6, finding 1): `imported_by` is the
 * user of the API or UI, the OS user (or `--actor`) of the CLI, `batch` for the nightly inbox; `arrived_via`
 * is `api`, `cli` or `batch`; `source_path` the file's path in the inbox. Batches imported before this
 * migration take the actor of their audit row; the API then passed none (`system`), so those say `api`.
 */
export class RecordWhoBroughtEachImport1764831000000 implements MigrationInterface {
  name = 'RecordWhoBroughtEachImport1764831000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_batch
        ADD COLUMN imported_by text,
        ADD COLUMN arrived_via text CHECK (arrived_via IN ('api', 'cli', 'batch')),
        ADD COLUMN source_path text`);
    await q.query(`
      UPDATE import_batch b SET imported_by = a.actor
        FROM audit_log a
       WHERE a.action = 'import' AND a.entity = 'import_batch' AND a.entity_id = b.id::text`);
    await q.query(`
      UPDATE import_batch
         SET imported_by = coalesce(imported_by, 'system'),
             arrived_via = CASE coalesce(imported_by, 'system')
                             WHEN 'cli' THEN 'cli' WHEN 'batch' THEN 'batch' WHEN 'samples' THEN 'batch' ELSE 'api' END`);
    await q.query(`ALTER TABLE import_batch ALTER COLUMN imported_by SET NOT NULL, ALTER COLUMN arrived_via SET NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch DROP COLUMN source_path, DROP COLUMN arrived_via, DROP COLUMN imported_by`);
  }
}
