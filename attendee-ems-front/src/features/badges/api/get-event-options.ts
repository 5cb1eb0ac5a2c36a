import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

/** Events a template can belong to (scope pickers): the latest 100. */
export const getEventOptions = () => unwrap(api.GET('/api/events', { params: { query: { when: 'all', pageSize: 100 } } }));

export const eventOptionsQueryOptions = () => queryOptions({ queryKey: ['events', 'list', { when: 'all', pageSize: 100 }], queryFn: getEventOptions });

export const useEventOptions = () => useQuery(eventOptionsQueryOptions());
