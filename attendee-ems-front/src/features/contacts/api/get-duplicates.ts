import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiResponse } from '@/lib/api';

export type DuplicatePair = ApiResponse<'/api/contacts/duplicates', 'get'>['items'][number];

export const DUPLICATES_PAGE_SIZE = 20;

export const getDuplicates = (page: number) => unwrap(api.GET('/api/contacts/duplicates', { params: { query: { page, pageSize: DUPLICATES_PAGE_SIZE } } }));

export const duplicatesQueryOptions = (page = 1) => queryOptions({ queryKey: ['contacts', 'duplicates', { page }], queryFn: () => getDuplicates(page), placeholderData: keepPreviousData });

export const useDuplicates = (page = 1) => useQuery(duplicatesQueryOptions(page));
