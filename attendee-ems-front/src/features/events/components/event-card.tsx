import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { Link } from 'react-router';
import { formatEventRange } from '@/lib/dates/zoned-time';
import { useI18n } from '@/lib/i18n/i18n';
import type { EventSummary } from '../api/get-events';
import { EventStatusBadge } from './event-status-badge';
import { FillRate } from './fill-rate';

export function EventCard({ event, onTagClick }: { event: EventSummary; onTagClick?: (tag: string) => void }) {
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
        <EventTags tags={event.tags} onTagClick={onTagClick} />
        <div style={{ marginTop: 'auto' }}>
          <FillRate seatsTaken={event.seatsTaken} capacity={event.capacity} />
        </div>
      </Stack>
    </Card>
  );
}

/** The event's tags; with `onTagClick`, each one is a button that filters the list by it. */
export function EventTags({ tags, onTagClick }: { tags: string[]; onTagClick?: (tag: string) => void }) {
  const { t } = useI18n();
  if (tags.length === 0) return null;
  return (
    <Group gap={4} role="list" aria-label={t('events.tagsOf')}>
      {tags.map((tag) => (
        <span key={tag} role="listitem">
          {onTagClick ? (
            <Badge component="button" type="button" variant="light" tt="none" style={{ cursor: 'pointer' }} aria-label={t('events.filter.byTag', { tag })} onClick={() => onTagClick(tag)}>
              {tag}
            </Badge>
          ) : (
            <Badge variant="light" tt="none">
              {tag}
            </Badge>
          )}
        </span>
      ))}
    </Group>
  );
}
