import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Convergence (issue #7): `matched_at` is set by the matching run that covered an imported batch. A batch
 * imported but not yet matched (the process was killed in between) is pending, and the next import, batch
 * or match runs the match. Batches from before this migration are pending once: matching is repeatable,
 * so running it over them changes only what was left undone.
 */
export class TrackPendingMatches1764834000000 implements MigrationInterface {
  name = 'TrackPendingMatches1764834000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch ADD COLUMN matched_at timestamptz`);
    await q.query(`
      CREATE INDEX ix_import_batch_match_pending ON import_batch (municipality_code, id)
       WHERE status = 'imported' AND matched_at IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_import_batch_match_pending`);
    await q.query(`ALTER TABLE import_batch DROP COLUMN matched_at`);
  }
}
