import { Alert, Box, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import type { EmailKind, EmailLocale, EmailTemplateText } from '../api/get-email-templates';
import { useEmailPreview } from '../api/preview-email-template';
import { unknownPlaceholders } from '../hooks/template-text';

interface EmailPreviewProps {
  eventId: string;
  kind: EmailKind;
  language: EmailLocale;
  text: EmailTemplateText;
  placeholders: readonly string[];
}

/** The server's own rendering of the text being typed, refreshed once typing pauses. */
export function EmailPreview({ eventId, kind, language, text, placeholders }: EmailPreviewProps) {
  const { t } = useI18n();
  // Debounced as one string: a new but equal object must not restart the delay.
  const [debounced] = useDebouncedValue(JSON.stringify({ kind, language, text }), 400);
  const request = JSON.parse(debounced) as { kind: EmailKind; language: EmailLocale; text: EmailTemplateText };
  const isRenderable =
    request.text.subject.trim() !== '' &&
    request.text.body.trim() !== '' &&
    unknownPlaceholders(`${request.text.subject}\n${request.text.body}`, placeholders).length === 0;
  const preview = useEmailPreview(eventId, request.kind, request.language, request.text, isRenderable);
  const isUpdating = preview.isFetching || debounced !== JSON.stringify({ kind, language, text });

  return (
    <Stack gap="xs" aria-busy={isUpdating}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={4} fz="sm">
          {t('emailTemplates.preview')}
        </Title>
        {isUpdating && isRenderable && <Loader size="xs" aria-label={t('emailTemplates.previewUpdating')} />}
      </Group>
      <Text size="xs" c="dimmed">
        {t('emailTemplates.previewHint')}
      </Text>
      {!isRenderable ? (
        <Alert color="yellow" variant="light">
          {t('emailTemplates.previewUnavailable')}
        </Alert>
      ) : preview.error && !preview.data ? (
        <QueryError error={preview.error} onRetry={() => preview.refetch()} />
      ) : preview.data ? (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Box px="sm" py={6} bg="var(--mantine-color-default-hover)">
            <Text size="xs" c="dimmed" component="span">
              {t('emailTemplates.previewSubject')}{' '}
            </Text>
            <Text size="sm" fw={600} component="span" data-testid="preview-subject">
              {preview.data.subject}
            </Text>
          </Box>
          {/* sandbox="" : no script, no form, no navigation, a unique origin for the rendered email. */}
          <iframe
            title={t('emailTemplates.previewFrame', { kind: t(`emailTemplates.kind.${kind}`) })}
            sandbox=""
            srcDoc={preview.data.html}
            style={{ display: 'block', width: '100%', height: 460, border: 0, background: '#fff' }}
          />
        </Paper>
      ) : (
        <Loader size="sm" aria-label={t('emailTemplates.previewUpdating')} />
      )}
    </Stack>
  );
}
