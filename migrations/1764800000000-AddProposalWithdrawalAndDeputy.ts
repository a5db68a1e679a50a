import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #6, findings 1 and 2. A proposal waiting for approval can be withdrawn (取下げ) by its proposer
 * or a manager: status `withdrawn`, decided_by naming who withdrew it. The four-eyes rule of the
 * database now speaks of what takes effect: an applied resolution that needed approval names a decider
 * other than its proposer. A manager account may be the named deputy (代決者) of the 課長; each decision
 * keeps whether a deputy made it (代決), so a later change of the flag does not rewrite history.
 */
export class AddProposalWithdrawalAndDeputy1764800000000 implements MigrationInterface {
  name = 'AddProposalWithdrawalAndDeputy1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE resolution DROP CONSTRAINT resolution_status_check`);
    await q.query(`
      ALTER TABLE resolution ADD CONSTRAINT ck_resolution_status CHECK (status IN ('proposed', 'applied', 'rejected', 'withdrawn'))`);
    await q.query(`ALTER TABLE resolution DROP CONSTRAINT ck_resolution_four_eyes`);
    await q.query(`
      ALTER TABLE resolution ADD CONSTRAINT ck_resolution_four_eyes
        CHECK (status <> 'applied' OR NOT requires_approval OR (decided_by IS NOT NULL AND decided_by <> proposed_by))`);
    await q.query(`ALTER TABLE resolution ADD COLUMN decided_by_deputy boolean NOT NULL DEFAULT false`);

    await q.query(`ALTER TABLE app_user ADD COLUMN deputy boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT ck_app_user_deputy CHECK (NOT deputy OR role = 'manager')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_deputy`);
    await q.query(`ALTER TABLE app_user DROP COLUMN deputy`);

    await q.query(`ALTER TABLE resolution DROP COLUMN decided_by_deputy`);
    await q.query(`ALTER TABLE resolution DROP CONSTRAINT ck_resolution_four_eyes`);
    // Before withdrawal existed, a proposal that did not take effect was rejected, never by its proposer.
    await q.query(`
      UPDATE resolution SET status = 'rejected', decided_by = CASE WHEN decided_by = proposed_by THEN NULL ELSE decided_by END
       WHERE status = 'withdrawn'`);
    await q.query(`
      ALTER TABLE resolution ADD CONSTRAINT ck_resolution_four_eyes
        CHECK (NOT requires_approval OR decided_by IS NULL OR decided_by <> proposed_by)`);
    await q.query(`ALTER TABLE resolution DROP CONSTRAINT ck_resolution_status`);
    await q.query(`ALTER TABLE resolution ADD CONSTRAINT resolution_status_check CHECK (status IN ('proposed', 'applied', 'rejected'))`);
  }
}
