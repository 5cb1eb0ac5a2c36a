import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type CreateBadgeTemplateInput = ApiRequestBody<'/api/badge-templates', 'post'>;

export const createBadgeTemplate = (body: CreateBadgeTemplateInput) => unwrap(api.POST('/api/badge-templates', { body }));

export function useCreateBadgeTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createBadgeTemplate,
    onSuccess: (template) => {
      queryClient.setQueryData(['badge-templates', template.id], template);
      return queryClient.invalidateQueries({ queryKey: ['badge-templates', 'list'] });
    },
  });
}
