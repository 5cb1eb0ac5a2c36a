import { ArgumentsHost, Catch, HttpException, HttpStatus, Inject, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppLogger } from '../../infra/logging/app-logger.js';
import { reportServerError } from '../../infra/monitoring/sentry.js';
import { AppException, type ErrorBody } from './app-exception.js';
import { ErrorCode } from './error-codes.js';

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** body-parser and friends signal client errors with `type`/`status` on a plain Error. */
interface HttpishError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  code?: string;
  message?: string;
}

/** Prisma errors carry a `code` like P2002; we only look at it, never at the class, so both client generations work. */
function fromPrismaError(error: HttpishError & { meta?: unknown }): ErrorBody | undefined {
  switch (error.code) {
    case 'P2002':
      return { statusCode: 409, code: ErrorCode.CONFLICT, message: 'This conflicts with an existing record.' };
    case 'P2025':
    case 'P2001':
      return { statusCode: 404, code: ErrorCode.NOT_FOUND, message: 'Resource not found.' };
    case 'P2003':
      return { statusCode: 409, code: ErrorCode.CONFLICT, message: 'This record is referenced by or refers to another one.' };
    case 'P2023':
      return { statusCode: 400, code: ErrorCode.INVALID_ID, message: 'Malformed identifier.' };
    default:
      return undefined;
  }
}

export function toErrorBody(exception: unknown): ErrorBody | undefined {
  if (exception instanceof AppException) return exception.getResponse() as ErrorBody;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string' ? response : typeof (response as { message?: unknown }).message === 'string' ? (response as { message: string }).message : exception.message;
    const code = status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(message) ? ErrorCode.ROUTE_NOT_FOUND : (STATUS_CODES[status] ?? ErrorCode.INTERNAL_ERROR);
    return { statusCode: status, code, message };
  }
  const error = exception as HttpishError;
  if (error && typeof error === 'object') {
    if (error.type === 'entity.too.large') return { statusCode: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is too large.' };
    if (error.type === 'entity.parse.failed') return { statusCode: 400, code: ErrorCode.MALFORMED_JSON, message: 'The request body is not valid JSON.' };
    if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported')
      return { statusCode: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Unsupported body encoding.' };
    const prisma = fromPrismaError(error);
    if (prisma) return prisma;
    const status = error.status ?? error.statusCode;
    if (status && status >= 400 && status < 500 && error.expose !== false) {
      return { statusCode: status, code: STATUS_CODES[status] ?? ErrorCode.VALIDATION_FAILED, message: error.message ?? 'Bad request.' };
    }
  }
  return undefined;
}

/** The one place errors become HTTP: `{statusCode, code, message, errors?}`; anything unknown is a logged bare 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(@Inject(AppLogger) private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    let body = toErrorBody(exception);
    if (!body) {
      this.logger.error('Unhandled error', { err: exception, method: request.method, path: request.originalUrl });
      body = { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.INTERNAL_ERROR, message: 'Something went wrong on our side.' };
    }
    if (body.statusCode >= 500) reportServerError(exception, { method: request.method, path: request.route?.path ?? 'unmatched', requestId: request.headers['x-request-id'] });
    if (body.statusCode === 429 && typeof body.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(body.retryAfterSeconds));
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}
