import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

type Loose = {
  POST: (path: string, init?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  DELETE: (path: string, init?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
};
const loose = api as unknown as Loose;

export const deactivateContact = (id: string) => unwrap(loose.POST(`/api/contacts/${id}/deactivate`));
export const restoreContact = (id: string) => unwrap(loose.POST(`/api/contacts/${id}/restore`));
/** Permanent. Refused with 409 CONTACT_HAS_REGISTRATIONS while registrations are active, unless `force` (which anonymises them). */
export const deleteContact = (id: string, force: boolean) => unwrap(loose.DELETE(`/api/contacts/${id}`, { params: { query: force ? { force: 'true' } : {} } }));

export function useContactLifecycle(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });
  return {
    deactivate: useMutation({ mutationFn: () => deactivateContact(id), onSuccess: refresh }),
    restore: useMutation({ mutationFn: () => restoreContact(id), onSuccess: refresh }),
    remove: useMutation({
      mutationFn: (force: boolean) => deleteContact(id, force),
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: ['contacts', id] });
        return refresh();
      },
    }),
  };
}
