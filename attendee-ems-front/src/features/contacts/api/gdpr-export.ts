import { useMutation } from '@tanstack/react-query';
import { downloadFile } from './download-file';

export type GdprExportFormat = 'json' | 'html';

/** Everything stored about the person, as JSON (machine-readable) or a readable document to hand to them. */
export const gdprExport = (id: string, format: GdprExportFormat) =>
  downloadFile(`/api/contacts/${id}/gdpr-export`, { format }, `contact-${id}.${format}`);

export const useGdprExport = (id: string) => useMutation({ mutationFn: (format: GdprExportFormat) => gdprExport(id, format) });
