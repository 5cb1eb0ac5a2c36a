import { Badge, Group, Loader, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowsExchange, IconDots, IconLogin2, IconLogout2, IconMail, IconPencil, IconQrcodeOff, IconRestore, IconTrash, IconUserPlus } from '@tabler/icons-react';
import { useId, useMemo, type ReactNode } from 'react';
import { QueryError } from '@/components/query-error';
import { useI18n, type TranslationKey, type TranslationParams } from '@/lib/i18n/i18n';
import { useRegistrationHistory, type RegistrationHistoryEntry } from '../api/get-registration-history';
import { RegistrationStatusBadge } from './registration-status-badge';

type Translate = (key: TranslationKey, params?: TranslationParams) => string;

const ICONS: Record<RegistrationHistoryEntry['kind'], ReactNode> = {
  created: <IconUserPlus size={12} />,
  status_changed: <IconArrowsExchange size={12} />,
  updated: <IconPencil size={12} />,
  deleted: <IconTrash size={12} />,
  restored: <IconRestore size={12} />,
  credential_revoked: <IconQrcodeOff size={12} />,
  checked_in: <IconLogin2 size={12} />,
  checked_out: <IconLogout2 size={12} />,
  email: <IconMail size={12} />,
  other: <IconDots size={12} />,
};
const COLORS: Partial<Record<RegistrationHistoryEntry['kind'], string>> = { deleted: 'red', credential_revoked: 'red', checked_in: 'teal', checked_out: 'gray', email: 'gray' };
const EMAIL_STATUS_COLORS: Record<string, string> = { pending: 'gray', sending: 'blue', sent: 'green', failed: 'red' };
const KNOWN_SOURCES = ['public', 'manual', 'import'];
const KNOWN_FIELDS = ['answers', 'attendeeTypeId', 'locale'];

const statusLabel = (t: Translate, status: string) => t(`registrations.status.${status}` as TranslationKey);
const fieldNames = (t: Translate, fields: string[]) =>
  fields.map((field) => (KNOWN_FIELDS.includes(field) ? t(`registrations.history.field.${field}` as TranslationKey) : field)).join(', ');

function actorText(t: Translate, actor: RegistrationHistoryEntry['actor']): string | null {
  if (!actor) return null;
  if (actor.kind === 'attendee') return t('registrations.history.byAttendee');
  if (actor.kind === 'system') return t('registrations.history.bySystem');
  return actor.name ? t('registrations.history.by', { name: actor.name }) : t('registrations.history.byFormerMember');
}

function title(t: Translate, entry: RegistrationHistoryEntry): ReactNode {
  switch (entry.kind) {
    case 'created':
      return entry.toStatus ? (
        <Group gap={6} component="span">
          {t('registrations.history.created')}
          <RegistrationStatusBadge status={entry.toStatus} />
        </Group>
      ) : (
        t('registrations.history.created')
      );
    case 'status_changed':
      return entry.fromStatus
        ? t('registrations.history.status', { from: statusLabel(t, entry.fromStatus), to: statusLabel(t, entry.toStatus ?? '') })
        : t('registrations.history.statusTo', { to: statusLabel(t, entry.toStatus ?? '') });
    case 'updated':
      return entry.fields.length ? t('registrations.history.updated', { fields: fieldNames(t, entry.fields) }) : t('registrations.history.updatedNoFields');
    case 'deleted':
      return t('registrations.history.deleted');
    case 'restored':
      return t('registrations.history.restored');
    case 'credential_revoked':
      return t('registrations.history.credentialRevoked');
    case 'checked_in':
      return t('registrations.history.checkedIn');
    case 'checked_out':
      return t('registrations.history.checkedOut');
    case 'email':
      return t('registrations.history.email', { subject: entry.subject ?? entry.template ?? '' });
    default:
      return t('registrations.history.other', { action: entry.action ?? '' });
  }
}

/** Secondary facts of an entry, in reading order: how, where, who. */
function details(t: Translate, entry: RegistrationHistoryEntry): string[] {
  const parts: string[] = [];
  if (entry.kind === 'created' && entry.source) {
    parts.push(KNOWN_SOURCES.includes(entry.source) ? t(`registrations.history.source.${entry.source}` as TranslationKey) : t('registrations.history.source.other', { source: entry.source }));
  }
  if (entry.kind === 'status_changed') {
    if (entry.bulk) parts.push(t('registrations.history.bulk'));
    if (entry.fields.length) parts.push(t('registrations.history.alsoChanged', { fields: fieldNames(t, entry.fields) }));
  }
  if (entry.gate) parts.push(t('registrations.history.gate', { gate: entry.gate }));
  if (entry.sessionName) parts.push(t('registrations.history.session', { session: entry.sessionName }));
  if (entry.kind === 'email' && entry.email) parts.push(entry.email);
  // Emails are sent by the platform: saying so on each would be noise.
  const actor = entry.kind === 'email' ? null : actorText(t, entry.actor);
  if (actor) parts.push(actor);
  return parts;
}

/** A registration's timeline, oldest first, with times as the event's time zone shows them. */
export function RegistrationHistory({ eventId, registrationId }: { eventId: string; registrationId: string }) {
  const { t, locale } = useI18n();
  const headingId = useId();
  const { data, error, refetch } = useRegistrationHistory(eventId, registrationId);
  const format = useMemo(
    () => (data ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: data.timezone }) : null),
    [data, locale],
  );
  const when = (iso: string) => (
    <time dateTime={iso}>{format!.format(new Date(iso))}</time>
  );

  return (
    <Stack gap={4} data-testid="registration-history">
      <Title order={3} fz="sm" id={headingId}>
        {t('registrations.drawer.history')}
      </Title>
      {error && !data ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : !data ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('registrations.history.empty')}
        </Text>
      ) : (
        <>
          <Text size="xs" c="dimmed">
            {t('registrations.history.timezone', { timezone: data.timezone })}
          </Text>
          <Timeline bulletSize={20} lineWidth={2} active={data.items.length - 1} role="list" aria-labelledby={headingId} mt="xs">
            {data.items.map((entry) => {
              const facts = details(t, entry);
              const undone = entry.undoneAt !== null;
              return (
                <Timeline.Item key={entry.id} role="listitem" bullet={ICONS[entry.kind]} color={COLORS[entry.kind]} title={<Text component="div" size="sm" fw={500} td={undone ? 'line-through' : undefined}>{title(t, entry)}</Text>}>
                  <Text size="xs" c="dimmed">
                    {when(entry.at)}
                    {facts.length > 0 && ` · ${facts.join(' · ')}`}
                  </Text>
                  {entry.kind === 'email' && entry.emailStatus && (
                    <Badge size="xs" mt={2} variant="light" tt="none" color={EMAIL_STATUS_COLORS[entry.emailStatus] ?? 'gray'}>
                      {t(`emails.status.${entry.emailStatus}` as TranslationKey)}
                    </Badge>
                  )}
                  {undone && (
                    <Text size="xs" c="orange">
                      {entry.undoneBy?.name
                        ? t('registrations.history.undoneBy', { at: format!.format(new Date(entry.undoneAt!)), name: entry.undoneBy.name })
                        : t('registrations.history.undone', { at: format!.format(new Date(entry.undoneAt!)) })}
                    </Text>
                  )}
                </Timeline.Item>
              );
            })}
          </Timeline>
        </>
      )}
    </Stack>
  );
}
