import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { AuthError, AuthErrorCode } from './auth.errors';
import { normalizeLoginName } from './auth.service';
import { assertStrongPassword, hashPassword } from './password';
import type { Role } from './roles';

export interface Assignee {
  loginName: string;
  displayName: string;
  role: Role;
}

export const LOGIN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

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

export interface NewUser {
  loginName: string;
  displayName?: string;
  role: Role;
  password: string;
}

export interface UserChange {
  role?: Role;
  disabled?: boolean;
  deputy?: boolean;
}

/** The demo accounts created with the samples (embedded database only), one or two per role. */
export const DEMO_USERS: { loginName: string; displayName: string; role: Role }[] = [
  { loginName: 'staff1', displayName: '会計課 職員1', role: 'staff' },
  { loginName: 'staff2', displayName: '会計課 職員2', role: 'staff' },
  { loginName: 'manager1', displayName: '会計課長', role: 'manager' },
  { loginName: 'finance1', displayName: '財政課 職員', role: 'finance' },
  { loginName: 'auditor1', displayName: '監査委員事務局 職員', role: 'auditor' },
  { loginName: 'admin1', displayName: 'システム管理者', role: 'admin' },
];

const COLUMNS = `id, login_name AS "loginName", display_name AS "displayName", role, disabled, deputy, created_at AS "createdAt"`;

/**
 * Roles that approve money (manager), manage users (admin) or upload files without hold (operator, a
 * service account): given through the API only when a second admin approves. Strings, so a role named
 * here before it exists costs nothing.
 */
export const ELEVATED_ROLES: ReadonlySet<string> = new Set(['manager', 'admin', 'operator']);

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

const REQUEST_COLUMNS = `id, kind, user_id AS "userId", login_name AS "loginName", display_name AS "displayName", role, status,
  requested_by AS "requestedBy", requested_at AS "requestedAt", decided_by AS "decidedBy", decided_at AS "decidedAt", reason`;

function checkedLoginName(input: string): string {
  const loginName = normalizeLoginName(input);
  if (!LOGIN_NAME.test(loginName)) {
    throw new AuthError(AuthErrorCode.InvalidLoginName, 'ログイン名は英小文字・数字・. _ - の64文字以内です / a login name is up to 64 of a-z 0-9 . _ -');
  }
  return loginName;
}

