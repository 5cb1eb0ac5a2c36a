import { ActionIcon, Badge, Card, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconEye, IconPencil, IconTrash } from '@tabler/icons-react';
import { useI18n } from '@/lib/i18n/i18n';
import type { Role } from '../api/get-roles';

export interface RolesTableProps {
  roles: Role[];
  canUpdate: boolean;
  canDelete: boolean;
  onOpen: (role: Role) => void;
  onDelete: (role: Role) => void;
}

export function RolesTable({ roles, canUpdate, canDelete, onOpen, onDelete }: RolesTableProps) {
  const { t } = useI18n();
  const sorted = [...roles].sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
  return (
    <Card withBorder padding={0} radius="md">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('roles.name')}</Table.Th>
              <Table.Th>{t('roles.rank')}</Table.Th>
              <Table.Th>{t('roles.members')}</Table.Th>
              <Table.Th>{t('roles.permissions')}</Table.Th>
              <Table.Th w={96}>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((role) => {
              const isEditable = !role.isSystem && canUpdate;
              return (
                <Table.Tr key={role.id} data-testid="role-row">
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={500}>
                        {role.name}
                      </Text>
                      <Badge size="xs" variant="light" color={role.isSystem ? 'gray' : 'indigo'} tt="none">
                        {t(role.isSystem ? 'roles.system' : 'roles.custom')}
                      </Badge>
                    </Group>
                    {role.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {role.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{role.rank}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{role.memberCount}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t('roles.permissionCount', { count: role.permissions.length })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Tooltip label={t(isEditable ? 'common.edit' : 'common.view')}>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t(isEditable ? 'roles.editRole' : 'roles.viewRole', { name: role.name })}
                          onClick={() => onOpen(role)}
                        >
                          {isEditable ? <IconPencil size={18} /> : <IconEye size={18} />}
                        </ActionIcon>
                      </Tooltip>
                      {!role.isSystem && canDelete && (
                        <Tooltip label={t('common.delete')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('roles.deleteRole', { name: role.name })}
                            onClick={() => onDelete(role)}
                          >
                            <IconTrash size={18} />
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
    </Card>
  );
}
