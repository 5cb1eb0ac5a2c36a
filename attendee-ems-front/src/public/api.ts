import type { ApiResponse } from '@/lib/api/types';
import type { RegistrationResult, SendOutcome } from './form/form-state';

/** Plain fetch, no client library: the public bundle stays small. Types still come from the OpenAPI schema. */
export type PublicEvent = ApiResponse<'/api/public/events/{publicToken}', 'get'>;
export type PersonalPage = ApiResponse<'/api/public/registrations/{credential}', 'get'>;

export class LoadError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' } });
  } catch {
    throw new LoadError(0);
  }
  if (!response.ok) throw new LoadError(response.status);
  return (await response.json()) as T;
}

export const getPublicEvent = (publicToken: string) => getJson<PublicEvent>(`/api/public/events/${encodeURIComponent(publicToken)}`);

export const getPersonalPage = (credential: string) => getJson<PersonalPage>(`/api/public/registrations/${encodeURIComponent(credential)}`);

export const qrCodeUrl = (credential: string) => `/api/public/registrations/${encodeURIComponent(credential)}/qr.svg`;
export const calendarUrl = (credential: string) => `/api/public/registrations/${encodeURIComponent(credential)}/calendar.ics`;

export async function cancelRegistration(credential: string): Promise<boolean> {
  try {
    const response = await fetch(`/api/public/registrations/${encodeURIComponent(credential)}/cancel`, { method: 'POST' });
    return response.ok;
  } catch {
    return false;
  }
}

/** POSTs a registration and turns every answer the API can give into the form's next step. */
export async function register(publicToken: string, payload: Record<string, unknown>, idempotencyKey: string): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(`/api/public/events/${encodeURIComponent(publicToken)}/registrations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(payload),
    });
  } catch {
    return { type: 'networkError' };
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 201 || response.status === 200) return { type: 'registered', result: body as unknown as RegistrationResult };
  if (response.status === 429) return { type: 'rateLimited' };
  if (response.status === 400 && Array.isArray(body.errors)) {
    return {
      type: 'rejected',
      errors: (body.errors as { field?: unknown; message?: unknown }[]).map((error) => ({ field: String(error.field ?? ''), message: String(error.message ?? '') })),
    };
  }
  if (response.status === 409 && body.code === 'ALREADY_REGISTERED') return { type: 'alreadyRegistered', status: String(body.status ?? '') };
  if (response.status === 409 && body.code === 'EVENT_FULL') return body.scope === 'attendeeType' ? { type: 'typeFull' } : { type: 'full' };
  if ((response.status === 409 && body.code === 'REGISTRATION_CLOSED') || response.status === 404) return { type: 'closed' };
  // 5xx, or the same attempt still being processed: the visitor may resend it safely with the same key.
  return { type: 'networkError' };
}
