import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api';

export const deleteBadgeTemplate = (id: string) => unwrap(api.DELETE('/api/badge-templates/{id}', { params: { path: { id } } }));

export function useDeleteBadgeTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteBadgeTemplate,
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: ['badge-templates', id] });
      return queryClient.invalidateQueries({ queryKey: ['badge-templates', 'list'] });
    },
  });
}
