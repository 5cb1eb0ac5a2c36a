import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../../infra/logging/request-context.js';

const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Reuses a sane incoming X-Request-Id (e.g. from nginx) or makes one, and echoes it back. */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction) {
  const incoming = request.header('x-request-id');
  const requestId = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId }, next);
}
