import { Stack } from '@mantine/core';
import { useNavigate } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { CreateEventWizard } from '@/features/events/components/create-event-wizard';
import { useI18n } from '@/lib/i18n/i18n';

export function EventCreateRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Stack gap="lg">
      <PageHeader title={t('events.create.title')} description={t('events.create.subtitle')} />
      <CreateEventWizard onCreated={(event) => navigate(`/events/${event.id}`)} onCancel={() => navigate('/events')} />
    </Stack>
  );
}
