import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type ImportJob } from './import-types';

export interface RunImportOptions {
  /** Registrations: send each person their status email (kept for a resumed run when omitted). */
  sendEmails?: boolean;
}

/** Starts (or resumes) the import in the worker: rows already applied are not applied twice. */
export const runImport = (id: string, options: RunImportOptions = {}) => unwrap(importsApi.POST(`/api/imports/${id}/run`, { body: options })) as Promise<ImportJob>;

export function useRunImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (options?: RunImportOptions) => runImport(id, options),
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', id], job);
      return queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}
