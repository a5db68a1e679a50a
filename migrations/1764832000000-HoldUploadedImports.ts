import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 取込保留 (issue #6, finding 1): a file uploaded through the API is `held` — its lines kept, nothing
 * loaded, matched or counted — until a different person releases it (`imported`) or rejects it (`rejected`),
 * with a reason. The database refuses a review by the person who brought the file. A rejected batch does not
 * count as seen, so the uniqueness of a file's bytes holds among the other batches only. (`failed` goes: a
 * refused file writes nothing, so no batch ever had it.)
 */
export class HoldUploadedImports1764832000000 implements MigrationInterface {
  name = 'HoldUploadedImports1764832000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT import_batch_status_check`);
    await q.query(`ALTER TABLE import_batch ADD CONSTRAINT ck_import_batch_status CHECK (status IN ('imported', 'held', 'rejected'))`);
    await q.query(`
      ALTER TABLE import_batch
        ADD COLUMN reviewed_by text,
        ADD COLUMN reviewed_at timestamptz,
        ADD COLUMN review_reason text,
        ADD CONSTRAINT ck_import_batch_four_eyes CHECK (reviewed_by <> imported_by),
        ADD CONSTRAINT ck_import_batch_review CHECK (
          CASE status
            WHEN 'held' THEN reviewed_by IS NULL
            WHEN 'rejected' THEN reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL AND review_reason IS NOT NULL
            ELSE (reviewed_by IS NULL) = (reviewed_at IS NULL) AND (reviewed_by IS NULL) = (review_reason IS NULL)
          END)`);
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT uq_import_batch_sha256`);
    await q.query(`CREATE UNIQUE INDEX uq_import_batch_sha256 ON import_batch (municipality_code, sha256) WHERE status <> 'rejected'`);
    await q.query(`CREATE INDEX ix_import_batch_held ON import_batch (municipality_code, id) WHERE status = 'held'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_import_batch_held`);
    await q.query(`DROP INDEX uq_import_batch_sha256`);
    // Fails, as it should, while a rejected file and a later import of the same bytes both exist.
    await q.query(`ALTER TABLE import_batch ADD CONSTRAINT uq_import_batch_sha256 UNIQUE (municipality_code, sha256)`);
    await q.query(`
      ALTER TABLE import_batch
        DROP CONSTRAINT ck_import_batch_review,
        DROP CONSTRAINT ck_import_batch_four_eyes,
        DROP COLUMN review_reason,
        DROP COLUMN reviewed_at,
        DROP COLUMN reviewed_by`);
    await q.query(`ALTER TABLE import_batch DROP CONSTRAINT ck_import_batch_status`);
    // Before holds, a batch that was not imported could only be `failed`.
    await q.query(`UPDATE import_batch SET status = 'failed' WHERE status <> 'imported'`);
    await q.query(`ALTER TABLE import_batch ADD CONSTRAINT import_batch_status_check CHECK (status IN ('imported', 'failed'))`);
  }
}
