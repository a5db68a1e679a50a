import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorKind } from './domain-error';
import { correlationIdOf, sendError } from './http-protection';

/** PostgreSQL's answers to a value it cannot take (an id past bigint, a date that does not exist): the client's mistake. */
const CLIENT_VALUE_ERRORS = new Set(['22003', '22008', '22007', '22P02']);

function clientValueError(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
  return typeof code === 'string' && CLIENT_VALUE_ERRORS.has(code);
}

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
    const correlationId = correlationIdOf(request);
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown> = {
      code: 'INTERNAL_ERROR',
      message: '内部エラーが発生しました / internal error',
    };
    if (error instanceof DomainError) {
      status = statusOf(error.kind);
      body = { code: error.code, message: error.message };
    } else if (error instanceof HttpException) {
      status = error.getStatus();
      const payload = error.getResponse();
      const message = typeof payload === 'object' && payload !== null ? (payload as { message?: unknown }).message : payload;
      body = { code: status === 400 ? 'VALIDATION_FAILED' : `HTTP_${status}`, message };
    } else if (clientValueError(error)) {
      // A value no validator caught before SQL: still the client's, and still never a 500.
      status = HttpStatus.BAD_REQUEST;
      body = { code: 'VALUE_OUT_OF_RANGE', message: '値が範囲外か不正です / a value is out of range or malformed' };
    }
    // The path without its query: a query may name a 納付番号 or 宛名番号, and logs carry no personal data.
    if (status >= 500) {
      this.logger.error(`${correlationId} ${request.method} ${request.path}: ${error instanceof Error ? error.stack : String(error)}`);
    } else {
      this.logger.warn(
        `${correlationId} ${request.method} ${request.path}: ${status} ${String(body.code)}` +
          (body.code === 'VALUE_OUT_OF_RANGE' ? ` (${(error as Error).message})` : ''),
      );
    }
    if (error instanceof DomainError && error.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    sendError(request, response, status, String(body.code), body.message);
  }
}
