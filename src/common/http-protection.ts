import { json, type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { randomUUID } from 'node:crypto';

/**
 * Express-level protections that run before routing, shared by main.ts and the tests through
 * http-app.ts: a checked correlation id, same-origin and JSON-only requests that change something,
 * and JSON bodies with a size limit (measured after gzip is undone) that answer 413/400, not 500.
 */

/** A correlation id a client may choose (a batch job's run id): anything else is replaced. */
export const CORRELATION_ID = /^[A-Za-z0-9-]{1,64}$/;
export const JSON_BODY_LIMIT = '1mb';
/** Where a file may be posted as multipart/form-data (the 取込 upload); everything else takes JSON. */
export const MULTIPART_ROUTES: { method: string; path: RegExp }[] = [{ method: 'POST', path: /^\/api\/imports\/?$/ }];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type TracedRequest = Request & { correlationId?: string };

export function correlationIdOf(req: Request): string {
  const traced = req as TracedRequest;
  if (!traced.correlationId) {
    const given = req.headers['x-correlation-id'];
    traced.correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
  }
  return traced.correlationId;
}

/** The error shape of every response the API refuses: {statusCode, code, message, correlationId}. */
export function sendError(req: Request, res: Response, statusCode: number, code: string, message: unknown): void {
  const correlationId = correlationIdOf(req);
  res.setHeader('x-correlation-id', correlationId);
  res.status(statusCode).json({ statusCode, code, message, correlationId });
}

export function correlationId(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('x-correlation-id', correlationIdOf(req));
    next();
  };
}

function ownOrigin(req: Request): string | null {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return null;
  }
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A request that changes something must come from this service's own pages: a browser names the page's
 * origin (Origin) and whether it is this site (Sec-Fetch-Site), and either one pointing elsewhere is
 * refused. A client that sends neither is not a browser (a script with a bearer token), so no other
 * site can make a user's browser send it. Its body is JSON, or multipart on the upload route: the
 * form encodings a foreign page can post without asking are refused outright.
 */
export function sameOriginJsonOnly(): RequestHandler {
  return (req, res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    let foreign = site !== undefined && site !== 'same-origin';
    if (!foreign && origin !== undefined) {
      try {
        foreign = new URL(origin).origin !== ownOrigin(req);
      } catch {
        foreign = true; // `null` (a sandboxed page, a redirect) or garbage
      }
    }
    if (foreign) {
      return sendError(
        req,
        res,
        403,
        'CROSS_SITE_REFUSED',
        '他のサイトからの操作は受け付けません / requests from another site are refused',
      );
    }
    if (hasBody(req) && !req.is('application/json')) {
      const multipart = MULTIPART_ROUTES.some((r) => r.method === req.method && r.path.test(req.path)) && req.is('multipart/form-data');
      if (!multipart) {
        return sendError(
          req,
          res,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'body: JSON (application/json) で送ってください。ファイルは multipart/form-data / send JSON (application/json); files as multipart/form-data',
        );
      }
    }
    next();
  };
}

/** JSON bodies up to JSON_BODY_LIMIT, counted after gzip or deflate is undone (a small bomb is still too large). */
export function jsonBody(): (RequestHandler | ErrorRequestHandler)[] {
  const bodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) => {
    switch (error.type) {
      case 'entity.too.large':
        return sendError(
          req,
          res,
          413,
          'PAYLOAD_TOO_LARGE',
          `body: ${JSON_BODY_LIMIT} を超えています / the request body is larger than ${JSON_BODY_LIMIT}`,
        );
      case 'entity.parse.failed':
        return sendError(req, res, 400, 'MALFORMED_BODY', 'body: JSON として読めません / the request body is not valid JSON');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendError(req, res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'body: この符号化は扱えません / unsupported body encoding');
      default:
        // Anything else body-parser refuses (a cut-off body, broken gzip) is the client's too.
        if (error.status !== undefined && error.status >= 400 && error.status < 500) {
          return sendError(
            req,
            res,
            400,
            'MALFORMED_BODY',
            'body: 読めません（途中で切れているか圧縮が壊れています） / the request body is incomplete or its compression broken',
          );
        }
        return next(error);
    }
  };
  return [json({ limit: JSON_BODY_LIMIT, type: 'application/json' }), bodyErrors];
}
