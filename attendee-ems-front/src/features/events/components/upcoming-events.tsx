import { Anchor, Card, EmptyState, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { IconCalendarEvent } from '@tabler/icons-react';
import { Link } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useEvents } from '../api/get-events';
import { eventStatsQueryOptions } from '../api/get-event-stats';
import { EventCard } from './event-card';
import { RegistrationsPerDayChart, type DayCount } from './registrations-chart';

/** Home page: the next events with their fill rate, the last ones that ended, and the registrations of the last weeks across them. */
export function UpcomingEvents({ canReadRegistrations }: { canReadRegistrations: boolean }) {
  const { t } = useI18n();
  const { data, error, refetch } = useEvents({ when: 'upcoming', pageSize: 6 });
  const recent = useEvents({ when: 'past', pageSize: 3 });
  const events = data?.items ?? [];
  const stats = useQueries({
    queries: events
      .filter((event) => event.status !== 'draft')
      .slice(0, 6)
      .map((event) => ({ ...eventStatsQueryOptions(event.id), refetchInterval: 60_000, enabled: canReadRegistrations })),
  });

  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!data) return <SectionLoader />;

  const since = new Date(Date.now() - 27 * 86_400_000).toISOString().slice(0, 10);
  const perDay = new Map<string, number>();
  for (const result of stats) {
    for (const entry of (result.data?.byDay ?? []) as DayCount[]) {
      if (entry.day >= since) perDay.set(entry.day, (perDay.get(entry.day) ?? 0) + entry.count);
    }
  }
  const trend: DayCount[] = [...perDay.entries()].map(([day, count]) => ({ day, count }));
  if (trend.length) trend.push({ day: new Date().toISOString().slice(0, 10), count: perDay.get(new Date().toISOString().slice(0, 10)) ?? 0 });
  const registered = stats.reduce((sum, result) => sum + (result.data?.registered ?? 0), 0);
  const checkedIn = stats.reduce((sum, result) => sum + (result.data?.checkedIn ?? 0), 0);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Metric label={t('dashboard.metric.events')} value={data.total} />
        <Metric label={t('dashboard.metric.registrations')} value={registered} />
        <Metric label={t('dashboard.metric.checkins')} value={checkedIn} />
      </SimpleGrid>
      <Card withBorder radius="md" padding="lg">
        <Group justify="space-between" mb="md">
          <Title order={2} fz="md">
            {t('dashboard.upcoming.title')}
          </Title>
          <Anchor component={Link} to="/events" size="sm">
            {t('dashboard.upcoming.all')}
          </Anchor>
        </Group>
        {events.length === 0 ? (
          <EmptyState py="xl" icon={<IconCalendarEvent size={26} />} title={t('dashboard.upcoming.none')} description={t('dashboard.upcoming.noneHint')} />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {events.map((event) => (
              <EventCard key={event.id} event={event} />
            ))}
          </SimpleGrid>
        )}
      </Card>
      {(recent.data?.items.length ?? 0) > 0 && (
        <Card withBorder radius="md" padding="lg">
          <Title order={2} fz="md" mb="md">
            {t('dashboard.recent.title')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {recent.data!.items.map((event) => (
              <EventCard key={event.id} event={event} />
            ))}
          </SimpleGrid>
        </Card>
      )}
      {canReadRegistrations && (
        <Card withBorder radius="md" padding="lg">
          <Title order={2} fz="md" mb="md">
            {t('dashboard.trend.title')}
          </Title>
          <RegistrationsPerDayChart byDay={trend} />
        </Card>
      )}
    </Stack>
  );
}

function Metric({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Text size="xs" tt="uppercase" fw={600} c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
    </Card>
  );
}
