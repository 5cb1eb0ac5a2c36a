import { ActionIcon, Avatar, Badge, Group, Menu, Select, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { RoleBadge } from '@/components/role-badge';
import { describeError } from '@/lib/api/error-message';
import { useI18n } from '@/lib/i18n/i18n';
import { useChangeUserRole } from '../api/change-user-role';
import type { OrganizationUser } from '../api/get-users';
import { useSetUserActive } from '../api/set-user-active';

export interface AssignableRole {
  id: string;
  name: string;
  rank: number;
}

export interface UsersTableProps {
  users: OrganizationUser[];
  /** Roles the current user may hand out. */
  assignableRoles: AssignableRole[];
  currentUserId: string;
  /** null: no rank limit (platform super admin). */
  currentRank: number | null;
  canUpdate: boolean;
}

export function UsersTable({ users, assignableRoles, currentUserId, currentRank, canUpdate }: UsersTableProps) {
  const { t, formatDateTime } = useI18n();
  const changeRole = useChangeUserRole();
  const setActive = useSetUserActive();
  const [pendingDeactivation, setPendingDeactivation] = useState<OrganizationUser | null>(null);

  const isManageable = (user: OrganizationUser) =>
    canUpdate && user.id !== currentUserId && (currentRank === null || user.role.rank < currentRank);

  const onRoleChange = (user: OrganizationUser, roleId: string | null) => {
    if (!roleId || roleId === user.role.id) return;
    changeRole.mutate(
      { userId: user.id, roleId },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('users.roleChanged', { name: displayName(user) }) }),
        onError: (error) => notifications.show({ color: 'red', message: describeError(error, t) }),
      },
    );
  };

  const onSetActive = (user: OrganizationUser, isActive: boolean) => {
    setActive.mutate(
      { userId: user.id, isActive },
      {
        onSuccess: () => {
          setPendingDeactivation(null);
          notifications.show({
            color: 'teal',
            message: t(isActive ? 'users.reactivated' : 'users.deactivated', { name: displayName(user) }),
          });
        },
        onError: (error) => notifications.show({ color: 'red', message: describeError(error, t) }),
      },
    );
  };

  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.column.name')}</Table.Th>
              <Table.Th>{t('users.column.role')}</Table.Th>
              <Table.Th>{t('users.column.status')}</Table.Th>
              <Table.Th>{t('users.column.lastLogin')}</Table.Th>
              <Table.Th w={56}>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((user) => {
              const manageable = isManageable(user);
              const name = displayName(user);
              // The user's current role stays selectable even when it ranks above what we may assign.
              const options = assignableRoles.some((role) => role.id === user.role.id)
                ? assignableRoles
                : [{ id: user.role.id, name: user.role.name, rank: user.role.rank }, ...assignableRoles];
              return (
                <Table.Tr key={user.id} data-testid="user-row">
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Avatar size={36} radius="xl" name={name} color="initials" />
                      <div>
                        <Text size="sm" fw={500}>
                          {name}
                          {user.id === currentUserId && (
                            <Text span size="xs" c="dimmed" ml={6}>
                              ({t('users.you')})
                            </Text>
                          )}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {user.email}
                        </Text>
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {manageable ? (
                      <Select
                        size="xs"
                        w={200}
                        aria-label={t('users.changeRoleFor', { name })}
                        data={options.map((role) => ({ value: role.id, label: role.name }))}
                        value={user.role.id}
                        allowDeselect={false}
                        onChange={(roleId) => onRoleChange(user, roleId)}
                        disabled={changeRole.isPending}
                      />
                    ) : (
                      <RoleBadge role={user.role} />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={user.isActive ? 'teal' : 'gray'} tt="none">
                      {t(user.isActive ? 'users.status.active' : 'users.status.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                      {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.neverLoggedIn')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {manageable && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={t('users.actionsFor', { name })}>
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {user.isActive ? (
                            <Menu.Item color="red" leftSection={<IconUserOff size={16} />} onClick={() => setPendingDeactivation(user)}>
                              {t('users.deactivate')}
                            </Menu.Item>
                          ) : (
                            <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => onSetActive(user, true)}>
                              {t('users.reactivate')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={pendingDeactivation !== null}
        title={t('users.deactivateTitle')}
        message={t('users.deactivateMessage', { name: pendingDeactivation ? displayName(pendingDeactivation) : '' })}
        confirmLabel={t('users.deactivate')}
        isDanger
        isLoading={setActive.isPending}
        onConfirm={() => pendingDeactivation && onSetActive(pendingDeactivation, false)}
        onClose={() => setPendingDeactivation(null)}
      />
    </>
  );
}

function displayName(user: { firstName: string; lastName: string; email: string }): string {
  return `${user.firstName} ${user.lastName}`.trim() || user.email;
}
