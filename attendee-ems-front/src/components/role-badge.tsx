import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  SUPER_ADMIN: 'grape',
  ADMIN: 'indigo',
  MANAGER: 'blue',
  VIEWER: 'gray',
  PARTNER: 'teal',
  HOSTESS: 'orange',
};

export function RoleBadge({ role }: { role: { code: string; name: string } }) {
  return (
    <Badge variant="light" color={COLORS[role.code] ?? 'cyan'} radius="sm" tt="none">
      {role.name}
    </Badge>
  );
}
