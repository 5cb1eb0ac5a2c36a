import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type Assignment = ApiResponse<'/api/events/{id}/assignments', 'get'>[number];

export const getAssignments = (eventId: string) => unwrap(api.GET('/api/events/{id}/assignments', { params: { path: { id: eventId } } }));

export const assignmentsQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: ['events', eventId, 'assignments'], queryFn: () => getAssignments(eventId) });

export const useAssignments = (eventId: string) => useQuery(assignmentsQueryOptions(eventId));
