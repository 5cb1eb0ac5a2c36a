import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type ImportJob } from './import-types';

export const getImport = (id: string) => unwrap(importsApi.GET(`/api/imports/${id}`)) as Promise<ImportJob>;

export const importQueryOptions = (id: string) => queryOptions({ queryKey: ['imports', id], queryFn: () => getImport(id) });

/** While the import runs, its progress is polled every second (the worker commits rows in chunks). */
export function useImport(id: string | null, { poll = false }: { poll?: boolean } = {}) {
  return useQuery({
    ...importQueryOptions(id ?? ''),
    enabled: id !== null,
    refetchInterval: (query) => (poll && (!query.state.data || query.state.data.status === 'running') ? 1000 : false),
  });
}
