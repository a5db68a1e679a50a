import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 会計課's workflow on exceptions: assignment, comments, resolutions (each a new record; four-eyes
 * actions wait for a manager's approval), bill adjustments (分納 accepted, small differences written
 * off) and daily closes (日次締め).
 */
export class CreateExceptionWorkflow1764500000000 implements MigrationInterface {
  name = 'CreateExceptionWorkflow1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recon_exception ADD COLUMN assignee text`);

    await q.query(`
      CREATE TABLE exception_comment (
        id bigserial CONSTRAINT pk_exception_comment PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        exception_id bigint NOT NULL CONSTRAINT fk_exception_comment_exception REFERENCES recon_exception (id),
        author text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_exception_comment_exception ON exception_comment (exception_id)`);

    await q.query(`
      CREATE TABLE resolution (
        id bigserial CONSTRAINT pk_resolution PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        exception_id bigint NOT NULL CONSTRAINT fk_resolution_exception REFERENCES recon_exception (id),
        action text NOT NULL CHECK (action IN (
          'manual_match', 'undo_match', 'accept_installment', 'refund', 'apply_to_bill', 'write_off', 'dismiss'
        )),
        status text NOT NULL CHECK (status IN ('proposed', 'applied', 'rejected')),
        amount bigint NOT NULL DEFAULT 0,
        requires_approval boolean NOT NULL,
        target_bill_id bigint CONSTRAINT fk_resolution_target_bill REFERENCES bill (id),
        target_match_id bigint CONSTRAINT fk_resolution_target_match REFERENCES match (id),
        reason text NOT NULL,
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        decided_by text,
        decided_at timestamptz,
        decision_reason text,
        -- Four-eyes: an action that needs approval is never decided by the one who proposed it.
        CONSTRAINT ck_resolution_four_eyes CHECK (NOT requires_approval OR decided_by IS NULL OR decided_by <> proposed_by)
      )`);
    await q.query(`CREATE INDEX ix_resolution_exception ON resolution (exception_id)`);
    await q.query(`CREATE UNIQUE INDEX uq_resolution_pending ON resolution (exception_id) WHERE status = 'proposed'`);

    await q.query(`
      CREATE TABLE bill_adjustment (
        id bigserial CONSTRAINT pk_bill_adjustment PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        bill_id bigint NOT NULL CONSTRAINT fk_bill_adjustment_bill REFERENCES bill (id),
        kind text NOT NULL CHECK (kind IN ('write_off')),
        amount bigint NOT NULL CHECK (amount > 0),
        resolution_id bigint NOT NULL CONSTRAINT fk_bill_adjustment_resolution REFERENCES resolution (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE daily_close (
        id bigserial CONSTRAINT pk_daily_close PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        business_date date NOT NULL,
        action text NOT NULL CHECK (action IN ('close', 'reopen')),
        actor text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_daily_close_date ON daily_close (municipality_code, business_date, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE daily_close`);
    await q.query(`DROP TABLE bill_adjustment`);
    await q.query(`DROP TABLE resolution`);
    await q.query(`DROP TABLE exception_comment`);
    await q.query(`ALTER TABLE recon_exception DROP COLUMN assignee`);
  }
}
