import { ActionIcon, Badge, Card, EmptyState, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMail, IconMailForward, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { RoleBadge } from '@/components/role-badge';
import { describeError } from '@/lib/api/error-message';
import { useI18n } from '@/lib/i18n/i18n';
import { useCancelInvitation } from '../api/cancel-invitation';
import { useInvitations, type Invitation } from '../api/get-invitations';
import { useResendInvitation } from '../api/resend-invitation';

const STATUS_COLORS: Record<Invitation['status'], string> = {
  pending: 'blue',
  accepted: 'teal',
  cancelled: 'gray',
  expired: 'orange',
};

export function InvitationsTable({ canResend, canCancel }: { canResend: boolean; canCancel: boolean }) {
  const { t, formatDate } = useI18n();
  const { data, error, isPending, refetch } = useInvitations();
  const resend = useResendInvitation();
  const cancel = useCancelInvitation();
  const [pendingCancel, setPendingCancel] = useState<Invitation | null>(null);

  const onResend = (invitation: Invitation) =>
    resend.mutate(invitation.id, {
      onSuccess: () => notifications.show({ color: 'teal', message: t('invitations.resent', { email: invitation.email }) }),
      onError: (err) => notifications.show({ color: 'red', message: describeError(err, t) }),
    });

  const onCancel = (invitation: Invitation) =>
    cancel.mutate(invitation.id, {
      onSuccess: () => {
        setPendingCancel(null);
        notifications.show({ color: 'teal', message: t('invitations.cancelled', { email: invitation.email }) });
      },
      onError: (err) => notifications.show({ color: 'red', message: describeError(err, t) }),
    });

  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (isPending) return <SectionLoader />;
  const items = data?.items ?? [];

  return (
    <Card withBorder padding={0} radius="md">
      {items.length === 0 ? (
        <EmptyState py="xl" icon={<IconMail size={24} />} title={t('invitations.empty')} description={t('invitations.emptyHint')} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('auth.email')}</Table.Th>
                <Table.Th>{t('invitations.role')}</Table.Th>
                <Table.Th>{t('invitations.column.status')}</Table.Th>
                <Table.Th>{t('invitations.column.invitedBy')}</Table.Th>
                <Table.Th>{t('invitations.column.expiresAt')}</Table.Th>
                <Table.Th w={96}>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((invitation) => {
                const isPendingStatus = invitation.status === 'pending' || invitation.status === 'expired';
                return (
                  <Table.Tr key={invitation.id} data-testid="invitation-row">
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {invitation.email}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('invitations.sentOn', { date: formatDate(invitation.createdAt) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RoleBadge role={invitation.role} />
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={STATUS_COLORS[invitation.status]} tt="none">
                        {t(`invitations.status.${invitation.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {invitation.invitedBy ? `${invitation.invitedBy.firstName} ${invitation.invitedBy.lastName}` : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(invitation.expiresAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        {canResend && isPendingStatus && (
                          <Tooltip label={t('invitations.resend')}>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('invitations.resendTo', { email: invitation.email })}
                              onClick={() => onResend(invitation)}
                              loading={resend.isPending && resend.variables === invitation.id}
                            >
                              <IconMailForward size={18} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                        {canCancel && invitation.status === 'pending' && (
                          <Tooltip label={t('invitations.cancel')}>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('invitations.cancelFor', { email: invitation.email })}
                              onClick={() => setPendingCancel(invitation)}
                            >
                              <IconX size={18} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog
        opened={pendingCancel !== null}
        title={t('invitations.cancelTitle')}
        message={t('invitations.cancelMessage', { email: pendingCancel?.email ?? '' })}
        confirmLabel={t('invitations.cancel')}
        isDanger
        isLoading={cancel.isPending}
        onConfirm={() => pendingCancel && onCancel(pendingCancel)}
        onClose={() => setPendingCancel(null)}
      />
    </Card>
  );
}
