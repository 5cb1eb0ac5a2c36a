import { Group, Progress, Text } from '@mantine/core';
import { useI18n } from '@/lib/i18n/i18n';

/** Seats held against capacity (or just the count when unlimited). */
export function FillRate({ seatsTaken, capacity }: { seatsTaken: number; capacity: number | null }) {
  const { t } = useI18n();
  if (capacity === null || capacity === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('events.fill.unlimited', { count: seatsTaken })}
      </Text>
    );
  }
  const ratio = Math.min(1, seatsTaken / capacity);
  const percent = Math.round(ratio * 100);
  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Text size="sm">{t('events.fill.seats', { taken: seatsTaken, capacity })}</Text>
        <Text size="sm" fw={600}>
          {percent}%
        </Text>
      </Group>
      <Progress
        value={percent}
        color={ratio >= 1 ? 'red' : ratio >= 0.8 ? 'orange' : 'blue'}
        aria-label={t('events.fill.label', { percent })}
      />
    </div>
  );
}
