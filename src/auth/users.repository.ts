import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { Role, SessionKind, SessionUser } from './roles';

export interface UserView {
  id: number;
  loginName: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** 代決者: the manager named as the 課長's deputy. */
  deputy: boolean;
  createdAt: Date;
}

/** A user as a login checks it. */
export interface LoginCandidate {
  id: number;
  loginName: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  /** The name logged in from this address within KNOWN_ADDRESS_DAYS. */
  knownAddress: boolean;
}

export interface Assignee {
  loginName: string;
  displayName: string;
  role: Role;
}

export interface UserChangeRequestView {
  id: number;
  kind: 'create' | 'promote';
  userId: number | null;
  loginName: string;
  displayName: string | null;
  role: Role;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

/** A request to make a user or give one an elevated role, as it is filed. */
export type NewUserChangeRequest = Pick<UserChangeRequestView, 'kind' | 'userId' | 'loginName' | 'displayName' | 'role'> & {
  passwordHash: string | null;
};

/** An address a name logged in from within this many days is its own: the per-name ceiling does not apply there. */
const KNOWN_ADDRESS_DAYS = 90;

const COLUMNS = `id, login_name AS "loginName", display_name AS "displayName", role, disabled, deputy, created_at AS "createdAt"`;
const REQUEST_COLUMNS = `id, kind, user_id AS "userId", login_name AS "loginName", display_name AS "displayName", role, status,
  requested_by AS "requestedBy", requested_at AS "requestedAt", decided_by AS "decidedBy", decided_at AS "decidedAt", reason`;

/**
 * The SQL of users (app_user), the requests a second admin decides (user_change_request) and sessions
 * (user_session). Statements that belong to a service's transaction take its query runner.
 */
@Injectable()
export class UsersRepository {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  private get municipality(): string {
    return this.config.MUNICIPALITY_CODE;
  }

  list(): Promise<UserView[]> {
    return this.db.dataSource.query(`SELECT ${COLUMNS} FROM app_user WHERE municipality_code = $1 ORDER BY id`, [this.municipality]);
  }

  assignees(): Promise<Assignee[]> {
    return this.db.dataSource.query(
      `SELECT login_name AS "loginName", display_name AS "displayName", role FROM app_user
        WHERE municipality_code = $1 AND NOT disabled AND role IN ('staff', 'manager') ORDER BY login_name`,
      [this.municipality],
    );
  }

