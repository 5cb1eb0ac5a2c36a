import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type ImportKind, type ImportMapping, type ImportPreset } from './import-types';

export const getImportPresets = (kind: ImportKind) => unwrap(importsApi.GET('/api/import-presets', { params: { query: { kind } } })) as Promise<ImportPreset[] | { items: ImportPreset[] }>;

export function useImportPresets(kind: ImportKind) {
  return useQuery({
    queryKey: ['import-presets', kind],
    queryFn: async () => {
      const answer = await getImportPresets(kind);
      return Array.isArray(answer) ? answer : answer.items;
    },
  });
}

export const createImportPreset = (body: { name: string; kind: ImportKind; mapping: ImportMapping }) =>
  unwrap(importsApi.POST('/api/import-presets', { body })) as Promise<ImportPreset>;

export const deleteImportPreset = (id: string) => unwrap(importsApi.DELETE(`/api/import-presets/${id}`));

export function useImportPresetMutations(kind: ImportKind) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['import-presets', kind] });
  return {
    create: useMutation({ mutationFn: createImportPreset, onSuccess: refresh }),
    remove: useMutation({ mutationFn: deleteImportPreset, onSuccess: refresh }),
  };
}
