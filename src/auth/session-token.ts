import type { CookieOptions, Request } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import type { SessionKind } from './roles';

export const SESSION_COOKIE = 'keshikomi_session';

/** 256 random bits; the client holds the token, the database only its sha256. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The credential a request carries: an `Authorization: Bearer` header wins over the cookie. */
export function credentialOf(req: Request): { token: string; kind: SessionKind } | null {
  const header = req.headers.authorization;
  if (header) {
    const bearer = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header);
    return bearer ? { token: bearer[1], kind: 'bearer' } : null;
  }
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie ? { token: cookie, kind: 'cookie' } : null;
}

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure over https. */
export function sessionCookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}
