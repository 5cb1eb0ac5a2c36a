import { ApiError, NETWORK_ERROR_CODE, toApiError } from './errors';

interface BlobResult {
  data?: Blob;
  error?: unknown;
  response: Response;
}

/** `attachment; filename="registrations.csv"` → `registrations.csv`. */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  const match = header?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  if (!match?.[1]) return fallback;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Saves a file answered by an authenticated endpoint, requested through the API client
 * (`parseAs: 'blob'`: bearer token and 401 refresh, which a plain `<a href>` could not give).
 * Resolves to the file's name; an API error is thrown as `ApiError`.
 */
export async function saveDownload(request: Promise<BlobResult>, fallbackName: string): Promise<string> {
  let result: BlobResult;
  try {
    result = await request;
  } catch (cause) {
    throw new ApiError(0, NETWORK_ERROR_CODE, cause instanceof Error ? cause.message : 'Network error');
  }
  if (!result.response.ok || !result.data) throw toApiError(result.error, result.response.status);
  const filename = filenameFromDisposition(result.response.headers.get('Content-Disposition'), fallbackName);
  saveBlob(result.data, filename);
  return filename;
}
