import { Badge, Button, Card, Grid, Group, Progress, SimpleGrid, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconScan } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useEventChannel, type ConnectionState } from '@/lib/realtime/use-event-channel';
import { checkInStatsQueryKey, useCheckInStats, type CheckInStats } from '../api/get-check-in-stats';
import { bucketAdmissions, checkInTimelineQueryKey, useCheckInTimeline, type Bucket } from '../api/get-check-in-timeline';
import { applyLiveMessage } from '../hooks/live-cache';
import { CheckInLogExport } from './check-in-log-export';

const STATE_COLORS: Record<ConnectionState, string> = { live: 'green', connecting: 'yellow', offline: 'orange', refused: 'red', idle: 'gray' };
/** Breakdowns (type, gate) are not in the socket payloads: one refetch after a burst of changes. */
const BREAKDOWN_REFETCH_MS = 1500;

export function LiveIndicator({ state }: { state: ConnectionState }) {
  const { t } = useI18n();
  return (
    <Badge
      size="lg"
      variant="light"
      color={STATE_COLORS[state]}
      leftSection={<span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: `var(--mantine-color-${STATE_COLORS[state]}-6)` }} />}
      role="status"
      data-testid="live-state"
      data-state={state}
    >
      {t(`checkIn.live.state.${state}` as TranslationKey)}
    </Badge>
  );
}

/** The event's arrivals as they happen: fetched once, then moved by the live room (no polling). */
export function LiveDashboard({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const stats = useCheckInStats(eventId);
  const timeline = useCheckInTimeline(eventId);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refetchBreakdowns = useCallback(() => {
    if (refetchTimer.current) return;
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void queryClient.invalidateQueries({ queryKey: checkInStatsQueryKey(eventId), exact: true });
    }, BREAKDOWN_REFETCH_MS);
  }, [queryClient, eventId]);
  useEffect(() => () => void (refetchTimer.current && clearTimeout(refetchTimer.current)), []);

  const state = useEventChannel(eventId, {
    onMessage: (message, client) => {
      if (applyLiveMessage(client, eventId, message)) refetchBreakdowns();
    },
    onResync: (client) => {
      void client.invalidateQueries({ queryKey: checkInStatsQueryKey(eventId), exact: true });
      void client.invalidateQueries({ queryKey: checkInTimelineQueryKey(eventId), exact: true });
    },
  });

  // The 5-minute slots slide with the clock even when nobody arrives.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (stats.error && !stats.data) return <QueryError error={stats.error} onRetry={() => stats.refetch()} />;
  if (!stats.data) return <SectionLoader />;
  const data = stats.data;
  const rate = Math.round(data.attendanceRate * 100);

  return (
    <Stack gap="lg" data-testid="live-dashboard">
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2} fz="lg">
            {t('checkIn.live.title')}
          </Title>
          <LiveIndicator state={state} />
        </Group>
        <Group gap="sm">
          <CheckInLogExport eventId={eventId} />
          <Button component={Link} to={`/check-in/${eventId}/scan`} variant="light" leftSection={<IconScan size={16} aria-hidden />}>
            {t('checkIn.live.openStation')}
          </Button>
        </Group>
      </Group>
      <VisuallyHidden data-testid="live-summary">
        {t('checkIn.live.summary', { checkedIn: data.checkedIn, approved: data.approved, rate, inside: data.insideNow, registered: data.registered })}
      </VisuallyHidden>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        <Metric id="registered" value={data.registered} />
        <Metric id="approved" value={data.approved} />
        <Metric id="checkedIn" value={data.checkedIn} />
        <Metric id="insideNow" value={data.insideNow} />
        <Metric id="attendanceRate" value={rate} suffix=" %" />
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={3} fz="md" mb="md">
              {t('checkIn.live.perFiveMinutes')}
            </Title>
            {timeline.data ? <FiveMinuteChart buckets={bucketAdmissions(timeline.data, now)} /> : <SectionLoader />}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={3} fz="md" mb="md">
              {t('checkIn.live.byType')}
            </Title>
            <ByType stats={data} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={3} fz="md" mb="md">
              {t('checkIn.live.byGate')}
            </Title>
            <ByGate stats={data} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md" padding="lg" h="100%">
            <Title order={3} fz="md" mb="md">
              {t('checkIn.live.sessions')}
            </Title>
            <Sessions stats={data} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Metric({ id, value, suffix = '' }: { id: 'registered' | 'approved' | 'checkedIn' | 'insideNow' | 'attendanceRate'; value: number; suffix?: string }) {
  const { t } = useI18n();
  return (
    <Card withBorder radius="md" padding="md" data-testid={`live-metric-${id}`} data-value={value}>
      <Text size="xs" tt="uppercase" fw={600} c="dimmed">
        {t(`checkIn.live.${id}` as TranslationKey)}
      </Text>
      <Text fz={30} fw={700}>
        {value}
        {suffix}
      </Text>
    </Card>
  );
}

