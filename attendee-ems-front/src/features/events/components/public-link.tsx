import { Anchor, Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useI18n } from '@/lib/i18n/i18n';
import type { EventDetail } from '../api/get-event';

export function PublicLink({ event }: { event: EventDetail }) {
  const { t } = useI18n();
  const origin = window.location.origin;
  const url = `${origin}/e/${event.publicToken}`;
  const snippet = `<iframe src="${origin}/embed/${event.publicToken}" title="${event.name.replace(/"/g, '&quot;')}" width="100%" height="900" style="border:0" loading="lazy"></iframe>`;
  const isVisible = event.status !== 'draft';
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('events.public.title')}
        </Title>
        {!isVisible && (
          <Text size="sm" c="dimmed">
            {t('events.public.draftHint')}
          </Text>
        )}
        <Group gap="xs" wrap="nowrap">
          <Anchor href={url} target="_blank" rel="noopener" size="sm" style={{ wordBreak: 'break-all' }} data-testid="public-link">
            {url} <IconExternalLink size={12} aria-hidden />
          </Anchor>
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy}>
                {copied ? t('events.public.copied') : t('events.public.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" fw={500}>
          {t('events.public.embed')}
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {snippet}
        </Code>
        <Group gap="xs">
          <CopyButton value={snippet}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy}>
                {copied ? t('events.public.copied') : t('events.public.copyEmbed')}
              </Button>
            )}
          </CopyButton>
          <Text size="xs" c="dimmed">
            {event.embedOrigins.length ? t('events.public.embedOrigins', { origins: event.embedOrigins.join(', ') }) : t('events.public.embedNoOrigins')}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
