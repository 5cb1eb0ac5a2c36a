import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type ImportJob } from './import-types';

/** Starts (or resumes) the import in the worker: rows already applied are not applied twice. */
export const runImport = (id: string) => unwrap(importsApi.POST(`/api/imports/${id}/run`)) as Promise<ImportJob>;

export function useRunImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => runImport(id),
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', id], job);
      return queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}