export function FiveMinuteChart({ buckets }: { buckets: Bucket[] }) {
  const { t, locale } = useI18n();
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (total === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('checkIn.live.perFiveMinutesEmpty')}
      </Text>
    );
  }
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const width = 600;
  const height = 140;
  const gap = 2;
  const barWidth = Math.max(2, width / buckets.length - gap);
  const format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  return (
    <Stack gap={4}>
      <svg viewBox={`0 0 ${width} ${height + 2}`} width="100%" role="img" aria-label={t('checkIn.live.chartSummary', { total, max })} data-testid="five-minute-chart">
        {buckets.map((bucket, index) => {
          const barHeight = (bucket.count / max) * height;
          return (
            <rect key={bucket.start} x={index * (barWidth + gap)} y={height - barHeight} width={barWidth} height={Math.max(barHeight, bucket.count ? 1 : 0)} rx={2} fill="var(--mantine-color-teal-6)">
              <title>{`${format.format(bucket.start)} : ${bucket.count}`}</title>
            </rect>
          );
        })}
        <line x1={0} y1={height} x2={width} y2={height} stroke="var(--mantine-color-gray-4)" />
      </svg>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {format.format(buckets[0]!.start)}
        </Text>
        <Text size="xs" c="dimmed">
          {format.format(buckets[buckets.length - 1]!.start)}
        </Text>
      </Group>
    </Stack>
  );
}

function ByType({ stats }: { stats: CheckInStats }) {
  const { t } = useI18n();
  if (stats.byType.length === 0) return <Text c="dimmed">{t('checkIn.live.empty')}</Text>;
  return (
    <Stack gap="sm">
      {stats.byType.map((type) => {
        const percent = type.approved ? Math.min(100, Math.round((type.checkedIn / type.approved) * 100)) : 0;
        return (
          <div key={type.attendeeTypeId ?? 'none'}>
            <Group justify="space-between" mb={4}>
              <Group gap={6}>
                <span style={{ width: 10, height: 10, borderRadius: 5, background: type.color ?? 'var(--mantine-color-gray-5)', display: 'inline-block' }} aria-hidden />
                <Text size="sm">{type.name ?? t('checkIn.live.noType')}</Text>
              </Group>
              <Text size="sm" c="dimmed">
                {t('checkIn.live.byTypeRow', { checkedIn: type.checkedIn, approved: type.approved, inside: type.insideNow })}
              </Text>
            </Group>
            <Progress value={percent} color={type.color ?? 'gray'} size="sm" aria-label={`${type.name ?? t('checkIn.live.noType')} ${percent} %`} />
          </div>
        );
      })}
    </Stack>
  );
}

function ByGate({ stats }: { stats: CheckInStats }) {
  const { t } = useI18n();
  if (stats.byGate.length === 0) return <Text c="dimmed">{t('checkIn.live.empty')}</Text>;
  const max = Math.max(1, ...stats.byGate.map((gate) => gate.count));
  return (
    <Stack gap="sm" data-testid="live-by-gate">
      {stats.byGate.map((gate) => (
        <div key={gate.key}>
          <Group justify="space-between" mb={4}>
            <Text size="sm">{gate.key || t('checkIn.live.noGate')}</Text>
            <Text size="sm" fw={600}>
              {gate.count}
            </Text>
          </Group>
          <Progress value={(gate.count / max) * 100} size="sm" aria-hidden />
        </div>
      ))}
    </Stack>
  );
}

function Sessions({ stats }: { stats: CheckInStats }) {
  const { t } = useI18n();
  if (stats.sessions.length === 0) return <Text c="dimmed">{t('checkIn.live.empty')}</Text>;
  return (
    <Stack gap="sm">
      {stats.sessions.map((session) => (
        <div key={session.id}>
          <Group justify="space-between" mb={4}>
            <Text size="sm">{session.name}</Text>
            <Text size="sm" c="dimmed">
              {session.capacity === null ? t('checkIn.live.sessionUnlimited', { occupancy: session.occupancy }) : t('checkIn.live.sessionRow', { occupancy: session.occupancy, capacity: session.capacity })}
            </Text>
          </Group>
          {session.capacity !== null && <Progress value={session.capacity ? Math.min(100, (session.occupancy / session.capacity) * 100) : 100} size="sm" aria-hidden />}
        </div>
      ))}
    </Stack>
  );
}
