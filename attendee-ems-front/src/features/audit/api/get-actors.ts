import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

/** The organisation's members, for the "who" filter (only for viewers allowed to list users). */
export function useActors(enabled: boolean) {
  return useQuery({
    queryKey: ['users', { pageSize: 100 }],
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { pageSize: 100 } } })),
    enabled,
    staleTime: 60_000,
  });
}
