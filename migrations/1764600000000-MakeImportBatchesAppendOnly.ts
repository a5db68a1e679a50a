import { MigrationInterface, QueryRunner } from 'typeorm';

/** The high-volume rows that name the import batch they came from (one foreign-key check per row each). */
const BATCH_REFERENCES = [
  { table: 'import_line', column: 'batch_id', constraint: 'fk_import_line_batch' },
  { table: 'bill', column: 'batch_id', constraint: 'fk_bill_batch' },
  { table: 'bill_version', column: 'batch_id', constraint: 'fk_bill_version_batch' },
  { table: 'payment', column: 'first_batch_id', constraint: 'fk_payment_first_batch' },
  { table: 'payment', column: 'last_batch_id', constraint: 'fk_payment_last_batch' },
] as const;

/**
 * An import batch is the provenance of everything a file brought: it is never deleted nor renumbered,
 * and those rows take its id from the INSERT … RETURNING of the same transaction. This migration makes
 * that a rule of the database (a trigger refuses DELETE and a change of id on import_batch) and drops
 * the five per-row foreign-key checks on the batch columns of import_line, bill, bill_version and
 * payment, which cost about a fifth of a year's import and could not fail. Lower-volume references to
 * import_batch (exceptions, register rows, failed debits) keep their foreign keys.
 */
export class MakeImportBatchesAppendOnly1764600000000 implements MigrationInterface {
  name = 'MakeImportBatchesAppendOnly1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION import_batch_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'import_batch % は削除・番号変更できません / import batches are append-only', OLD.id
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_import_batch_append_only
        BEFORE DELETE OR UPDATE OF id ON import_batch
        FOR EACH ROW EXECUTE FUNCTION import_batch_append_only()`);
    await q.query(`
      CREATE TRIGGER tr_import_batch_no_truncate
        BEFORE TRUNCATE ON import_batch
        FOR EACH STATEMENT EXECUTE FUNCTION import_batch_append_only()`);
    for (const r of BATCH_REFERENCES) await q.query(`ALTER TABLE ${r.table} DROP CONSTRAINT ${r.constraint}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const r of BATCH_REFERENCES) {
      await q.query(`ALTER TABLE ${r.table} ADD CONSTRAINT ${r.constraint} FOREIGN KEY (${r.column}) REFERENCES import_batch (id)`);
    }
    await q.query(`DROP TRIGGER tr_import_batch_no_truncate ON import_batch`);
    await q.query(`DROP TRIGGER tr_import_batch_append_only ON import_batch`);
    await q.query(`DROP FUNCTION import_batch_append_only()`);
  }
}
