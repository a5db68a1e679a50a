import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issue #6 finding 10. Creating a user with a role that approves money or manages users (manager,
 * admin), or giving an existing user such a role, through the API is a request a second admin
 * decides. The database refuses a decision by the requester; a pending request to create a user holds
 * the new password's argon2id hash only, and a decided request holds none.
 */
export class CreateUserChangeRequests1764810000002 implements MigrationInterface {
  name = 'CreateUserChangeRequests1764810000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_change_request (
        id bigserial CONSTRAINT pk_user_change_request PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        kind text NOT NULL CHECK (kind IN ('create', 'promote')),
        user_id bigint CONSTRAINT fk_user_change_request_user REFERENCES app_user (id),
        login_name text NOT NULL,
        display_name text,
        role text NOT NULL,
        password_hash text CHECK (password_hash LIKE '$argon2id$%'),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by text,
        decided_at timestamptz,
        reason text,
        CONSTRAINT ck_user_change_request_target CHECK ((kind = 'create') = (user_id IS NULL)),
        CONSTRAINT ck_user_change_request_password CHECK (status <> 'pending' OR (kind = 'create') = (password_hash IS NOT NULL)),
        CONSTRAINT ck_user_change_request_decision CHECK ((status = 'pending') = (decided_by IS NULL)),
        CONSTRAINT ck_user_change_request_four_eyes CHECK (decided_by <> requested_by)
      )`);
    await q.query(`CREATE INDEX ix_user_change_request_pending ON user_change_request (municipality_code, id) WHERE status = 'pending'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_change_request`);
  }
}
