import { Anchor, Breadcrumbs, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { ImportWizard } from '@/features/contacts/components/import/import-wizard';
import { useEvents } from '@/features/events/api/get-events';
import { useI18n } from '@/lib/i18n/i18n';

export function ContactsImportRoute() {
  const { t } = useI18n();
  const events = useEvents({ when: 'all', pageSize: 100 });
  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/contacts" size="sm">
          {t('contacts.title')}
        </Anchor>
        <Text size="sm">{t('imports.title')}</Text>
      </Breadcrumbs>
      <PageHeader title={t('imports.title')} description={t('imports.subtitle')} />
      <ImportWizard events={(events.data?.items ?? []).map((event) => ({ value: event.id, label: event.name }))} />
    </Stack>
  );
}