/**
 * Users: created, listed, given a role, disabled. Never deleted (the audit log names them). Every change
 * is audited. Through the API, a manager, admin or operator is made only when a second admin approves.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<UserView[]> {
    return this.db.dataSource.query(`SELECT ${COLUMNS} FROM app_user WHERE municipality_code = $1 ORDER BY id`, [this.config.MUNICIPALITY_CODE]);
  }

  /** Who may be given an exception (担当者): active staff and managers, without anything an admin alone may see. */
  assignees(): Promise<Assignee[]> {
    return this.db.dataSource.query(
      `SELECT login_name AS "loginName", display_name AS "displayName", role FROM app_user
        WHERE municipality_code = $1 AND NOT disabled AND role IN ('staff', 'manager') ORDER BY login_name`,
      [this.config.MUNICIPALITY_CODE],
    );
  }

  async count(): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE municipality_code = $1`, [this.config.MUNICIPALITY_CODE]);
    return n;
  }

  /** A user made at once: the CLI (shell access), the first-admin bootstrap, the demo accounts, and the API for other roles. */
  async create(input: NewUser, actor: string): Promise<UserView> {
    const loginName = checkedLoginName(input.loginName);
    assertStrongPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.inTransaction((runner) =>
      this.insertUser(runner, { loginName, displayName: input.displayName?.trim() || loginName, role: input.role, passwordHash }, actor));
  }

  async update(id: number, change: UserChange, actor: string): Promise<UserView> {
    return this.inTransaction((runner) => this.applyUpdate(runner, id, change, actor));
  }

  /** POST /api/users: a manager, admin or operator becomes a request for a second admin; any other role is made at once. */
  async createOrRequest(input: NewUser, actor: string): Promise<{ user: UserView } | { request: UserChangeRequestView }> {
    if (!ELEVATED_ROLES.has(input.role)) return { user: await this.create(input, actor) };
    const loginName = checkedLoginName(input.loginName);
    assertStrongPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.inTransaction(async (runner) => {
      const [taken]: { id: number }[] = await runner.query(
        `SELECT id FROM app_user WHERE municipality_code = $1 AND login_name = $2
          UNION ALL
         SELECT id FROM user_change_request
          WHERE municipality_code = $1 AND login_name = $2 AND status = 'pending' AND kind = 'create'`,
        [this.config.MUNICIPALITY_CODE, loginName],
      );
      if (taken) {
        throw new AuthError(AuthErrorCode.UserExists, `ログイン名 ${loginName} は使用中か申請中です / login name ${loginName} is taken or requested`);
      }
      return {
        request: await this.insertRequest(runner, {
          kind: 'create', userId: null, loginName, displayName: input.displayName?.trim() || loginName, role: input.role, passwordHash,
        }, actor),
      };
    });
  }

  /** PATCH /api/users/:id: giving a user the manager, admin or operator role becomes a request; anything else applies at once. */
  async updateOrRequest(id: number, change: UserChange, actor: string): Promise<{ user: UserView } | { request: UserChangeRequestView }> {
    const role = change.role;
    if (!role || !ELEVATED_ROLES.has(role)) return { user: await this.update(id, change, actor) };
    return this.inTransaction(async (runner) => {
      const before = await this.lockUser(runner, id);
      if (before.role === role) return { user: await this.applyUpdate(runner, id, change, actor) };
      if (change.disabled !== undefined) {
        throw new AuthError(AuthErrorCode.PromotionAlone, '権限の付与は単独で申請してください / send a promotion on its own, without other changes');
      }
      return {
        request: await this.insertRequest(runner, {
          kind: 'promote', userId: id, loginName: before.loginName, displayName: before.displayName, role, passwordHash: null,
        }, actor),
      };
    });
  }

  pendingRequests(): Promise<UserChangeRequestView[]> {
    return this.db.dataSource.query(
      `SELECT ${REQUEST_COLUMNS} FROM user_change_request WHERE municipality_code = $1 AND status = 'pending' ORDER BY id`,
      [this.config.MUNICIPALITY_CODE],
    );
  }

  /** A second admin approves (the user is made or promoted, in the approver's name) or rejects with a reason. */
  async decide(requestId: number, decision: 'approve' | 'reject', actor: string, reason?: string): Promise<UserView | null> {
    return this.inTransaction(async (runner) => {
      const [request]: (UserChangeRequestView & { passwordHash: string | null })[] = await runner.query(
        `SELECT ${REQUEST_COLUMNS}, password_hash AS "passwordHash" FROM user_change_request
          WHERE municipality_code = $1 AND id = $2 FOR UPDATE`,
        [this.config.MUNICIPALITY_CODE, requestId],
      );
      if (!request) throw new AuthError(AuthErrorCode.RequestNotFound, `申請 ${requestId} はありません / no request ${requestId}`);
      if (request.status !== 'pending') {
        throw new AuthError(AuthErrorCode.RequestDecided,
          `申請 ${requestId} は決定済みです (${request.status}) / request ${requestId} is already ${request.status}`);
      }
      if (request.requestedBy === actor) {
        throw new AuthError(AuthErrorCode.SelfApproval, '申請者は自分の申請を決定できません: 別の管理者が決定します / a second admin decides, not the requester');
      }
      const status = decision === 'approve' ? 'approved' : 'rejected';
      await runner.query(
        `UPDATE user_change_request SET status = $2, decided_by = $3, decided_at = now(), reason = $4, password_hash = NULL WHERE id = $1`,
        [requestId, status, actor, reason ?? null],
      );
      await this.audit.append(runner, {
        municipalityCode: this.config.MUNICIPALITY_CODE, actor, action: `user.change.${decision}`, entity: 'user_change_request',
        entityId: String(requestId), before: { status: 'pending' },
        after: { status, kind: request.kind, loginName: request.loginName, role: request.role },
        reason: reason ?? null,
      });
      if (decision === 'reject') return null;
      const approval = { requestId, requestedBy: request.requestedBy };
      if (request.kind === 'create') {
        return this.insertUser(runner, {
          loginName: request.loginName, displayName: request.displayName ?? request.loginName, role: request.role as Role,
          passwordHash: request.passwordHash!,
        }, actor, approval);
      }
      return this.applyUpdate(runner, request.userId!, { role: request.role as Role }, actor, approval);
    });
  }

  private async insertUser(
    runner: QueryRunner,
    user: { loginName: string; displayName: string; role: Role; passwordHash: string },
    actor: string,
    approval?: { requestId: number; requestedBy: string },
  ): Promise<UserView> {
    const [created]: UserView[] = await runner.query(
      `INSERT INTO app_user (municipality_code, login_name, display_name, role, password_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (municipality_code, login_name) DO NOTHING RETURNING ${COLUMNS}`,
      [this.config.MUNICIPALITY_CODE, user.loginName, user.displayName, user.role, user.passwordHash],
    );
    if (!created) {
      throw new AuthError(AuthErrorCode.UserExists, `ログイン名 ${user.loginName} は使用されています / login name ${user.loginName} is taken`);
    }
    await this.audit.append(runner, {
      municipalityCode: this.config.MUNICIPALITY_CODE, actor, action: 'user.create', entity: 'app_user', entityId: String(created.id),
      after: {
        loginName: created.loginName, displayName: created.displayName, role: created.role, disabled: created.disabled, ...approval,
      },
    });
    return created;
  }

  private async lockUser(runner: QueryRunner, id: number): Promise<UserView> {
    const [user]: UserView[] = await runner.query(
      `SELECT ${COLUMNS} FROM app_user WHERE municipality_code = $1 AND id = $2 FOR UPDATE`,
      [this.config.MUNICIPALITY_CODE, id],
    );
    if (!user) throw new AuthError(AuthErrorCode.UserNotFound, `ユーザー ${id} はありません / no user ${id}`);
    return user;
  }

  private async applyUpdate(
    runner: QueryRunner,
    id: number,
    change: UserChange,
    actor: string,
    approval?: { requestId: number; requestedBy: string },
  ): Promise<UserView> {
    const before = await this.lockUser(runner, id);
    const role = change.role ?? before.role;
    const disabled = change.disabled ?? before.disabled;
    if (change.deputy && role !== 'manager') {
      throw new AuthError(AuthErrorCode.DeputyNotManager, '代決者は課長（manager）の中から指名します / only a manager can be named deputy');
    }
    // The deputy is a manager's title: it goes with the role.
    const deputy = role === 'manager' && (change.deputy ?? before.deputy);
    if (role === before.role && disabled === before.disabled && deputy === before.deputy) return before;
    if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled)) {
      const admins: { id: number }[] = await runner.query(
        `SELECT id FROM app_user WHERE municipality_code = $1 AND role = 'admin' AND NOT disabled FOR UPDATE`,
        [this.config.MUNICIPALITY_CODE],
      );
      if (admins.every((a) => a.id === id)) {
        throw new AuthError(AuthErrorCode.LastAdmin, '有効な管理者が一人もいなくなります / this would leave no enabled admin');
      }
    }
    const [[after]]: [UserView[], number] = await runner.query(
      `UPDATE app_user SET role = $2, disabled = $3, deputy = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, role, disabled, deputy],
    );
    // A disabled user's sessions end now, not at their expiry.
    if (disabled) await runner.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    await this.audit.append(runner, {
      municipalityCode: this.config.MUNICIPALITY_CODE, actor, action: 'user.update', entity: 'app_user', entityId: String(id),
      before: { role: before.role, disabled: before.disabled, deputy: before.deputy }, after: { role, disabled, deputy, ...approval },
    });
    return after;
  }

  private async insertRequest(
    runner: QueryRunner,
    request: Pick<UserChangeRequestView, 'kind' | 'userId' | 'loginName' | 'displayName' | 'role'> & { passwordHash: string | null },
    actor: string,
  ): Promise<UserChangeRequestView> {
    const [created]: UserChangeRequestView[] = await runner.query(
      `INSERT INTO user_change_request (municipality_code, kind, user_id, login_name, display_name, role, password_hash, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REQUEST_COLUMNS}`,
      [
        this.config.MUNICIPALITY_CODE, request.kind, request.userId, request.loginName, request.displayName, request.role,
        request.passwordHash, actor,
      ],
    );
    await this.audit.append(runner, {
      municipalityCode: this.config.MUNICIPALITY_CODE, actor, action: 'user.change.request', entity: 'user_change_request',
      entityId: String(created.id), after: { kind: created.kind, userId: created.userId, loginName: created.loginName, role: created.role },
    });
    return created;
  }

  /** First start: with no user at all, `admin` from KESHIKOMI_ADMIN_PASSWORD. */
  async ensureFirstAdmin(password: string): Promise<UserView | null> {
    if ((await this.count()) > 0) return null;
    return this.create({ loginName: 'admin', displayName: '管理者', role: 'admin', password }, 'bootstrap');
  }

  /** The demo accounts that are missing; returns the login names created. */
  async ensureDemoUsers(password: string): Promise<string[]> {
    const existing = new Set((await this.list()).map((u) => u.loginName));
    const created: string[] = [];
    for (const demo of DEMO_USERS.filter((d) => !existing.has(d.loginName))) {
      await this.create({ ...demo, password }, 'samples');
      created.push(demo.loginName);
    }
    return created;
  }

  private async inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.db.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
