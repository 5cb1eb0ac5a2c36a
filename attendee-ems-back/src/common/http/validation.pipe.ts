import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppException, type FieldError } from '../errors/app-exception.js';
import { ErrorCode } from '../errors/error-codes.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      code: code === 'whitelistValidation' ? 'unknownField' : code,
      message: code === 'whitelistValidation' ? `${field} is not an accepted field` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The one validation pipe: unknown fields rejected, values coerced to the DTO types, every failure listed per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => AppException.badRequest(ErrorCode.VALIDATION_FAILED, 'Some fields are invalid.', flatten(errors)),
  });
}
