import type { QueryClient, QueryKey } from '@tanstack/react-query';

const pending = new WeakMap<QueryClient, Map<string, { lastAt: number; timer?: ReturnType<typeof setTimeout> }>>();

/**
 * Refetches a query after live messages, at most once per `intervalMs`: the first message refetches
 * at once, those that follow within the interval collapse into one trailing refetch. In a rush an
 * event room carries hundreds of registrations a second; refetching on each would send every open
 * dashboard's request to the API as many times (and cancel its own fetch in flight each time).
 */
export function invalidateThrottled(queryClient: QueryClient, queryKey: QueryKey, intervalMs = 2000) {
  let byKey = pending.get(queryClient);
  if (!byKey) {
    byKey = new Map();
    pending.set(queryClient, byKey);
  }
  const key = JSON.stringify(queryKey);
  const state = byKey.get(key) ?? { lastAt: -Infinity };
  byKey.set(key, state);
  if (state.timer) return;
  const refetch = () => {
    state.timer = undefined;
    state.lastAt = Date.now();
    void queryClient.invalidateQueries({ queryKey, exact: true }, { cancelRefetch: false });
  };
  const wait = state.lastAt + intervalMs - Date.now();
  if (wait <= 0) refetch();
  else state.timer = setTimeout(refetch, wait);
}
