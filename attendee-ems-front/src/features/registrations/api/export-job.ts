import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody, type ApiResponse } from '@/lib/api';
import type { ExportRegistrationsInput } from './export-registrations';

export type ExportJob = ApiResponse<'/api/exports/{id}', 'get'>;
type CreateExportBody = ApiRequestBody<'/api/exports', 'post'>;

const POLL_MS = 1000;
/** The signed link lives 5 minutes: a finished job is asked again before it runs out. */
const REFRESH_LINK_MS = 4 * 60_000;

/** Large exports are built by the worker into private storage (`POST /exports`); progress and the link come from `GET /exports/:id`. */
export const startRegistrationsExport = (eventId: string, { format, columns, status }: ExportRegistrationsInput) => {
  // `status` is the contacts' filter (the generated type marks it required because it has a default); registrations ignore it.
  const body: CreateExportBody = { kind: 'registrations', eventId, format, columns, ...(status ? { filters: { status: 'active', registrationStatus: status } } : {}) };
  return unwrap(api.POST('/api/exports', { body })) as Promise<ExportJob>;
};

export const getExportJob = (id: string) => unwrap(api.GET('/api/exports/{id}', { params: { path: { id } } }));

export const isFinished = (job: ExportJob | undefined) => job?.status === 'done' || job?.status === 'failed';

export const exportJobQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['exports', id],
    queryFn: () => getExportJob(id),
    refetchInterval: (query) => (query.state.data?.status === 'done' ? REFRESH_LINK_MS : query.state.data?.status === 'failed' ? false : POLL_MS),
  });

export const useExportJob = (id: string | null) => useQuery({ ...exportJobQueryOptions(id ?? ''), enabled: id !== null });

export function useStartRegistrationsExport(eventId: string) {
  return useMutation({ mutationFn: (input: ExportRegistrationsInput) => startRegistrationsExport(eventId, input) });
}
