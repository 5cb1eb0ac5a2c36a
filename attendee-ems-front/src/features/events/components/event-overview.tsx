import { Card, Grid, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import type { EventDetail } from '../api/get-event';
import { useEventStats } from '../api/get-event-stats';
import { FillRate } from './fill-rate';
import { RegistrationsPerDayChart, type DayCount } from './registrations-chart';

const METRICS = ['registered', 'approved', 'awaiting', 'waitlisted', 'checkedIn', 'cancelled'] as const;

export function EventOverview({ event, canReadRegistrations }: { event: EventDetail; canReadRegistrations: boolean }) {
  const { t } = useI18n();
  const { data: stats, error, refetch } = useEventStats(event.id, canReadRegistrations);
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
