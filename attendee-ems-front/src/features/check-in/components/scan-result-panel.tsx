import { Badge, Box, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconCloudOff } from '@tabler/icons-react';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import type { ScanResult } from '../api/scan';
import type { DoorResult } from '../hooks/use-station';
import type { Tone } from '../scanner/feedback-sound';

export function toneOf(result: ScanResult): Tone {
  if (result === 'OK') return 'ok';
  if (result === 'ALREADY_CHECKED_IN' || result === 'NOT_CHECKED_IN') return 'warning';
  return 'refused';
}

const COLORS: Record<Tone, { background: string; color: string }> = {
  // Dark text: white on this green is 2.8:1, too faint to read at a glance (WCAG AA asks 4.5:1).
  ok: { background: 'var(--mantine-color-green-7)', color: 'var(--mantine-color-dark-9)' },
  warning: { background: 'var(--mantine-color-yellow-5)', color: 'var(--mantine-color-dark-9)' },
  refused: { background: 'var(--mantine-color-red-8)', color: 'white' },
};

export function resultTitleKey(result: DoorResult): TranslationKey {
  if (result.result === 'OK' && result.direction === 'out') return 'checkIn.result.OK.out';
  return `checkIn.result.${result.result}` as TranslationKey;
}

/** The big coloured answer of the last scan; announced to screen readers as it changes. */
export function ScanResultPanel({ result, idleText }: { result: DoorResult | null; idleText: string }) {
  const { t, formatDateTime } = useI18n();
  if (!result) {
    return (
      <Box data-testid="scan-result" data-result="" p="xl" style={{ borderRadius: 16, border: '2px dashed var(--mantine-color-gray-5)', minHeight: 200 }} role="status" aria-live="polite">
        <Text ta="center" fz={24} c="dimmed" mt="xl">
          {idleText}
        </Text>
      </Box>
    );
  }
  const tone = toneOf(result.result);
  const Icon = tone === 'ok' ? IconCircleCheck : tone === 'warning' ? IconAlertTriangle : IconCircleX;
  const name = result.person ? `${result.person.firstName} ${result.person.lastName}`.trim() : null;
  const previous = result.previous;
  return (
    <Box
      data-testid="scan-result"
      data-result={result.result}
      data-tone={tone}
      data-offline={result.isOffline ? 'true' : 'false'}
      p="xl"
      style={{ borderRadius: 16, minHeight: 200, ...COLORS[tone], opacity: result.isUndone ? 0.55 : 1 }}
      role="status"
      aria-live="assertive"
      aria-atomic
    >
      <Stack gap="xs" align="center">
        <Icon size={64} aria-hidden />
        <Title order={2} fz={{ base: 30, sm: 40 }} ta="center" c="inherit">
          {t(resultTitleKey(result))}
        </Title>
        {name && (
          <Text fz={{ base: 24, sm: 32 }} fw={700} ta="center" data-testid="scan-result-name">
            {name}
          </Text>
        )}
        {result.person?.attendeeType && (
          <Badge size="xl" color={result.person.attendeeTypeColor ?? 'gray'} variant="filled" style={{ border: '2px solid white' }}>
            {result.person.attendeeType}
          </Badge>
        )}
        {previous?.at && (
          <Text fz="lg" ta="center" data-testid="scan-result-previous">
            {[t('checkIn.result.previous', { at: formatDateTime(previous.at) }), previous.by ? t('checkIn.result.previousBy', { by: previous.by }) : null, previous.gate ? t('checkIn.result.previousGate', { gate: previous.gate }) : null]
              .filter(Boolean)
              .join(' ')}
          </Text>
        )}
        {result.occupancy !== undefined && <Text fz="lg">{t('checkIn.result.occupancy', { count: result.occupancy })}</Text>}
        <Group gap="xs">
          {result.isOffline && (
            <Badge size="lg" color="dark" variant="filled" leftSection={<IconCloudOff size={14} aria-hidden />} data-testid="scan-result-offline">
              {t('checkIn.result.offline')}
            </Badge>
          )}
          {result.isUndone && (
            <Badge size="lg" color="dark" variant="filled">
              {t('checkIn.result.undone')}
            </Badge>
          )}
        </Group>
      </Stack>
    </Box>
  );
}
