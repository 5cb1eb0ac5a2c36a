import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-codes.js';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `admin.email`. */
  field: string;
  /** Machine-readable rule that failed, e.g. `isEmail`, `required`. */
  code: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode | string;
  message: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** The one exception type services throw. The global filter turns it into an ErrorBody. */
export class AppException extends HttpException {
  constructor(
    httpStatus: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** Extra fields clients may rely on, e.g. `{ retryAfterSeconds }` or the current registration state. */
    readonly details?: Record<string, unknown>,
  ) {
    super({ statusCode: httpStatus, code, message, ...(errors ? { errors } : {}), ...(details ?? {}) }, httpStatus);
  }

  static badRequest(code: ErrorCode, message: string, errors?: FieldError[]) {
    return new AppException(HttpStatus.BAD_REQUEST, code, message, errors);
  }
  static unauthorized(code: ErrorCode, message: string) {
    return new AppException(HttpStatus.UNAUTHORIZED, code, message);
  }
  static forbidden(code: ErrorCode = ErrorCode.FORBIDDEN, message = 'You are not allowed to do this.') {
    return new AppException(HttpStatus.FORBIDDEN, code, message);
  }
  static notFound(what = 'Resource', code: ErrorCode = ErrorCode.NOT_FOUND) {
    return new AppException(HttpStatus.NOT_FOUND, code, `${what} not found.`);
  }
  static conflict(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    return new AppException(HttpStatus.CONFLICT, code, message, undefined, details);
  }
}
