import { TemplatesList } from '@/features/badges/components/templates-list';

export function BadgesRoute() {
  return <TemplatesList />;
}
