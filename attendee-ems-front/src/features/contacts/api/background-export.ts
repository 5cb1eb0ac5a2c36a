import { api, unwrap, type ApiRequestBody, type ApiResponse } from '@/lib/api';

/** Large files are built by the worker: `POST /exports`, then `GET /exports/:id` until `downloadUrl` is there. */
export type BackgroundExport = ApiResponse<'/api/exports/{id}', 'get'>;
export type CreateExportInput = ApiRequestBody<'/api/exports', 'post'>;

export const createBackgroundExport = (body: CreateExportInput) => unwrap(api.POST('/api/exports', { body })) as Promise<BackgroundExport>;

export const getBackgroundExport = (id: string) => unwrap(api.GET('/api/exports/{id}', { params: { path: { id } } }));
