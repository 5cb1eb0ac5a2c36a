import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type ImportField, type ImportKind } from './import-types';

export const getImportFields = (kind: ImportKind, eventId: string | null) =>
  unwrap(importsApi.GET('/api/imports/fields', { params: { query: eventId ? { kind, eventId } : { kind } } })) as Promise<ImportField[]>;

export const importFieldsQueryOptions = (kind: ImportKind, eventId: string | null) =>
  queryOptions({ queryKey: ['imports', 'fields', kind, eventId], queryFn: () => getImportFields(kind, eventId), staleTime: 60_000 });

export const useImportFields = (kind: ImportKind, eventId: string | null, enabled = true) => useQuery({ ...importFieldsQueryOptions(kind, eventId), enabled });