  async count(): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE municipality_code = $1`,
      [this.municipality],
    );
    return n;
  }

  /** A new user, or undefined when the login name is taken. */
  async insert(
    q: QueryRunner,
    user: { loginName: string; displayName: string; role: Role; passwordHash: string },
  ): Promise<UserView | undefined> {
    const [created]: UserView[] = await q.query(
      `INSERT INTO app_user (municipality_code, login_name, display_name, role, password_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (municipality_code, login_name) DO NOTHING RETURNING ${COLUMNS}`,
      [this.municipality, user.loginName, user.displayName, user.role, user.passwordHash],
    );
    return created;
  }

  /** The user, locked until the transaction ends. */
  async lock(q: QueryRunner, id: number): Promise<UserView | undefined> {
    const [user]: UserView[] = await q.query(`SELECT ${COLUMNS} FROM app_user WHERE municipality_code = $1 AND id = $2 FOR UPDATE`, [
      this.municipality,
      id,
    ]);
    return user;
  }

  /** The ids of the enabled admins, locked until the transaction ends. */
  async lockEnabledAdmins(q: QueryRunner): Promise<number[]> {
    const admins: { id: number }[] = await q.query(
      `SELECT id FROM app_user WHERE municipality_code = $1 AND role = 'admin' AND NOT disabled FOR UPDATE`,
      [this.municipality],
    );
    return admins.map((a) => a.id);
  }

  async update(q: QueryRunner, id: number, change: { role: Role; disabled: boolean; deputy: boolean }): Promise<UserView> {
    // Through TypeORM, UPDATE … RETURNING answers [rows, affected].
    const [[after]]: [UserView[], number] = await q.query(
      `UPDATE app_user SET role = $2, disabled = $3, deputy = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, change.role, change.disabled, change.deputy],
    );
    return after;
  }

  async updatePasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.db.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  /** Whether a user has the login name, or a pending request would create one with it. */
  async nameTakenOrRequested(q: QueryRunner, loginName: string): Promise<boolean> {
    const taken: { id: number }[] = await q.query(
      `SELECT id FROM app_user WHERE municipality_code = $1 AND login_name = $2
        UNION ALL
       SELECT id FROM user_change_request
        WHERE municipality_code = $1 AND login_name = $2 AND status = 'pending' AND kind = 'create'`,
      [this.municipality, loginName],
    );
    return taken.length > 0;
  }

  async insertRequest(q: QueryRunner, request: NewUserChangeRequest, requestedBy: string): Promise<UserChangeRequestView> {
    const [created]: UserChangeRequestView[] = await q.query(
      `INSERT INTO user_change_request (municipality_code, kind, user_id, login_name, display_name, role, password_hash, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REQUEST_COLUMNS}`,
      [
        this.municipality,
        request.kind,
        request.userId,
        request.loginName,
        request.displayName,
        request.role,
        request.passwordHash,
        requestedBy,
      ],
    );
    return created;
  }

  pendingRequests(): Promise<UserChangeRequestView[]> {
    return this.db.dataSource.query(
      `SELECT ${REQUEST_COLUMNS} FROM user_change_request WHERE municipality_code = $1 AND status = 'pending' ORDER BY id`,
      [this.municipality],
    );
  }

  /** The request with its password hash, locked until the transaction ends. */
  async lockRequest(q: QueryRunner, id: number): Promise<(UserChangeRequestView & { passwordHash: string | null }) | undefined> {
    const [request]: (UserChangeRequestView & { passwordHash: string | null })[] = await q.query(
      `SELECT ${REQUEST_COLUMNS}, password_hash AS "passwordHash" FROM user_change_request
        WHERE municipality_code = $1 AND id = $2 FOR UPDATE`,
      [this.municipality, id],
    );
    return request;
  }

  /** Records the decision; the password hash a request carried is not kept past it. */
  async decideRequest(
    q: QueryRunner,
    id: number,
    status: 'approved' | 'rejected',
    decidedBy: string,
    reason: string | null,
  ): Promise<void> {
    await q.query(
      `UPDATE user_change_request SET status = $2, decided_by = $3, decided_at = now(), reason = $4, password_hash = NULL WHERE id = $1`,
      [id, status, decidedBy, reason],
    );
  }

  async loginCandidate(loginName: string, address: string): Promise<LoginCandidate | undefined> {
    const [user]: LoginCandidate[] = await this.db.dataSource.query(
      `SELECT u.id, u.login_name AS "loginName", u.display_name AS "displayName", u.role, u.password_hash AS "passwordHash",
              u.disabled,
              EXISTS (SELECT 1 FROM user_session s WHERE s.user_id = u.id AND s.client_address = $3
                         AND s.created_at > now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})) AS "knownAddress"
         FROM app_user u WHERE u.municipality_code = $1 AND u.login_name = $2`,
      [this.municipality, loginName, address],
    );
    return user;
  }

  /** A new session by its token's hash; expires by the database clock after `absoluteSeconds`. */
  async openSession(session: {
    userId: number;
    tokenHash: string;
    kind: SessionKind;
    absoluteSeconds: number;
    clientAddress: string | null;
  }): Promise<Date> {
    const [row]: { expiresAt: Date }[] = await this.db.dataSource.query(
      `INSERT INTO user_session (user_id, token_hash, kind, expires_at, client_address)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5) RETURNING expires_at AS "expiresAt"`,
      [session.userId, session.tokenHash, session.kind, session.absoluteSeconds, session.clientAddress],
    );
    return row.expiresAt;
  }

  /**
   * The live session of a token, its idle expiry slid, with its user read afresh; undefined for a revoked,
   * expired or idle session or a disabled user. One statement.
   */
  async touchSession(
    tokenHash: string,
    kind: SessionKind,
    idleSeconds: number,
  ): Promise<(SessionUser & { sessionId: number }) | undefined> {
    // Through TypeORM, UPDATE … RETURNING answers [rows, affected].
    const [rows]: [(SessionUser & { sessionId: number })[], number] = await this.db.dataSource.query(
      `UPDATE user_session s SET last_seen_at = now()
         FROM app_user u
        WHERE s.token_hash = $1 AND s.kind = $2 AND u.id = s.user_id
          AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $3)
          AND NOT u.disabled
       RETURNING s.id AS "sessionId", u.id, u.login_name AS "loginName", u.display_name AS "displayName", u.role`,
      [tokenHash, kind, idleSeconds],
    );
    return rows[0];
  }

  async revokeSession(sessionId: number): Promise<void> {
    await this.db.dataSource.query(`UPDATE user_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Ends every live session of a user now (a disabled user), not at its expiry. */
  async revokeSessionsOf(q: QueryRunner, userId: number): Promise<void> {
    await q.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
