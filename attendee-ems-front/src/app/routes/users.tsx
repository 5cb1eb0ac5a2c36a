import { Button, Stack, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMail, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { InvitationsTable } from '@/features/invitations/components/invitations-table';
import { InviteUserModal } from '@/features/invitations/components/invite-user-modal';
import { useRoles } from '@/features/roles/api/get-roles';
import { UsersPanel } from '@/features/users/components/users-panel';
import { useMe, usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';

export function UsersRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: me } = useMe();
  const { can } = usePermissions();
  const [isInviteOpen, invite] = useDisclosure(false);
  const roles = useRoles();

  const tab = pathname.endsWith('/invitations') && can('invitations.read') ? 'invitations' : 'members';
  const currentRank = me?.user.isSuperAdmin ? null : (me?.role?.rank ?? 0);
  // You may hand out roles at or below your own rank; the API has the final word.
  const assignableRoles = (roles.data ?? [])
    .filter((role) => currentRank === null || role.rank <= currentRank)
    .filter((role) => role.code !== 'SUPER_ADMIN')
    .sort((a, b) => b.rank - a.rank);

  return (
    <Stack gap={0}>
      <PageHeader
        title={t('users.title')}
        description={t('users.subtitle')}
        actions={
          can('invitations.create') && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={invite.open}>
              {t('invitations.invite')}
            </Button>
          )
        }
      />
      <Tabs value={tab} onChange={(value) => navigate(value === 'invitations' ? '/users/invitations' : '/users')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
            {t('users.tab.members')}
          </Tabs.Tab>
          {can('invitations.read') && (
            <Tabs.Tab value="invitations" leftSection={<IconMail size={16} />}>
              {t('users.tab.invitations')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="members">
          {me && (
            <UsersPanel
              assignableRoles={assignableRoles}
              currentUserId={me.user.id}
              currentRank={currentRank}
              canUpdate={can('users.update')}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="invitations">
          <InvitationsTable canResend={can('invitations.create')} canCancel={can('invitations.cancel')} />
        </Tabs.Panel>
      </Tabs>
      <InviteUserModal opened={isInviteOpen} onClose={invite.close} roles={assignableRoles} />
    </Stack>
  );
}
