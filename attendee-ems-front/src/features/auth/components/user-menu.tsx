import { Avatar, Box, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Me } from '@/lib/api/types';
import { useI18n } from '@/lib/i18n/i18n';
import { useLogout } from '../api/logout';

export function UserMenu({ me }: { me: Me }) {
  const { t } = useI18n();
  const logout = useLogout();
  const { user, role } = me;
  const fullName = `${user.firstName} ${user.lastName}`.trim() || user.email;

  // Clearing the session makes the route guard show the login page.
  const onLogout = () => logout.mutate();

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        {/* Named by its content, not aria-label: the name shown must be part of what is announced (WCAG 2.5.3). */}
        <UnstyledButton p={4} style={{ borderRadius: 8 }}>
          <VisuallyHidden>{t('userMenu.open')}</VisuallyHidden>
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="indigo" name={fullName} aria-hidden />
            <Box miw={0} visibleFrom="sm">
              <Text size="sm" fw={500} truncate="end" maw={160}>
                {fullName}
              </Text>
              {role && (
                <Text size="xs" c="dimmed" truncate="end" maw={160}>
                  {role.name}
                </Text>
              )}
            </Box>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
          {t('userMenu.profile')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={onLogout}>
          {t('userMenu.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
