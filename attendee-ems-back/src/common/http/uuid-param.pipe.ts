import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from '../errors/app-exception.js';
import { ErrorCode } from '../errors/error-codes.js';

/** Rejects a malformed id with 400 INVALID_ID before it reaches a query (where it would be a 500). */
export const uuidPipe = (name: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => AppException.badRequest(ErrorCode.INVALID_ID, `${name} must be a UUID.`, [{ field: name, code: 'isUuid', message: `${name} must be a UUID` }]),
  });

/** `@UuidParam('id') id: string` — a route parameter that must be a UUID. */
export const UuidParam = (name: string) => Param(name, uuidPipe(name));
