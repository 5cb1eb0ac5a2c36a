import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type UpdateBadgeTemplateInput = ApiRequestBody<'/api/badge-templates/{id}', 'patch'>;

export const updateBadgeTemplate = (id: string, body: UpdateBadgeTemplateInput) => unwrap(api.PATCH('/api/badge-templates/{id}', { params: { path: { id } }, body }));

export function useUpdateBadgeTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateBadgeTemplateInput }) => updateBadgeTemplate(id, body),
    onSuccess: (template) => {
      queryClient.setQueryData(['badge-templates', template.id], template);
      // Setting a default clears the previous one: every list may have changed.
      return queryClient.invalidateQueries({ queryKey: ['badge-templates', 'list'] });
    },
  });
}
