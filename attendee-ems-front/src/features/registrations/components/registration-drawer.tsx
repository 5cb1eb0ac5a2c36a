import { Alert, Anchor, Badge, Button, Drawer, Group, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { usePermissions } from '@/lib/auth/me';
import { ApiError } from '@/lib/api';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useDeleteRegistration } from '../api/delete-registration';
import { useRegistration } from '../api/get-registration';
import { useRegistrationEmails } from '../api/get-registration-emails';
import type { RegistrationStatus } from '../api/get-registrations';
import { useRestoreRegistration } from '../api/restore-registration';
import { useUpdateRegistration } from '../api/update-registration';
import { RegistrationHistory } from './registration-history';
import { RegistrationStatusBadge } from './registration-status-badge';
import { formatAnswer, type AnswerColumn } from './registrations-table';

/** Which status buttons each status offers. */
export const STATUS_ACTIONS: Record<RegistrationStatus, RegistrationStatus[]> = {
  awaiting: ['approved', 'refused', 'cancelled'],
  approved: ['cancelled', 'refused'],
  waitlisted: ['approved', 'cancelled'],
  refused: ['approved', 'awaiting'],
  cancelled: ['awaiting', 'approved'],
};

interface RegistrationDrawerProps {
  eventId: string;
  registrationId: string | null;
  answerColumns: AnswerColumn[];
  attendeeTypes: { id: string; name: string }[];
  canApprove: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** Actions from other features (e.g. "Print badge"), shown under the status. */
  actions?: ReactNode;
  onClose: () => void;
}

