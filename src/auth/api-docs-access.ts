import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../common/http-protection';
import { AuthErrorCode } from './auth.errors';
import type { AuthService } from './auth.service';
import { credentialOf } from './session-token';

/** Paths of the OpenAPI document and its UI (served by Swagger, outside the controllers and their guard). */
export const API_DOCS_PATHS = ['/api/docs', '/api/docs-json'];

/**
 * The API documentation describes every endpoint and role: served to any logged-in user, or to anyone
 * when KESHIKOMI_PUBLIC_API_DOCS=true (a deployment that publishes it on purpose).
 */
export function apiDocsAccess(auth: AuthService, isPublic: boolean) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (isPublic) return next();
    const credential = credentialOf(req);
    const session = credential ? await auth.authenticate(credential.token, credential.kind) : null;
    if (session) return next();
    sendError(
      req,
      res,
      401,
      credential ? AuthErrorCode.SessionInvalid : AuthErrorCode.Unauthenticated,
      'ログインしてください: API 文書はログイン中の利用者に表示します / log in to read the API documentation',
    );
  };
}
