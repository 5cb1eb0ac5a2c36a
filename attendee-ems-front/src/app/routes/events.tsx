import { Button, Stack } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { EventsList } from '@/features/events/components/events-list';
import { usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';

export function EventsRoute() {
  const { t } = useI18n();
  const { can } = usePermissions();
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('events.title')}
        description={t('events.subtitle')}
        actions={
          can('events.create') && (
            <Button component={Link} to="/events/new" leftSection={<IconPlus size={16} />}>
              {t('events.create.title')}
            </Button>
          )
        }
      />
      <EventsList />
    </Stack>
  );
}
