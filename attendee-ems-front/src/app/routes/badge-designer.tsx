import { useParams } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { useBadgeTemplate } from '@/features/badges/api/get-badge-template';
import { BadgeDesigner } from '@/features/badges/components/badge-designer';
import { useI18n } from '@/lib/i18n/i18n';

export function BadgeDesignerRoute() {
  const { templateId = '' } = useParams();
  const { t } = useI18n();
  const { data: template, error, refetch } = useBadgeTemplate(templateId);
  if (error && !template) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!template) return <SectionLoader />;
  return (
    <>
      <PageHeader title={t('badges.designer.title', { name: template.name })} />
      {/* Keyed by id: another template starts a fresh history. */}
      <BadgeDesigner key={template.id} template={template} />
    </>
  );
}
