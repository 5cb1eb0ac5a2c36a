import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody, type ApiResponse } from '@/lib/api';

export type BulkStatus = 'approved' | 'refused' | 'cancelled';
export type BulkOperation = ApiResponse<'/api/events/{eventId}/registrations/bulk-operations/{operationId}', 'get'>;
export type BulkFilter = NonNullable<ApiRequestBody<'/api/events/{eventId}/registrations/bulk-operations', 'post'>['filter']>;
/** A selection (ids) or everything matching the list's filters. */
export type BulkTarget = { ids: string[] } | { filter: BulkFilter };

export interface BulkProgress {
  done: number;
  total: number;
  updated: number;
  skipped: number;
}

const POLL_MS = 700;

export const startBulkOperation = (eventId: string, status: BulkStatus, target: BulkTarget) =>
  unwrap(api.POST('/api/events/{eventId}/registrations/bulk-operations', { params: { path: { eventId } }, body: { status, ...target } }));

export const getBulkOperation = (eventId: string, operationId: string) =>
  unwrap(api.GET('/api/events/{eventId}/registrations/bulk-operations/{operationId}', { params: { path: { eventId, operationId } } }));

export function progressOf(operation: BulkOperation): BulkProgress {
  const skipped = Object.values(operation.skipped ?? {}).reduce((sum, count) => sum + count, 0);
  return { done: operation.done, total: operation.total, updated: operation.updated, skipped };
}

/**
 * Runs the change as a background operation on the server (the worker applies it with the same
 * rules as one change: capacity, emails, audit) and follows its progress until it ends.
 */
export async function runBulkOperation(eventId: string, status: BulkStatus, target: BulkTarget, onProgress: (progress: BulkProgress) => void, pollMs = POLL_MS) {
  let operation = await startBulkOperation(eventId, status, target);
  onProgress(progressOf(operation));
  while (operation.status === 'pending' || operation.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    operation = await getBulkOperation(eventId, operation.id);
    onProgress(progressOf(operation));
  }
  if (operation.status === 'failed') throw new Error(operation.error ?? 'The bulk operation failed');
  return progressOf(operation);
}

export function useBulkStatus(eventId: string, onProgress: (progress: BulkProgress) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ target, status }: { target: BulkTarget; status: BulkStatus }) => runBulkOperation(eventId, status, target, onProgress),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['events', eventId] }),
  });
}
