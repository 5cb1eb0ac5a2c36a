import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

/** Who made a revision or wrote a note: the organisation's members by id (empty when the viewer may not list users). */
export function useUserNames(enabled: boolean) {
  const { data } = useQuery({
    queryKey: ['users', { pageSize: 100 }],
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { pageSize: 100 } } })),
    enabled,
    staleTime: 60_000,
  });
  const names = new Map<string, string>();
  for (const user of data?.items ?? []) names.set(user.id, `${user.firstName} ${user.lastName}`.trim() || user.email);
  return names;
}
