import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiRequestBody } from '@/lib/api';

export type DuplicateBadgeTemplateInput = ApiRequestBody<'/api/badge-templates/{id}/duplicate', 'post'>;

export const duplicateBadgeTemplate = (id: string, body: DuplicateBadgeTemplateInput) =>
  unwrap(api.POST('/api/badge-templates/{id}/duplicate', { params: { path: { id } }, body }));

export function useDuplicateBadgeTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DuplicateBadgeTemplateInput }) => duplicateBadgeTemplate(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['badge-templates', 'list'] }),
  });
}
