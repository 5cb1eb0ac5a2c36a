import { api, ApiError, unwrap } from '@/lib/api';

export type SheetLayout = 'single' | 'a4' | 'letter';

export interface BadgeFile {
  blob: Blob;
  filename: string;
}

function filenameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** One person's badge, drawn with the template that applies to them (recorded as printed). */
export async function fetchBadge(eventId: string, registrationId: string): Promise<BadgeFile> {
  const request = api.GET('/api/events/{eventId}/registrations/{registrationId}/badge.pdf', { params: { path: { eventId, registrationId } }, parseAs: 'blob' });
  const blob = (await unwrap(request)) as unknown as Blob;
  return { blob, filename: filenameOf((await request).response, 'badge.pdf') };
}

export interface BadgeJobProgress {
  progress: number;
  total: number;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    });
  });

/**
 * A selection's (or the whole event's) badges in one PDF. The server builds it in the background:
 * it answers 202 with the progress until the file is ready, then 200 with the PDF.
 */
export async function fetchBadges(
  eventId: string,
  options: { registrationIds?: string[]; layout?: SheetLayout; onProgress?: (progress: BadgeJobProgress) => void; signal?: AbortSignal },
): Promise<BadgeFile> {
  const query = { layout: options.layout ?? 'single', ...(options.registrationIds?.length ? { registrationIds: options.registrationIds.join(',') } : {}) };
  for (;;) {
    const result = await api.GET('/api/events/{eventId}/badges.pdf', { params: { path: { eventId }, query }, parseAs: 'blob', signal: options.signal }).catch((cause: unknown) => {
      throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : 'Network error');
    });
    if (result.response.status === 202) {
      const job = JSON.parse(await (result.data as unknown as Blob).text()) as BadgeJobProgress & { retryAfterSeconds: number };
      options.onProgress?.({ progress: job.progress, total: job.total });
      await wait(Math.min(5, Math.max(0.5, job.retryAfterSeconds)) * 1000, options.signal);
      continue;
    }
    const blob = (await unwrap(Promise.resolve(result))) as unknown as Blob;
    return { blob, filename: filenameOf(result.response, 'badges.pdf') };
  }
}
