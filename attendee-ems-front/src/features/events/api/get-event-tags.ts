import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const getEventTags = () => unwrap(api.GET('/api/events/tags'));

/** Under ['events', 'list'] so that creating or editing an event (which invalidates the lists) refreshes it. */
export const eventTagsQueryOptions = () => queryOptions({ queryKey: ['events', 'list', 'tags'], queryFn: getEventTags, staleTime: 60_000 });

/** The tags already in use, suggested by the tag inputs and offered by the list's tag filter. */
export const useEventTags = () => useQuery(eventTagsQueryOptions());
