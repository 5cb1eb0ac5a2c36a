import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@/lib/api';
import { importsApi, type ImportJob, type ImportKind } from './import-types';

export interface UploadImportInput {
  file: File;
  kind: ImportKind;
  eventId: string | null;
}

export function uploadImport({ file, kind, eventId }: UploadImportInput): Promise<ImportJob> {
  const form = new FormData();
  form.append('file', file);
  form.append('kind', kind);
  if (kind === 'registrations' && eventId) form.append('eventId', eventId);
  // FormData goes as is: the browser writes the multipart boundary.
  return unwrap(importsApi.POST('/api/imports', { body: form, bodySerializer: (body: FormData) => body })) as Promise<ImportJob>;
}

export const useUploadImport = () => useMutation({ mutationFn: uploadImport });
