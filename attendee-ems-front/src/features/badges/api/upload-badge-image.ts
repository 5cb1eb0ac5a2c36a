import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const MAX_IMAGE_BYTES = 700 * 1024;

function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** A PNG/JPEG stored for the organisation; its key goes into the layout. */
export async function uploadBadgeImage(file: File) {
  const contentType = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
  return unwrap(api.POST('/api/badge-templates/images', { body: { contentType, dataBase64: await toBase64(file) } }));
}

export const useUploadBadgeImage = () => useMutation({ mutationFn: uploadBadgeImage });
