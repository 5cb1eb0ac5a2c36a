import { Badge } from '@mantine/core';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import type { EventStatus } from '../api/get-events';

const COLORS: Record<EventStatus, string> = {
  draft: 'gray',
  published: 'green',
  registration_closed: 'orange',
  postponed: 'yellow',
  cancelled: 'red',
  archived: 'dark',
};

export function EventStatusBadge({ status }: { status: EventStatus }) {
  const { t } = useI18n();
  return (
    <Badge color={COLORS[status]} variant="light" tt="none" data-testid="event-status">
      {t(`events.status.${status}` as TranslationKey)}
    </Badge>
  );
}
