import { api, unwrap, type ApiRequestBody, type ApiResponse } from '@/lib/api';

export type ScanRequest = ApiRequestBody<'/api/events/{eventId}/check-ins', 'post'>;
export type ScanAnswer = ApiResponse<'/api/events/{eventId}/check-ins', 'post'>;
export type ScanResult = ScanAnswer['result'];

/** One scan, online. The server is idempotent by scanId: sending it again replays the first answer. */
export const postScan = (eventId: string, body: ScanRequest) => unwrap(api.POST('/api/events/{eventId}/check-ins', { params: { path: { eventId } }, body }));
