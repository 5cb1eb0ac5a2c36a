import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { saveDownload } from '@/lib/api/file-download';

export type CheckInExportFormat = 'csv' | 'xlsx';

/** The event's check-in log, every scan accepted or refused, streamed as a file (`GET /events/:id/check-ins/export`). */
export const exportCheckIns = (eventId: string, format: CheckInExportFormat) =>
  saveDownload(api.GET('/api/events/{eventId}/check-ins/export', { params: { path: { eventId }, query: { format } }, parseAs: 'blob' }), `check-ins.${format}`);

export const useExportCheckIns = (eventId: string) => useMutation({ mutationFn: (format: CheckInExportFormat) => exportCheckIns(eventId, format) });
