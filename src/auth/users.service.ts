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

/** Users: created, listed, given a role, disabled. Never deleted (the audit log names them). Every change is audited. */
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

  async create(input: NewUser, actor: string): Promise<UserView> {
    const loginName = normalizeLoginName(input.loginName);
    if (!LOGIN_NAME.test(loginName)) {
      throw new AuthError(AuthErrorCode.InvalidLoginName, 'ログイン名は英小文字・数字・. _ - の64文字以内です / a login name is up to 64 of a-z 0-9 . _ -');
    }
    assertStrongPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.inTransaction(async (runner) => {
      const [user]: UserView[] = await runner.query(
        `INSERT INTO app_user (municipality_code, login_name, display_name, role, password_hash)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (municipality_code, login_name) DO NOTHING RETURNING ${COLUMNS}`,
        [this.config.MUNICIPALITY_CODE, loginName, input.displayName?.trim() || loginName, input.role, passwordHash],
      );
      if (!user) throw new AuthError(AuthErrorCode.UserExists, `ログイン名 ${loginName} は使用されています / login name ${loginName} is taken`);
      await this.audit.append(runner, {
        municipalityCode: this.config.MUNICIPALITY_CODE, actor, action: 'user.create', entity: 'app_user', entityId: String(user.id),
        after: { loginName: user.loginName, displayName: user.displayName, role: user.role, disabled: user.disabled },
      });
      return user;
    });
  }

  async update(id: number, change: UserChange, actor: string): Promise<UserView> {
    return this.inTransaction(async (runner) => {
      const [before]: UserView[] = await runner.query(
        `SELECT ${COLUMNS} FROM app_user WHERE municipality_code = $1 AND id = $2 FOR UPDATE`,
        [this.config.MUNICIPALITY_CODE, id],
      );
      if (!before) throw new AuthError(AuthErrorCode.UserNotFound, `ユーザー ${id} はありません / no user ${id}`);
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
        before: { role: before.role, disabled: before.disabled, deputy: before.deputy }, after: { role, disabled, deputy },
      });
      return after;
    });
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
