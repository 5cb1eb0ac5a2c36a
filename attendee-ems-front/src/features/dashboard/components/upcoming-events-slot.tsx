import { Badge, Card, EmptyState, Group, Text, Title } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useI18n } from '@/lib/i18n/i18n';

/** Where the next events will be listed once the events module ships; deliberately empty until then. */
export function UpcomingEventsSlot() {
  const { t } = useI18n();
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="md">
          {t('dashboard.upcoming.title')}
        </Title>
        <Badge variant="light" color="gray" tt="none">
          {t('dashboard.comingSoon')}
        </Badge>
      </Group>
      <EmptyState
        py="xl"
        variant="light"
        icon={<IconCalendarEvent size={26} />}
        title={t('dashboard.upcoming.emptyTitle')}
        description={t('dashboard.upcoming.emptyDescription')}
        style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-md)' }}
      />
    </Card>
  );
}

export function MetricSlot({ label, hint }: { label: string; hint: string }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Text size="xs" tt="uppercase" fw={600} c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} c="gray.4" aria-hidden>
        —
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}
