import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';
import { hasPermission } from './permissions';
import { useSession } from './session-store';

export const getMe = () => unwrap(api.GET('/api/auth/me'));

export const meQueryOptions = () => queryOptions({ queryKey: ['auth', 'me'], queryFn: getMe });

export function useMe() {
  const { status } = useSession();
  return useQuery({ ...meQueryOptions(), enabled: status === 'authenticated' });
}

/** `can('users.read')`: false until /auth/me has answered, so nothing flashes in then out. */
export function usePermissions() {
  const { data: me } = useMe();
  return {
    isLoaded: me !== undefined,
    can: (key: string) => hasPermission(me, key),
  };
}
