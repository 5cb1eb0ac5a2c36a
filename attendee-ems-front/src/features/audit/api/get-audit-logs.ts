import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';
import type { AuditLogsQuery } from '../hooks/audit-filters';

export type AuditLogList = ApiResponse<'/api/audit-logs', 'get'>;
export type AuditLogEntry = AuditLogList['items'][number];

export const getAuditLogs = (query: AuditLogsQuery, signal?: AbortSignal) => unwrap(api.GET('/api/audit-logs', { params: { query }, signal }));

export const auditLogsQueryOptions = (query: AuditLogsQuery) =>
  queryOptions({ queryKey: ['audit-logs', query], queryFn: ({ signal }) => getAuditLogs(query, signal), placeholderData: keepPreviousData });

export const useAuditLogs = (query: AuditLogsQuery) => useQuery(auditLogsQueryOptions(query));
