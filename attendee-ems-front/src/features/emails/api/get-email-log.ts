import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type EmailLogPage = ApiResponse<'/api/events/{eventId}/emails', 'get'>;
export type EmailLogEntry = EmailLogPage['items'][number];
export type EmailStatus = EmailLogEntry['status'];
export type EmailLogQuery = { page?: number; pageSize?: number; status?: EmailStatus; template?: string };

export const EMAIL_STATUSES: readonly EmailStatus[] = ['pending', 'sending', 'sent', 'failed'];

export const getEmailLog = (eventId: string, query: EmailLogQuery) =>
  unwrap(api.GET('/api/events/{eventId}/emails', { params: { path: { eventId }, query } }));

export const emailLogQueryOptions = (eventId: string, query: EmailLogQuery) =>
  queryOptions({
    queryKey: ['events', eventId, 'emails', query],
    queryFn: () => getEmailLog(eventId, query),
    placeholderData: keepPreviousData,
  });

export const useEmailLog = (eventId: string, query: EmailLogQuery) => useQuery(emailLogQueryOptions(eventId, query));
