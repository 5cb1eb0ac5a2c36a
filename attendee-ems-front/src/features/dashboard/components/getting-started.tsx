import { Card, Group, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { IconChevronRight, type Icon } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n/i18n';

export interface GettingStartedStep {
  to: string;
  icon: Icon;
  title: string;
  description: string;
}

export function GettingStarted({ steps }: { steps: GettingStartedStep[] }) {
  const { t } = useI18n();
  if (steps.length === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg" h="100%">
      <Title order={2} fz="md" mb="md">
        {t('dashboard.gettingStarted')}
      </Title>
      <Stack gap="xs">
        {steps.map((step) => (
          <UnstyledButton
            key={step.to}
            component={Link}
            to={step.to}
            p="sm"
            style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-gray-2)' }}
          >
            <Group wrap="nowrap" gap="sm">
              <ThemeIcon variant="light" size={36} radius="md" aria-hidden>
                <step.icon size={18} />
              </ThemeIcon>
              <div style={{ flex: 1 }}>
                <Text size="sm" fw={600}>
                  {step.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {step.description}
                </Text>
              </div>
              <IconChevronRight size={16} aria-hidden />
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </Card>
  );
}
