import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuthError, AuthErrorCode } from './auth.errors';
import { LoginThrottle } from './login-throttle';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';
import type { SessionKind, SessionUser } from './roles';
import { newToken, tokenHash } from './session-token';
import { UsersRepository } from './users.repository';

export interface LoginResult {
  user: SessionUser;
  token: string;
  kind: SessionKind;
  expiresAt: Date;
}

/** A request's session, as the guard attaches it. */
export interface ActiveSession {
  sessionId: number;
  kind: SessionKind;
  user: SessionUser;
}

export function normalizeLoginName(loginName: string): string {
  return loginName.trim().toLowerCase();
}

/** Login, session lookup and logout. Expiry is decided by the database clock alone. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
  ) {
    this.throttle = new LoginThrottle({
      maxPerNameAndAddress: config.KESHIKOMI_LOGIN_MAX_FAILURES,
      maxPerAddress: config.KESHIKOMI_LOGIN_MAX_FAILURES_PER_IP,
      maxPerName: config.KESHIKOMI_LOGIN_MAX_FAILURES_PER_NAME,
      windowMs: config.KESHIKOMI_LOGIN_WINDOW_SECONDS * 1000,
    });
  }

  async login(loginName: string, password: string, options: { address: string; kind: SessionKind }): Promise<LoginResult> {
    const name = normalizeLoginName(loginName);
    // A cheap refusal before any work; the real count is taken below, before the hash is awaited.
    const blockedMs = this.throttle.blockedFor(name, options.address);
    if (blockedMs > 0) throw this.rateLimited(blockedMs);
    const user = await this.users.loginCandidate(name, options.address);
    const { attempt, retryAfterMs } = this.throttle.reserve(name, options.address, user?.knownAddress ?? false);
    if (!attempt) throw this.rateLimited(retryAfterMs);
    let valid: boolean;
    try {
      // An unknown name costs one argon2 verification too, so timing does not tell which names exist.
      valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    } catch (error) {
      attempt.abandoned();
      throw error;
    }
    if (!user || !valid) {
      attempt.failed();
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'ログイン名またはパスワードが違います / wrong login name or password');
    }
    attempt.succeeded();
    if (user.disabled) {
      throw new AuthError(AuthErrorCode.AccountDisabled, 'このアカウントは無効です / this account is disabled');
    }
    if (needsRehash(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, await hashPassword(password));
    }
    const session = await this.openSession(user.id, options.kind, options.address);
    return { user: toSessionUser(user), kind: options.kind, ...session };
  }

  private rateLimited(blockedMs: number): AuthError {
    const minutes = Math.ceil(blockedMs / 60_000);
    this.logger.warn('login refused: too many failed attempts');
    return new AuthError(
      AuthErrorCode.RateLimited,
      `ログインの失敗が続いたため制限中です。${minutes}分後に再度お試しください / too many failed logins: try again in ${minutes} minute(s)`,
      Math.ceil(blockedMs / 1000),
    );
  }

  /** A new session for a user (login, or scripts and tests that already hold the user). */
  async openSession(userId: number, kind: SessionKind, clientAddress: string | null = null): Promise<{ token: string; expiresAt: Date }> {
    const { token, hash } = newToken();
    const expiresAt = await this.users.openSession({
      userId,
      tokenHash: hash,
      kind,
      absoluteSeconds: this.config.KESHIKOMI_SESSION_ABSOLUTE_SECONDS,
      clientAddress,
    });
    return { token, expiresAt };
  }

  /**
   * The session a token opens, sliding its idle expiry, or null. One statement: a revoked, expired or
   * idle session, or one whose user was disabled, matches nothing. The role is read afresh every
   * time, so a role change applies at the next request.
   */
  async authenticate(token: string, kind: SessionKind): Promise<ActiveSession | null> {
    const row = await this.users.touchSession(tokenHash(token), kind, this.config.KESHIKOMI_SESSION_IDLE_SECONDS);
    if (!row) return null;
    const { sessionId, ...user } = row;
    return { sessionId, kind, user: toSessionUser(user) };
  }

  async logout(sessionId: number): Promise<void> {
    await this.users.revokeSession(sessionId);
  }
}

/** Only what a handler may see of a user row (never its password hash). */
export function toSessionUser(row: SessionUser): SessionUser {
  return { id: row.id, loginName: row.loginName, displayName: row.displayName, role: row.role };
}
