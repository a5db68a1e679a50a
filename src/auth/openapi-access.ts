import type { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import { BEARER_SECURITY, COOKIE_SECURITY, X_PUBLIC, X_ROLES } from './auth.decorators';
import { SESSION_COOKIE } from './session-token';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The two ways to present a session, as OpenAPI security schemes. */
export function withSessionSecurity(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', description: 'POST /api/auth/login でセットされる / set by POST /api/auth/login' },
      COOKIE_SECURITY,
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'POST /api/auth/login with {"token": true}' }, BEARER_SECURITY);
}

/** Writes each operation's access (from its `x-roles` / `x-public`) into its description, for people reading the docs. */
export function describeAccess(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as (typeof item)['get'] & Record<string, unknown>;
      if (!operation) continue;
      const roles = operation[X_ROLES] as string[] | undefined;
      const access = operation[X_PUBLIC]
        ? '認証不要 / no session needed.'
        : roles
          ? `権限 / roles: ${roles.map((r) => `\`${r}\``).join(', ')}.`
          : '権限未定義: 誰も呼べない / declares no roles: refused to everyone.';
      operation.description = operation.description ? `${operation.description}\n\n${access}` : access;
    }
  }
  return document;
}
