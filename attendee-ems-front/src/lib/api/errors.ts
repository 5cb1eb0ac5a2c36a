export interface ApiFieldError {
  field: string;
  code: string;
  message: string;
}

/** An error answered by the API (`{statusCode, code, message, errors?}`) or a failed request. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly fieldErrors: ApiFieldError[];

  constructor(statusCode: number, code: string, message: string, fieldErrors: ApiFieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  /** 5xx and network failures are announced by the client itself (a toast): screens need not repeat them. */
  get isAlreadyReported(): boolean {
    return this.statusCode === 0 || this.statusCode >= 500;
  }
}

export const NETWORK_ERROR_CODE = 'NETWORK_ERROR';

function isFieldError(value: unknown): value is ApiFieldError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.field === 'string' && typeof candidate.code === 'string';
}

export function toApiError(body: unknown, statusCode: number): ApiError {
  if (typeof body === 'object' && body !== null) {
    const payload = body as Record<string, unknown>;
    const code = typeof payload.code === 'string' ? payload.code : `HTTP_${statusCode}`;
    const message = typeof payload.message === 'string' ? payload.message : code;
    const fieldErrors = Array.isArray(payload.errors)
      ? payload.errors.filter(isFieldError).map((error) => ({ ...error, message: String(error.message ?? '') }))
      : [];
    return new ApiError(statusCode, code, message, fieldErrors);
  }
  return new ApiError(statusCode, `HTTP_${statusCode}`, `HTTP ${statusCode}`);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Turns an openapi-fetch result into its data, or throws an ApiError (204s resolve to undefined). */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    throw new ApiError(0, NETWORK_ERROR_CODE, cause instanceof Error ? cause.message : 'Network error');
  }
  if (!result.response.ok) throw toApiError(result.error, result.response.status);
  return result.data as T;
}
