import { api, unwrap, type ApiResponse } from '@/lib/api';

export type SearchHit = ApiResponse<'/api/events/{eventId}/check-in/search', 'get'>[number];

export const searchRegistrations = (eventId: string, q: string, limit = 10) =>
  unwrap(api.GET('/api/events/{eventId}/check-in/search', { params: { path: { eventId }, query: { q, limit } } }));
