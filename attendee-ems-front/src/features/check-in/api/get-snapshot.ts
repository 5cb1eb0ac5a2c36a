import { api, unwrap, type ApiResponse } from '@/lib/api';

export type Snapshot = ApiResponse<'/api/events/{eventId}/check-in/snapshot', 'get'>;
export type SnapshotPerson = Snapshot['registrations'][number];
export type Changes = ApiResponse<'/api/events/{eventId}/check-in/changes', 'get'>;

export const getSnapshot = (eventId: string) => unwrap(api.GET('/api/events/{eventId}/check-in/snapshot', { params: { path: { eventId } } }));

export const getChanges = (eventId: string, since: string, limit = 1000) =>
  unwrap(api.GET('/api/events/{eventId}/check-in/changes', { params: { path: { eventId }, query: { since, limit } } }));
