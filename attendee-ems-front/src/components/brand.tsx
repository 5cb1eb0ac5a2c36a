import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconTicket } from '@tabler/icons-react';

export function Brand({ inverted = false }: { inverted?: boolean }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={32} radius="md" variant={inverted ? 'white' : 'filled'} aria-hidden>
        <IconTicket size={20} />
      </ThemeIcon>
      <Text fw={700} fz="lg" c={inverted ? 'white' : undefined}>
        Attendee EMS
      </Text>
    </Group>
  );
}
