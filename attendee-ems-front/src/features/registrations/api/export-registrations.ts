import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { saveDownload } from '@/lib/api/file-download';
import type { RegistrationStatusFilter } from '../hooks/registration-filters';

/** The API's standard columns, in its order (custom answers come after, as `answers.<fieldId>`). */
export const REGISTRATION_EXPORT_COLUMNS = [
  'confirmationNumber',
  'status',
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'country',
  'attendeeType',
  'checkedInAt',
  'source',
  'createdAt',
] as const;
export type RegistrationExportColumn = (typeof REGISTRATION_EXPORT_COLUMNS)[number];
export type ExportFormat = 'csv' | 'xlsx';

export const answerExportColumn = (fieldId: string) => `answers.${fieldId}`;

export interface ExportRegistrationsInput {
  format: ExportFormat;
  /** Standard columns and `answers.<fieldId>`, in file order. */
  columns: string[];
  /** Only this status; every registration (deleted ones aside) when absent. */
  status?: RegistrationStatusFilter;
}

/** The direct download (`GET /events/:id/registrations/export`): streamed, for sizes a browser tab holds comfortably. */
export const exportRegistrations = (eventId: string, { format, columns, status }: ExportRegistrationsInput) =>
  saveDownload(
    api.GET('/api/events/{eventId}/registrations/export', {
      params: { path: { eventId }, query: { format, columns: columns.join(','), ...(status ? { status } : {}) } },
      parseAs: 'blob',
    }),
    `registrations.${format}`,
  );

export const useExportRegistrations = (eventId: string) => useMutation({ mutationFn: (input: ExportRegistrationsInput) => exportRegistrations(eventId, input) });
