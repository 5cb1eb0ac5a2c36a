import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type ImportJob, type ImportMapping, type ImportOptions } from './import-types';

export const saveImportMapping = (id: string, mapping: ImportMapping, options: ImportOptions) =>
  unwrap(importsApi.PUT(`/api/imports/${id}/mapping`, { body: { mapping, options } })) as Promise<ImportJob>;

export function useSaveImportMapping(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mapping, options }: { mapping: ImportMapping; options: ImportOptions }) => saveImportMapping(id, mapping, options),
    onSuccess: (job) => queryClient.setQueryData(['imports', id], job),
  });
}