export function RegistrationDrawer({ eventId, registrationId, answerColumns, attendeeTypes, canApprove, canUpdate, canDelete, actions, onClose }: RegistrationDrawerProps) {
  const { t } = useI18n();
  const { can } = usePermissions();
  const canReadEmails = can('emails.read');
  const { data: registration, error, refetch } = useRegistration(eventId, registrationId);
  const update = useUpdateRegistration(eventId);
  const remove = useDeleteRegistration(eventId);
  const restore = useRestoreRegistration(eventId);

  const fail = (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
  };
  const act = async (work: () => Promise<unknown>, done: TranslationKey) => {
    try {
      await work();
      notifications.show({ color: 'green', message: t(done) });
    } catch (cause) {
      fail(cause);
    }
  };

  const name = registration ? `${registration.firstName} ${registration.lastName}` : '';
  const answerEntries = registration ? Object.entries(registration.answers) : [];
  const diff = (registration?.profileDiff ?? null) as Record<string, { submitted: unknown; profile: unknown }> | null;

  return (
    <Drawer
      opened={registrationId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={name || t('registrations.drawer.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {error && !registration ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : !registration ? (
        <SectionLoader />
      ) : (
        <Stack gap="md" data-testid="registration-drawer">
          <Group gap="xs">
            <RegistrationStatusBadge status={registration.status} />
            {registration.waitlistPosition !== null && <Text size="sm">{t('registrations.waitlistPosition', { position: registration.waitlistPosition })}</Text>}
            {registration.deletedAt && (
              <Text size="sm" c="red">
                {t('registrations.deleted')}
              </Text>
            )}
          </Group>
          {canApprove && !registration.deletedAt && (
            <Group gap="xs">
              {STATUS_ACTIONS[registration.status].map((status) => (
                <Button
                  key={status}
                  size="xs"
                  variant={status === 'approved' ? 'filled' : 'default'}
                  color={status === 'refused' || status === 'cancelled' ? 'red' : undefined}
                  loading={update.isPending && update.variables?.body.status === status}
                  onClick={() => act(() => update.mutateAsync({ registrationId: registration.id, body: { status } }), 'registrations.updated')}
                >
                  {t(`registrations.action.${status}` as TranslationKey)}
                </Button>
              ))}
            </Group>
          )}
          {actions && <Group gap="xs">{actions}</Group>}
          <Table variant="vertical" layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={170}>{t('registrations.column.email')}</Table.Th>
                <Table.Td>{registration.email ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('registrations.drawer.confirmation')}</Table.Th>
                <Table.Td>{registration.confirmationNumber}</Table.Td>
              </Table.Tr>
              {(['phone', 'company', 'jobTitle', 'country'] as const).map((key) =>
                registration[key] ? (
                  <Table.Tr key={key}>
                    <Table.Th>{t(`registrations.field.${key}` as TranslationKey)}</Table.Th>
                    <Table.Td>{registration[key]}</Table.Td>
                  </Table.Tr>
                ) : null,
              )}
              <Table.Tr>
                <Table.Th>{t('registrations.column.type')}</Table.Th>
                <Table.Td>
                  {canUpdate && attendeeTypes.length > 0 ? (
                    <Select
                      aria-label={t('registrations.column.type')}
                      size="xs"
                      data={attendeeTypes.map((type) => ({ value: type.id, label: type.name }))}
                      value={registration.attendeeTypeId}
                      clearable
                      onChange={(value) => act(() => update.mutateAsync({ registrationId: registration.id, body: { attendeeTypeId: value as never } }), 'registrations.updated')}
                    />
                  ) : (
                    (registration.attendeeTypeName ?? '—')
                  )}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('registrations.drawer.source')}</Table.Th>
                <Table.Td>{registration.source}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {diff && Object.keys(diff).length > 0 && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('registrations.drawer.profileDiff')}>
              <Text size="sm" mb="xs">
                {t('registrations.drawer.profileDiffHint')}
              </Text>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    <Table.Th>{t('registrations.drawer.typed')}</Table.Th>
                    <Table.Th>{t('registrations.drawer.crm')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {Object.entries(diff).map(([field, values]) => (
                    <Table.Tr key={field}>
                      <Table.Th>{t(`registrations.field.${field}` as TranslationKey)}</Table.Th>
                      <Table.Td>{String(values.submitted ?? '')}</Table.Td>
                      <Table.Td>{String(values.profile ?? '')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Alert>
          )}
          {answerEntries.length > 0 && (
            <Stack gap={4}>
              <Title order={3} fz="sm">
                {t('registrations.drawer.answers')}
              </Title>
              <Table variant="vertical" layout="fixed">
                <Table.Tbody>
                  {answerEntries.map(([field, value]) => {
                    const column = answerColumns.find((candidate) => candidate.id === field);
                    return (
                      <Table.Tr key={field}>
                        <Table.Th w={170}>{column?.label ?? field}</Table.Th>
                        <Table.Td>{formatAnswer(value, column)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Stack>
          )}
          <RegistrationHistory eventId={eventId} registrationId={registration.id} />
          <RegistrationEmails eventId={eventId} registrationId={registration.id} enabled={canReadEmails} />
          <Group justify="space-between">
            <Anchor href={`/r/${registration.credential}`} target="_blank" rel="noopener" size="sm">
              {t('registrations.drawer.personalPage')}
            </Anchor>
            {canDelete &&
              (registration.deletedAt ? (
                <Button size="xs" variant="default" loading={restore.isPending} onClick={() => act(() => restore.mutateAsync(registration.id), 'registrations.restored')}>
                  {t('registrations.action.restore')}
                </Button>
              ) : (
                <Button
                  size="xs"
                  color="red"
                  variant="subtle"
                  loading={remove.isPending}
                  onClick={() => act(async () => {
                    await remove.mutateAsync(registration.id);
                    onClose();
                  }, 'registrations.removed')}
                >
                  {t('common.delete')}
                </Button>
              ))}
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}

const EMAIL_STATUS_COLORS = { pending: 'gray', sending: 'blue', sent: 'green', failed: 'red' } as const;

/** The emails this person received for the event, with their delivery state. */
function RegistrationEmails({ eventId, registrationId, enabled }: { eventId: string; registrationId: string; enabled: boolean }) {
  const { t, formatDateTime } = useI18n();
  const { data } = useRegistrationEmails(eventId, registrationId, enabled);
  if (!enabled || !data) return null;
  return (
    <Stack gap={4}>
      <Title order={3} fz="sm">
        {t('registrations.drawer.emails')}
      </Title>
      {data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('registrations.drawer.noEmails')}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            {data.items.map((email) => (
              <Table.Tr key={email.id}>
                <Table.Td c="dimmed" w={150}>
                  {formatDateTime(email.sentAt ?? email.createdAt)}
                </Table.Td>
                <Table.Td>{email.subject}</Table.Td>
                <Table.Td w={90}>
                  <Tooltip label={email.lastError ?? ''} disabled={!email.lastError}>
                    <Badge color={EMAIL_STATUS_COLORS[email.status as keyof typeof EMAIL_STATUS_COLORS] ?? 'gray'} variant="light" tt="none">
                      {t(`emails.status.${email.status}` as TranslationKey)}
                    </Badge>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
