import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { ActiveSession } from './auth.service';
import { ROLES, Role, SessionUser } from './roles';

export const IS_PUBLIC = 'keshikomi:public';
export const ROLES_KEY = 'keshikomi:roles';
/** OpenAPI extensions naming who may call an operation, read back by the route-walking test. */
export const X_ROLES = 'x-roles';
export const X_PUBLIC = 'x-public';
export const COOKIE_SECURITY = 'session';
export const BEARER_SECURITY = 'bearer';

/** Answers without a session. Only GET /api/health and POST /api/auth/login are. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(X_PUBLIC, true));
}

/**
 * Who may call: on a controller (every handler) or a handler (overrides the controller's). The same
 * list drives the guard and the OpenAPI document (`x-roles`), so the document cannot claim other roles
 * than the guard enforces. An endpoint that declares none is refused to everyone.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (!roles.length || unknown.length) throw new Error(`@Roles needs known roles, got: ${roles.join(', ') || '(none)'}`);
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiExtension(X_ROLES, roles),
    ApiCookieAuth(COOKIE_SECURITY),
    ApiBearerAuth(BEARER_SECURITY),
    ApiUnauthorizedResponse({ description: 'ログインしていない / no valid session (AUTH_REQUIRED, AUTH_SESSION_INVALID)' }),
    ApiForbiddenResponse({ description: `権限がない / role not allowed (AUTH_FORBIDDEN): allowed ${roles.join(', ')}` }),
  );
}

export type SessionRequest = Request & { auth?: ActiveSession };

/** The calling user (`SessionUser`); undefined only on @Public() routes. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): SessionUser | undefined => ctx.switchToHttp().getRequest<SessionRequest>().auth?.user,
);

/** The calling session (for logout). */
export const CurrentSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ActiveSession | undefined => ctx.switchToHttp().getRequest<SessionRequest>().auth,
);
