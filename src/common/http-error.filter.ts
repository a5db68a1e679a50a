import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrorKind } from './domain-error';

function statusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
  }
}

/**
 * The one place errors become responses: a code, a message, a correlation id that also stands on the
 * log line. No stack trace ever reaches a client.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const correlationId = (request.headers['x-correlation-id'] as string | undefined) ?? randomUUID();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown> = {
      code: 'INTERNAL_ERROR',
      message: '内部エラーが発生しました / internal error',
    };
    if (error instanceof DomainError) {
      status = statusOf(error.kind);
      body = { code: error.code, message: error.message };
      if (error.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    } else if (error instanceof HttpException) {
      status = error.getStatus();
      const payload = error.getResponse();
      const message = typeof payload === 'object' && payload !== null ? (payload as { message?: unknown }).message : payload;
      body = { code: status === 400 ? 'VALIDATION_FAILED' : `HTTP_${status}`, message };
    }
    if (status >= 500) {
      this.logger.error(`${correlationId} ${request.method} ${request.url}: ${error instanceof Error ? error.stack : String(error)}`);
    } else {
      this.logger.warn(`${correlationId} ${request.method} ${request.url}: ${status} ${String(body.code)}`);
    }
    response.setHeader('x-correlation-id', correlationId);
    response.status(status).json({ statusCode: status, ...body, correlationId });
  }
}
