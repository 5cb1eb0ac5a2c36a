import { Card, Grid, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { invalidateThrottled } from '@/lib/realtime/throttled-invalidation';
import { useEventChannel, type EventMessage } from '@/lib/realtime/use-event-channel';
import type { EventDetail } from '../api/get-event';
import { eventStatsQueryOptions, useEventStats, type EventStats } from '../api/get-event-stats';
import { FillRate } from './fill-rate';
import { RegistrationsPerDayChart, type DayCount } from './registrations-chart';

const METRICS = ['registered', 'approved', 'awaiting', 'waitlisted', 'checkedIn', 'cancelled'] as const;
const LIVE_COUNTS = ['registered', 'approved', 'awaiting', 'waitlisted', 'checkedIn'] as const;

/** `stats.updated` carries the headline counts: patched in place. Registration changes also move seats and days: refetched, at most every 2 s. */
function onLiveMessage(eventId: string, message: EventMessage, queryClient: QueryClient) {
  const { queryKey } = eventStatsQueryOptions(eventId);
  if (message.name === 'stats.updated') {
    const counts = message.payload.counts;
    queryClient.setQueryData<EventStats>(queryKey, (stats) => {
      if (!stats) return stats;
      const next = { ...stats };
      for (const key of LIVE_COUNTS) if (typeof counts[key] === 'number') next[key] = counts[key];
      next.attendanceRate = next.approved ? next.checkedIn / next.approved : 0;
      return next;
    });
  } else if (message.name === 'registration.created' || message.name === 'registration.updated' || message.name === 'registrations.created') {
    invalidateThrottled(queryClient, queryKey);
  }
}

export function EventOverview({ event, canReadRegistrations }: { event: EventDetail; canReadRegistrations: boolean }) {
  const { t } = useI18n();
  const { data: stats, error, refetch } = useEventStats(event.id, canReadRegistrations);
  useEventChannel(
    event.id,
    {
      onMessage: (message, queryClient) => onLiveMessage(event.id, message, queryClient),
      // Whatever happened while the link was down: fetch it once the room is joined again.
      onResync: (queryClient) => void queryClient.invalidateQueries({ queryKey: eventStatsQueryOptions(event.id).queryKey, exact: true }),
    },
    canReadRegistrations,
  );
  if (!canReadRegistrations) return null;
  if (error && !stats) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!stats) return <SectionLoader />;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} aria-live="polite">
        {METRICS.map((metric) => (
          <Card key={metric} withBorder radius="md" padding="md" data-testid={`metric-${metric}`}>
            <Text size="xs" tt="uppercase" fw={600} c="dimmed">
              {t(`events.metric.${metric}` as TranslationKey)}
            </Text>
            <Text fz={26} fw={700}>
              {stats[metric]}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={3} fz="md" mb="md">
              {t('events.overview.perDay')}
            </Title>
            <RegistrationsPerDayChart byDay={stats.byDay as DayCount[]} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={3} fz="md" mb="md">
              {t('events.overview.fill')}
            </Title>
            <Stack gap="md">
              <FillRate seatsTaken={stats.seatsTaken} capacity={stats.capacity} />
              {stats.byType.length > 0 && (
                <Title order={4} fz="sm">
                  {t('events.overview.byType')}
                </Title>
              )}
              {stats.byType.map((type) => {
                const percent = type.capacity ? Math.min(100, Math.round((type.seatsTaken / type.capacity) * 100)) : null;
                return (
                  <div key={type.attendeeTypeId}>
                    <Group justify="space-between" mb={4}>
                      <Group gap={6}>
                        <span style={{ width: 10, height: 10, borderRadius: 5, background: type.color, display: 'inline-block' }} aria-hidden />
                        <Text size="sm">{type.name}</Text>
                      </Group>
                      <Text size="sm" c="dimmed">
                        {type.capacity === null ? t('events.fill.unlimited', { count: type.seatsTaken }) : t('events.fill.seats', { taken: type.seatsTaken, capacity: type.capacity })}
                      </Text>
                    </Group>
                    {percent !== null && <Progress value={percent} color={type.color} size="sm" aria-label={t('events.fill.label', { percent })} />}
                  </div>
                );
              })}
              <Text size="sm" c="dimmed">
                {t('events.overview.attendance', { percent: Math.round(stats.attendanceRate * 100) })}
              </Text>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
