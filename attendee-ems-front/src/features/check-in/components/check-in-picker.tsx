import { Button, Card, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconChartBar, IconScan } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useCheckInEvents } from '../api/get-check-in-events';
import { useSessions } from '../api/get-sessions';

const CHECKABLE = new Set(['published', 'registration_closed', 'postponed']);

/** Where the station URL is built: event, gate, optional session, kiosk mode. */
export function stationPath(eventId: string, options: { gate?: string; sessionId?: string | null; isKiosk?: boolean }) {
  const params = new URLSearchParams();
  if (options.gate?.trim()) params.set('gate', options.gate.trim());
  if (options.sessionId) params.set('session', options.sessionId);
  if (options.isKiosk) params.set('mode', 'kiosk');
  const query = params.toString();
  return `/check-in/${eventId}/scan${query ? `?${query}` : ''}`;
}

export function CheckInPicker() {
  const { t, formatDate } = useI18n();
  const events = useCheckInEvents();
  const [eventId, setEventId] = useState<string | null>(null);
  const [gate, setGate] = useState('');
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [isKiosk, setKiosk] = useState(false);
  const sessions = useSessions(eventId ?? undefined);

  if (events.error && !events.data) return <QueryError error={events.error} onRetry={() => events.refetch()} />;
  if (!events.data) return <SectionLoader />;
  const choices = events.data.items
    .filter((event) => CHECKABLE.has(event.status))
    .map((event) => ({ value: event.id, label: `${event.name} · ${formatDate(event.startAt)}` }));
  if (choices.length === 0) return <Text c="dimmed">{t('checkIn.noEvents')}</Text>;

  return (
    <Card withBorder radius="md" padding="lg" maw={640}>
      <Stack>
        <Select
          label={t('checkIn.event')}
          placeholder={t('checkIn.eventPlaceholder')}
          data={choices}
          value={eventId}
          onChange={(value) => {
            setEventId(value);
            setSessionId(null);
          }}
          searchable
          required
        />
        <TextInput label={t('checkIn.gate')} placeholder={t('checkIn.gatePlaceholder')} description={t('checkIn.gateHint')} value={gate} onChange={(event) => setGate(event.currentTarget.value)} maxLength={80} />
        <Select
          label={t('checkIn.session')}
          data={[{ value: '', label: t('checkIn.sessionNone') }, ...(sessions.data ?? []).map((session) => ({ value: session.id, label: session.name }))]}
          value={sessionId ?? ''}
          onChange={(value) => setSessionId(value || null)}
          disabled={!eventId}
        />
        <Switch label={t('checkIn.kiosk')} description={t('checkIn.kioskHint')} checked={isKiosk} onChange={(event) => setKiosk(event.currentTarget.checked)} />
        <Group>
          <Button component={Link} to={eventId ? stationPath(eventId, { gate, sessionId, isKiosk }) : '#'} disabled={!eventId} leftSection={<IconScan size={18} aria-hidden />} data-disabled={!eventId || undefined}>
            {t('checkIn.openStation')}
          </Button>
          <Button component={Link} to={eventId ? `/events/${eventId}/live` : '#'} variant="light" disabled={!eventId} leftSection={<IconChartBar size={18} aria-hidden />}>
            {t('checkIn.openLive')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
