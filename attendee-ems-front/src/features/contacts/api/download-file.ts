import { api } from '@/lib/api';
import { ApiError, NETWORK_ERROR_CODE, toApiError } from '@/lib/api/errors';

type FileGet = (
  path: string,
  init: { params?: { query?: Record<string, unknown> }; parseAs: 'blob' },
) => Promise<{ data?: Blob; error?: unknown; response: Response }>;

/** `attachment; filename="contacts.csv"` → `contacts.csv`. */
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
 * Downloads a file answered by an authenticated endpoint. It goes through the API client (bearer token,
 * 401 refresh), which a plain `<a href>` could not do. The path is passed as a string because file
 * endpoints are described as binary and some are newer than the generated schema.
 */
export async function downloadFile(path: string, query: Record<string, unknown>, fallbackName: string): Promise<string> {
  let result: Awaited<ReturnType<FileGet>>;
  try {
    result = await (api.GET as unknown as FileGet)(path, { params: { query }, parseAs: 'blob' });
  } catch (cause) {
    throw new ApiError(0, NETWORK_ERROR_CODE, cause instanceof Error ? cause.message : 'Network error');
  }
  if (!result.response.ok || !result.data) throw toApiError(result.error, result.response.status);
  const filename = filenameFromDisposition(result.response.headers.get('Content-Disposition'), fallbackName);
  saveBlob(result.data, filename);
  return filename;
}
