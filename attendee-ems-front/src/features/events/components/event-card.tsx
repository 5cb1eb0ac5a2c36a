import { Card, Group, Stack, Text } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { Link } from 'react-router';
import { formatEventRange } from '@/lib/dates/zoned-time';
import { useI18n } from '@/lib/i18n/i18n';
import type { EventSummary } from '../api/get-events';
import { EventStatusBadge } from './event-status-badge';
import { FillRate } from './fill-rate';

export function EventCard({ event }: { event: EventSummary }) {
  const { t, locale } = useI18n();
  return (
    <Card withBorder radius="md" padding="lg" component="article" data-testid="event-card">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text component={Link} to={`/events/${event.id}`} fw={600} fz="lg" lh={1.3} style={{ textDecoration: 'none', color: 'inherit' }}>
            {event.name}
          </Text>
          <EventStatusBadge status={event.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {formatEventRange(event.startAt, event.endAt, event.timezone, locale)}
        </Text>
        <Group gap={6} wrap="nowrap">
          <IconMapPin size={14} aria-hidden />
          <Text size="sm" truncate>
            {event.locationName || (event.locationType === 'online' ? t('events.location.online') : t('events.location.none'))}
          </Text>
        </Group>
        <div style={{ marginTop: 'auto' }}>
          <FillRate seatsTaken={event.seatsTaken} capacity={event.capacity} />
        </div>
      </Stack>
    </Card>
  );
}
