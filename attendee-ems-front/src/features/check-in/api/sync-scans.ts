import { api, unwrap, type ApiRequestBody, type ApiResponse } from '@/lib/api';

export type SyncRequest = ApiRequestBody<'/api/events/{eventId}/check-ins/sync', 'post'>;
export type SyncAnswer = ApiResponse<'/api/events/{eventId}/check-ins/sync', 'post'>;

/** The server accepts up to 5,000 scans per batch; smaller batches keep each request short on a weak network. */
export const SYNC_BATCH_SIZE = 500;

export const postSync = (eventId: string, body: SyncRequest) => unwrap(api.POST('/api/events/{eventId}/check-ins/sync', { params: { path: { eventId } }, body }));
