import { Badge, Button, Group, Text } from '@mantine/core';
import { IconCloud, IconCloudOff, IconDeviceFloppy, IconRefresh } from '@tabler/icons-react';
import { useI18n } from '@/lib/i18n/i18n';
import type { Station } from '../hooks/use-station';

/** Online/offline, the queue, the snapshot: what a door operator must be able to glance at. */
export function StationStatusBar({ station, isCompact = false }: { station: Station; isCompact?: boolean }) {
  const { t, formatDateTime } = useI18n();
  return (
    <Group gap="xs" wrap="wrap">
      <Badge size="lg" color={station.isOnline ? 'green' : 'gray'} variant="filled" leftSection={station.isOnline ? <IconCloud size={14} aria-hidden /> : <IconCloudOff size={14} aria-hidden />} data-testid="station-connection">
        {t(station.isOnline ? 'checkIn.station.online' : 'checkIn.station.offline')}
      </Badge>
      <Badge size="lg" color={station.pending ? 'orange' : 'gray'} variant={station.pending ? 'filled' : 'light'} role="status" aria-live="polite" data-testid="pending-scans" data-count={station.pending}>
        {station.isSyncing ? t('checkIn.station.syncing') : station.pending ? t('checkIn.station.pending', { count: station.pending }) : t('checkIn.station.pendingNone')}
      </Badge>
      {!isCompact && station.pending > 0 && station.isOnline && (
        <Button size="compact-sm" variant="light" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => void station.syncNow()}>
          {t('checkIn.station.syncNow')}
        </Button>
      )}
      {station.isOfflineReady && (
        <Badge size="lg" color="blue" variant="light" leftSection={<IconDeviceFloppy size={14} aria-hidden />} data-testid="offline-ready">
          {t('checkIn.station.offlineReady')}
        </Badge>
      )}
      {!isCompact && (
        <Text size="sm" c="dimmed" data-testid="snapshot-info">
          {t('checkIn.station.snapshot', { count: station.peopleCount })}
          {station.refreshedAt ? ` · ${t('checkIn.station.snapshotAt', { time: formatDateTime(station.refreshedAt) })}` : ''}
        </Text>
      )}
    </Group>
  );
}
