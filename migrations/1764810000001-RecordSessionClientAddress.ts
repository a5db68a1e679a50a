import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issue #6 finding 5. A session remembers the client address it logged in from. The per-name ceiling
 * on failed logins (against guessing spread over many addresses) does not apply at an address the name
 * logged in from recently, so nobody can lock an account out of the office it is used from.
 */
export class RecordSessionClientAddress1764810000001 implements MigrationInterface {
  name = 'RecordSessionClientAddress1764810000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_session ADD COLUMN client_address text`);
    await q.query(`CREATE INDEX ix_user_session_user_address ON user_session (user_id, client_address, created_at)
                     WHERE client_address IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_user_session_user_address`);
    await q.query(`ALTER TABLE user_session DROP COLUMN client_address`);
  }
}
