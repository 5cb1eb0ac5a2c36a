import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type DevEmail = ApiResponse<'/api/dev/emails', 'get'>['items'][number];

export const getDevEmails = () => unwrap(api.GET('/api/dev/emails'));

export const devEmailsQueryOptions = () =>
  queryOptions({
    queryKey: ['dev', 'emails'],
    queryFn: getDevEmails,
    // Polling stops on an error: in production the route does not exist, and asking every 10 s would not make it.
    refetchInterval: (query) => (query.state.status === 'error' ? false : 10_000),
  });

export const useDevEmails = () => useQuery(devEmailsQueryOptions());
