import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local users and their sessions. A password is kept only as an argon2id hash; a session token only
 * as the sha256 of the random token the client holds, so a copy of this table opens no session.
 * Sessions end when revoked (logout, account disabled), after `idle` without a request (checked
 * against last_seen_at with the configured idle time) or at expires_at (absolute).
 */
export class CreateUsersAndSessions1764400000000 implements MigrationInterface {
  name = 'CreateUsersAndSessions1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id bigserial CONSTRAINT pk_app_user PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        login_name text NOT NULL CHECK (login_name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('staff', 'manager', 'finance', 'auditor', 'admin')),
        password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_app_user_login UNIQUE (municipality_code, login_name)
      )`);

    await q.query(`
      CREATE TABLE user_session (
        id bigserial CONSTRAINT pk_user_session PRIMARY KEY,
        user_id bigint NOT NULL CONSTRAINT fk_user_session_user REFERENCES app_user (id),
        token_hash char(64) NOT NULL CONSTRAINT uq_user_session_token UNIQUE,
        kind text NOT NULL CHECK (kind IN ('cookie', 'bearer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT ck_user_session_expiry CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX ix_user_session_user ON user_session (user_id) WHERE revoked_at IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_session`);
    await q.query(`DROP TABLE app_user`);
  }
}
