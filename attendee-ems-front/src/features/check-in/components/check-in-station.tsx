import { Alert, Anchor, Box, Button, Container, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconCamera, IconLock, IconLogout, IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { FullPageLoader } from '@/components/full-page-loader';
import { describeError } from '@/lib/api/error-message';
import { useI18n } from '@/lib/i18n/i18n';
import { useStation, type DoorResult } from '../hooks/use-station';
import { playTone } from '../scanner/feedback-sound';
import { CameraScanner } from './camera-scanner';
import { KioskExitModal } from './kiosk-exit-modal';
import { NameSearch } from './name-search';
import { ScanInput } from './scan-input';
import { ScanResultPanel, toneOf } from './scan-result-panel';
import { StationStatusBar } from './station-status-bar';

/** After this long the kiosk forgets the last visitor and invites the next one. */
const KIOSK_RESET_MS = 5000;

export interface CheckInStationProps {
  eventId: string;
  gate?: string;
  sessionId?: string;
  isKiosk: boolean;
  onLeaveKiosk: () => void;
}

/** The full-screen door station: scan, see the answer, keep working offline. */
export function CheckInStation({ eventId, gate, sessionId, isKiosk, onLeaveKiosk }: CheckInStationProps) {
  const { t } = useI18n();
  const station = useStation({ eventId, gate, sessionId });
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [isCameraOn, setCameraOn] = useState(false);
  const [isSearchOpen, setSearchOpen] = useState(false);
  const [isExitOpen, setExitOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const announce = useCallback((result: DoorResult | null) => {
    if (result) playTone(toneOf(result.result));
  }, []);

  const onScan = useCallback(
    (credential: string) => {
      setError(null);
      station.scan({ credential }, isKiosk ? 'in' : direction).then(announce, (cause: unknown) => {
        playTone('refused');
        setError(t('checkIn.station.error', { message: describeError(cause, t) }));
      });
    },
    [station, direction, isKiosk, announce, t],
  );

  const { lastResult, clearResult } = station;
  useEffect(() => {
    if (!isKiosk || !lastResult) return;
    const timer = setTimeout(clearResult, KIOSK_RESET_MS);
    return () => clearTimeout(timer);
  }, [isKiosk, lastResult, clearResult]);

  useEffect(() => {
    document.title = `${t('checkIn.station.title')} · ${station.identity?.eventName ?? ''}`;
  }, [t, station.identity]);

  if (station.phase === 'starting' && !station.identity) return <FullPageLoader />;
  if (station.phase === 'signed-out' || station.phase === 'forbidden' || station.phase === 'failed') {
    const here = `${location.pathname}${location.search}`;
    return (
      <Container size="sm" py="xl">
        <Alert color={station.phase === 'forbidden' ? 'red' : 'orange'} title={t('checkIn.station.title')} role="alert">
          <Stack>
            <Text>{t(station.phase === 'signed-out' ? 'checkIn.station.signedOut' : station.phase === 'forbidden' ? 'checkIn.station.forbidden' : 'checkIn.station.failed')}</Text>
            <Group>
              {station.phase === 'signed-out' ? (
                <Button component="a" href={`/login?redirect=${encodeURIComponent(here)}`}>
                  {t('checkIn.station.signIn')}
                </Button>
              ) : (
                <Button component={Link} to="/check-in" variant="light">
                  {t('checkIn.station.exit')}
                </Button>
              )}
            </Group>
          </Stack>
        </Alert>
      </Container>
    );
  }

  const identity = station.identity;
  const session = identity?.sessions.find((item) => item.id === sessionId);
  const place = [gate ? t('checkIn.station.gate', { gate }) : null, session ? t('checkIn.station.session', { session: session.name }) : t('checkIn.station.eventLevel')].filter(Boolean).join(' · ');
  const isModalOpen = isSearchOpen || isExitOpen;

  if (isKiosk) {
    const result = lastResult;
    const welcome = result?.result === 'OK' && result.person ? t('checkIn.kiosk.welcome', { name: result.person.firstName }) : null;
    return (
      <Box mih="100dvh" p="md" style={{ display: 'flex', flexDirection: 'column' }} data-testid="kiosk">
        <Group justify="space-between">
          <StationStatusBar station={station} isCompact />
          <Button variant="subtle" color="gray" leftSection={<IconLock size={16} aria-hidden />} onClick={() => setExitOpen(true)}>
            {t('checkIn.kiosk.exit')}
          </Button>
        </Group>
        <Stack flex={1} justify="center" align="stretch" maw={720} mx="auto" w="100%" gap="lg">
          <Title order={1} ta="center" fz={{ base: 36, sm: 56 }}>
            {welcome ?? identity?.eventName ?? t('checkIn.kiosk.title')}
          </Title>
          {result ? (
            <>
              <ScanResultPanel result={result} idleText="" />
              {result.result !== 'OK' && (
                <Text ta="center" fz="xl">
                  {t('checkIn.kiosk.seeStaff')}
                </Text>
              )}
            </>
          ) : (
            <Text ta="center" fz={{ base: 22, sm: 30 }} role="status">
              {t('checkIn.kiosk.prompt')}
            </Text>
          )}
          {isCameraOn && <CameraScanner onScan={onScan} />}
          <ScanInput onScan={onScan} isPaused={isModalOpen} isCompact />
          <Button variant="light" size="lg" leftSection={<IconCamera size={20} aria-hidden />} onClick={() => setCameraOn((on) => !on)}>
            {t(isCameraOn ? 'checkIn.station.cameraStop' : 'checkIn.station.camera')}
          </Button>
        </Stack>
        <KioskExitModal
          isOpen={isExitOpen}
          email={identity?.userEmail ?? ''}
          isOnline={station.isOnline}
          onClose={() => setExitOpen(false)}
          onUnlocked={() => {
            setExitOpen(false);
            onLeaveKiosk();
          }}
        />
      </Box>
    );
  }

  return (
    <Box mih="100dvh" component="main">
      <Box px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Title order={1} fz={{ base: 'lg', sm: 'xl' }}>
              {identity?.eventName ?? t('checkIn.station.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {place}
              {identity ? ` · ${t('checkIn.station.operator', { name: identity.userName })}` : ''}
            </Text>
          </div>
          <Button component={Link} to="/check-in" variant="subtle" leftSection={<IconLogout size={16} aria-hidden />}>
            {t('checkIn.station.exit')}
          </Button>
        </Group>
      </Box>
      <Container size="md" py="md">
        <Stack gap="md">
          <StationStatusBar station={station} />
          {station.isSessionLost && (
            <Alert color="orange" role="alert">
              <Group justify="space-between">
                <Text size="sm">{t('checkIn.station.sessionLost')}</Text>
                <Anchor href={`/login?redirect=${encodeURIComponent(location.pathname + location.search)}`}>{t('checkIn.station.signIn')}</Anchor>
              </Group>
            </Alert>
          )}
          {station.syncReport && (
            <Text size="sm" c={station.syncReport.differing ? 'orange' : 'dimmed'} role="status" data-testid="sync-report">
              {station.syncReport.differing
                ? t('checkIn.station.syncedDiffering', { sent: station.syncReport.sent, differing: station.syncReport.differing })
                : t('checkIn.station.synced', { sent: station.syncReport.sent })}
            </Text>
          )}
          <SegmentedControl
            aria-label={t('checkIn.station.direction')}
            value={direction}
            onChange={(value) => setDirection(value as 'in' | 'out')}
            data={[
              { value: 'in', label: t('checkIn.station.directionIn') },
              { value: 'out', label: t('checkIn.station.directionOut') },
            ]}
          />
          <ScanInput onScan={onScan} isPaused={isModalOpen} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <ScanResultPanel result={lastResult} idleText={t('checkIn.station.ready')} />
          <Group gap="sm" grow>
            <Button variant="light" leftSection={<IconCamera size={18} aria-hidden />} onClick={() => setCameraOn((on) => !on)}>
              {t(isCameraOn ? 'checkIn.station.cameraStop' : 'checkIn.station.camera')}
            </Button>
            <Button variant="light" leftSection={<IconSearch size={18} aria-hidden />} onClick={() => setSearchOpen(true)}>
              {t('checkIn.station.search')}
            </Button>
            <Button
              variant="light"
              color="orange"
              leftSection={<IconArrowBackUp size={18} aria-hidden />}
              disabled={!station.canUndo}
              onClick={() => station.undo().catch((cause: unknown) => setError(describeError(cause, t)))}
            >
              {t('checkIn.station.undo')}
            </Button>
          </Group>
          {isCameraOn && <CameraScanner onScan={onScan} />}
        </Stack>
      </Container>
      <NameSearch
        isOpen={isSearchOpen}
        isOnline={station.isOnline}
        onClose={() => setSearchOpen(false)}
        search={station.search}
        onPick={(person) => {
          setError(null);
          station.scan({ registrationId: person.id }, direction).then(announce, (cause: unknown) => setError(describeError(cause, t)));
        }}
      />
    </Box>
  );
}
