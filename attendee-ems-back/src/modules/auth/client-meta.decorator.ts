import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ClientMeta } from './session.service.js';

/** The caller's IP (as resolved through TRUST_PROXY) and user agent, for throttling and session records. */
export const CurrentClient = createParamDecorator((_: unknown, context: ExecutionContext): ClientMeta => {
  const request = context.switchToHttp().getRequest<Request>();
  return { ip: request.ip, userAgent: request.header('user-agent') };
});
