import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { IS_PUBLIC, ROLES_KEY, SessionRequest } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.errors';
import { AuthService } from './auth.service';
import type { Role } from './roles';
import { SESSION_COOKIE, credentialOf, sessionCookieOptions } from './session-token';

/**
 * Registered globally (APP_GUARD): every route needs a live session and one of its declared roles,
 * unless marked @Public(). Runs before interceptors and pipes, so an anonymous upload is refused
 * before its body is read and an anonymous request never reaches validation.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<SessionRequest>();
    const credential = credentialOf(req);
    if (!credential) throw new AuthError(AuthErrorCode.Unauthenticated, 'ログインしてください / login required');
    const session = await this.auth.authenticate(credential.token, credential.kind);
    if (!session) {
      if (credential.kind === 'cookie')
        context.switchToHttp().getResponse<Response>().clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
      throw new AuthError(
        AuthErrorCode.SessionInvalid,
        'セッションが無効か期限切れです。再度ログインしてください / session expired or invalid: log in again',
      );
    }
    req.auth = session;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles)
      throw new AuthError(AuthErrorCode.RolesUndeclared, 'この操作には権限が定義されていません / this endpoint declares no roles');
    if (!roles.includes(session.user.role)) {
      throw new AuthError(
        AuthErrorCode.Forbidden,
        `この操作の権限がありません（${roles.join(', ')}） / your role may not do this (allowed: ${roles.join(', ')})`,
      );
    }
    return true;
  }
}
