import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { AuthError, AuthErrorCode } from './auth.errors';
import { normalizeLoginName } from './auth.service';
import { assertStrongPassword, hashPassword } from './password';
import type { Role } from './roles';
import { Assignee, NewUserChangeRequest, UserChangeRequestView, UsersRepository, UserView } from './users.repository';

export type { Assignee, UserChangeRequestView, UserView } from './users.repository';

export const LOGIN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

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

/**
 * Roles that approve money (manager), manage users (admin) or upload files without hold (operator, a
 * service account): given through the API only when a second admin approves. Strings, so a role named
 * here before it exists costs nothing.
 */
export const ELEVATED_ROLES: ReadonlySet<string> = new Set(['manager', 'admin', 'operator']);

function checkedLoginName(input: string): string {
  const loginName = normalizeLoginName(input);
  if (!LOGIN_NAME.test(loginName)) {
    throw new AuthError(
      AuthErrorCode.InvalidLoginName,
      'ログイン名は英小文字・数字・. _ - の64文字以内です / a login name is up to 64 of a-z 0-9 . _ -',
    );
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
    private readonly users: UsersRepository,
  ) {}

  list(): Promise<UserView[]> {
    return this.users.list();
  }

  /** Who may be given an exception (担当者): active staff and managers, without anything an admin alone may see. */
  assignees(): Promise<Assignee[]> {
    return this.users.assignees();
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** A user made at once: the CLI (shell access), the first-admin bootstrap, the demo accounts, and the API for other roles. */
  async create(input: NewUser, actor: string): Promise<UserView> {
    const loginName = checkedLoginName(input.loginName);
    assertStrongPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction((runner) =>
      this.insertUser(runner, { loginName, displayName: input.displayName?.trim() || loginName, role: input.role, passwordHash }, actor),
    );
  }

  async update(id: number, change: UserChange, actor: string): Promise<UserView> {
    return this.db.transaction((runner) => this.applyUpdate(runner, id, change, actor));
  }

  /** POST /api/users: a manager, admin or operator becomes a request for a second admin; any other role is made at once. */
  async createOrRequest(input: NewUser, actor: string): Promise<{ user: UserView } | { request: UserChangeRequestView }> {
    if (!ELEVATED_ROLES.has(input.role)) return { user: await this.create(input, actor) };
    const loginName = checkedLoginName(input.loginName);
    assertStrongPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (runner) => {
      if (await this.users.nameTakenOrRequested(runner, loginName)) {
        throw new AuthError(
          AuthErrorCode.UserExists,
          `ログイン名 ${loginName} は使用中か申請中です / login name ${loginName} is taken or requested`,
        );
      }
      return {
        request: await this.insertRequest(
          runner,
          {
            kind: 'create',
            userId: null,
            loginName,
            displayName: input.displayName?.trim() || loginName,
            role: input.role,
            passwordHash,
          },
          actor,
        ),
      };
    });
  }

  /** PATCH /api/users/:id: giving a user the manager, admin or operator role becomes a request; anything else applies at once. */
  async updateOrRequest(id: number, change: UserChange, actor: string): Promise<{ user: UserView } | { request: UserChangeRequestView }> {
    const role = change.role;
    if (!role || !ELEVATED_ROLES.has(role)) return { user: await this.update(id, change, actor) };
    return this.db.transaction(async (runner) => {
      const before = await this.lockUser(runner, id);
      if (before.role === role) return { user: await this.applyUpdate(runner, id, change, actor) };
      if (change.disabled !== undefined) {
        throw new AuthError(
          AuthErrorCode.PromotionAlone,
          '権限の付与は単独で申請してください / send a promotion on its own, without other changes',
        );
      }
      return {
        request: await this.insertRequest(
          runner,
          {
            kind: 'promote',
            userId: id,
            loginName: before.loginName,
            displayName: before.displayName,
            role,
            passwordHash: null,
          },
          actor,
        ),
      };
    });
  }

  pendingRequests(): Promise<UserChangeRequestView[]> {
    return this.users.pendingRequests();
  }

  /** A second admin approves (the user is made or promoted, in the approver's name) or rejects with a reason. */
  async decide(requestId: number, decision: 'approve' | 'reject', actor: string, reason?: string): Promise<UserView | null> {
    return this.db.transaction(async (runner) => {
      const request = await this.users.lockRequest(runner, requestId);
      if (!request) throw new AuthError(AuthErrorCode.RequestNotFound, `申請 ${requestId} はありません / no request ${requestId}`);
      if (request.status !== 'pending') {
        throw new AuthError(
          AuthErrorCode.RequestDecided,
          `申請 ${requestId} は決定済みです (${request.status}) / request ${requestId} is already ${request.status}`,
        );
      }
      if (request.requestedBy === actor) {
        throw new AuthError(
          AuthErrorCode.SelfApproval,
          '申請者は自分の申請を決定できません: 別の管理者が決定します / a second admin decides, not the requester',
        );
      }
      const status = decision === 'approve' ? 'approved' : 'rejected';
      await this.users.decideRequest(runner, requestId, status, actor, reason ?? null);
      await this.audit.append(runner, {
        municipalityCode: this.config.MUNICIPALITY_CODE,
        actor,
        action: `user.change.${decision}`,
        entity: 'user_change_request',
        entityId: String(requestId),
        before: { status: 'pending' },
        after: { status, kind: request.kind, loginName: request.loginName, role: request.role },
        reason: reason ?? null,
      });
      if (decision === 'reject') return null;
      const approval = { requestId, requestedBy: request.requestedBy };
      if (request.kind === 'create') {
        return this.insertUser(
          runner,
          {
            loginName: request.loginName,
            displayName: request.displayName ?? request.loginName,
            role: request.role as Role,
            passwordHash: request.passwordHash!,
          },
          actor,
          approval,
        );
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
    const created = await this.users.insert(runner, user);
    if (!created) {
      throw new AuthError(
        AuthErrorCode.UserExists,
        `ログイン名 ${user.loginName} は使用されています / login name ${user.loginName} is taken`,
      );
    }
    await this.audit.append(runner, {
      municipalityCode: this.config.MUNICIPALITY_CODE,
      actor,
      action: 'user.create',
      entity: 'app_user',
      entityId: String(created.id),
      after: {
        loginName: created.loginName,
        displayName: created.displayName,
        role: created.role,
        disabled: created.disabled,
        ...approval,
      },
    });
    return created;
  }

  private async lockUser(runner: QueryRunner, id: number): Promise<UserView> {
    const user = await this.users.lock(runner, id);
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
      if ((await this.users.lockEnabledAdmins(runner)).every((admin) => admin === id)) {
        throw new AuthError(AuthErrorCode.LastAdmin, '有効な管理者が一人もいなくなります / this would leave no enabled admin');
      }
    }
    const after = await this.users.update(runner, id, { role, disabled, deputy });
    // A disabled user's sessions end now, not at their expiry.
    if (disabled) await this.users.revokeSessionsOf(runner, id);
    await this.audit.append(runner, {
      municipalityCode: this.config.MUNICIPALITY_CODE,
      actor,
      action: 'user.update',
      entity: 'app_user',
      entityId: String(id),
      before: { role: before.role, disabled: before.disabled, deputy: before.deputy },
      after: { role, disabled, deputy, ...approval },
    });
    return after;
  }

  private async insertRequest(runner: QueryRunner, request: NewUserChangeRequest, actor: string): Promise<UserChangeRequestView> {
    const created = await this.users.insertRequest(runner, request, actor);
    await this.audit.append(runner, {
      municipalityCode: this.config.MUNICIPALITY_CODE,
      actor,
      action: 'user.change.request',
      entity: 'user_change_request',
      entityId: String(created.id),
      after: { kind: created.kind, userId: created.userId, loginName: created.loginName, role: created.role },
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
}
