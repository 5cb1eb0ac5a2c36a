import { api } from '@/lib/api';
import { saveDownload } from '@/lib/api/file-download';

type FileGet = (
  path: string,
  init: { params?: { query?: Record<string, unknown> }; parseAs: 'blob' },
) => Promise<{ data?: Blob; error?: unknown; response: Response }>;

/**
 * Downloads a file answered by an authenticated endpoint (see saveDownload). The path is passed as a
 * string because file endpoints are described as binary and some are newer than the generated schema.
 */
export function downloadFile(path: string, query: Record<string, unknown>, fallbackName: string): Promise<string> {
  return saveDownload((api.GET as unknown as FileGet)(path, { params: { query }, parseAs: 'blob' }), fallbackName);
}
