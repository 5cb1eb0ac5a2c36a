import { Group, Stack, Text } from '@mantine/core';
import { useI18n } from '@/lib/i18n/i18n';

export interface DayCount {
  day: string;
  count: number;
}

/** Fills the days without registrations so the bars sit on a regular time axis. */
export function fillDays(byDay: readonly DayCount[], maxDays = 60): DayCount[] {
  if (byDay.length === 0) return [];
  const sorted = [...byDay].sort((a, b) => a.day.localeCompare(b.day));
  const counts = new Map(sorted.map((entry) => [entry.day, entry.count]));
  const last = new Date(`${sorted[sorted.length - 1]!.day}T00:00:00Z`);
  const first = new Date(Math.max(new Date(`${sorted[0]!.day}T00:00:00Z`).getTime(), last.getTime() - (maxDays - 1) * 86_400_000));
  const days: DayCount[] = [];
  for (let at = first.getTime(); at <= last.getTime(); at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    days.push({ day, count: counts.get(day) ?? 0 });
  }
  return days;
}

/** Registrations per day as plain SVG bars (no chart library), with a text summary for screen readers. */
export function RegistrationsPerDayChart({ byDay }: { byDay: readonly DayCount[] }) {
  const { t, locale } = useI18n();
  const days = fillDays(byDay);
  if (days.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('events.overview.noRegistrationsYet')}
      </Text>
    );
  }
  const max = Math.max(1, ...days.map((day) => day.count));
  const total = days.reduce((sum, day) => sum + day.count, 0);
  const width = 600;
  const height = 140;
  const gap = 2;
  const barWidth = Math.max(2, width / days.length - gap);
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const label = (day: string) => format.format(new Date(`${day}T00:00:00Z`));
  return (
    <Stack gap={4}>
      <svg viewBox={`0 0 ${width} ${height + 18}`} width="100%" role="img" aria-label={t('events.overview.chartSummary', { total, days: days.length, max })}>
        {days.map((day, index) => {
          const barHeight = (day.count / max) * height;
          return (
            <rect key={day.day} x={index * (barWidth + gap)} y={height - barHeight} width={barWidth} height={Math.max(barHeight, day.count ? 1 : 0)} rx={2} fill="var(--mantine-color-blue-5)">
              <title>{`${label(day.day)} : ${day.count}`}</title>
            </rect>
          );
        })}
        <line x1={0} y1={height} x2={width} y2={height} stroke="var(--mantine-color-gray-4)" />
      </svg>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {label(days[0]!.day)}
        </Text>
        <Text size="xs" c="dimmed">
          {label(days[days.length - 1]!.day)}
        </Text>
      </Group>
    </Stack>
  );
}
