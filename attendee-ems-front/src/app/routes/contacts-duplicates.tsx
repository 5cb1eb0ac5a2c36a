import { Anchor, Breadcrumbs, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { DuplicatesList } from '@/features/contacts/components/duplicates-list';
import { MergeScreen } from '@/features/contacts/components/merge-screen';
import { usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';

export function ContactsDuplicatesRoute() {
  const { t } = useI18n();
  const { can } = usePermissions();
  const [params, setParams] = useSearchParams();
  const [firstId, secondId] = (params.get('merge') ?? '').split(',');
  const isMerging = Boolean(firstId && secondId && firstId !== secondId);
  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/contacts" size="sm">
          {t('contacts.title')}
        </Anchor>
        <Text size="sm">{t('contacts.duplicates.title')}</Text>
      </Breadcrumbs>
      <PageHeader title={isMerging ? t('contacts.merge.title') : t('contacts.duplicates.title')} description={t('contacts.duplicates.subtitle')} />
      {isMerging ? (
        <MergeScreen firstId={firstId!} secondId={secondId!} onCancel={() => setParams({})} />
      ) : (
        <DuplicatesList canMerge={can('attendees.update')} onMerge={(pair) => setParams({ merge: `${pair.a.id},${pair.b.id}` })} />
      )}
    </Stack>
  );
}
