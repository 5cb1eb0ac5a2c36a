import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export type BulkStatus = 'approved' | 'refused' | 'cancelled';
export interface BulkProgress {
  done: number;
  total: number;
  updated: number;
  skipped: number;
}

export const bulkStatus = (eventId: string, ids: string[], status: BulkStatus) =>
  unwrap(api.POST('/api/events/{eventId}/registrations/bulk-status', { params: { path: { eventId } }, body: { ids, status } }));

const BATCH = 200;

/** Sends the selection in batches so the organiser sees progress on large selections. */
export async function bulkStatusInBatches(eventId: string, ids: string[], status: BulkStatus, onProgress: (progress: BulkProgress) => void) {
  const progress: BulkProgress = { done: 0, total: ids.length, updated: 0, skipped: 0 };
  onProgress({ ...progress });
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const result = await bulkStatus(eventId, batch, status);
    progress.done += batch.length;
    progress.updated += result.updated;
    progress.skipped += result.skipped.length;
    onProgress({ ...progress });
  }
  return progress;
}

export function useBulkStatus(eventId: string, onProgress: (progress: BulkProgress) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, status }: { ids: string[]; status: BulkStatus }) => bulkStatusInBatches(eventId, ids, status, onProgress),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['events', eventId] }),
  });
}
