import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  userId?: string;
  orgId?: string;
}

/** Carries the request id (and who is calling) through every await, so each log line can name them. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
