import { api, unwrap, type ApiResponse } from '@/lib/api';

export type UndoAnswer = ApiResponse<'/api/events/{eventId}/check-ins/{scanId}/undo', 'post'>;

export const postUndo = (eventId: string, scanId: string) =>
  unwrap(api.POST('/api/events/{eventId}/check-ins/{scanId}/undo', { params: { path: { eventId, scanId } } }));
