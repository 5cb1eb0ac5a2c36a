import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconSelector } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { describeError } from '@/lib/api/error-message';
import type { Me } from '@/lib/api/types';
import { useI18n } from '@/lib/i18n/i18n';
import { useSwitchOrganization } from '../api/switch-organization';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
}

export function OrganizationSwitcher({ me }: { me: Me }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const switchOrganization = useSwitchOrganization();
  const current = me.organization;
  const canSwitch = me.memberships.length > 1;

  const label = (
    <Group gap="xs" wrap="nowrap">
      <Avatar size={30} radius="md" color="indigo" variant="light">
        {current ? initials(current.name) : '?'}
      </Avatar>
      <div style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed" lh={1.1}>
          {t('org.current')}
        </Text>
        <Text size="sm" fw={600} truncate="end" maw={200} data-testid="current-organization">
          {current?.name ?? t('org.none')}
        </Text>
      </div>
      {canSwitch && <IconSelector size={16} aria-hidden />}
    </Group>
  );

  if (!canSwitch) return label;

  const onSwitch = async (organizationId: string) => {
    if (organizationId === current?.id) return;
    try {
      await switchOrganization.mutateAsync(organizationId);
      navigate('/');
    } catch (error) {
      notifications.show({ color: 'red', message: describeError(error, t) });
    }
  };

  return (
    <Menu position="bottom-start" width={280} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('org.switch')} p={4} style={{ borderRadius: 8 }}>
          {label}
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('org.switch')}</Menu.Label>
        {me.memberships.map(({ organization, role }) => (
          <Menu.Item
            key={organization.id}
            onClick={() => onSwitch(organization.id)}
            rightSection={organization.id === current?.id ? <IconCheck size={16} aria-label={t('org.current')} /> : null}
          >
            <Text size="sm">{organization.name}</Text>
            <Text size="xs" c="dimmed">
              {role.name}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
