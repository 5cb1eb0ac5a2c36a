import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type DuplicatePair = ApiResponse<'/api/contacts/duplicates', 'get'>['items'][number];

export const getDuplicates = () => unwrap(api.GET('/api/contacts/duplicates'));

export const duplicatesQueryOptions = () => queryOptions({ queryKey: ['contacts', 'duplicates'], queryFn: getDuplicates });

export const useDuplicates = () => useQuery(duplicatesQueryOptions());
