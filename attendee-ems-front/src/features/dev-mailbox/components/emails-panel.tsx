import { Anchor, Badge, Card, EmptyState, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconMail, IconPaperclip } from '@tabler/icons-react';
import { useState } from 'react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useDevEmailHtml } from '../api/get-dev-email-html';
import { useDevEmails, type DevEmail } from '../api/get-dev-emails';

const STATUS_COLORS = { pending: 'gray', sending: 'blue', sent: 'green', failed: 'red' } as const;

/** The outbox as the API keeps it: what was sent, to whom, and whether it went out; each email opens as it was sent. */
export function EmailsPanel() {
  const { t, formatDateTime } = useI18n();
  const { data, error, refetch } = useDevEmails();
  const [openedId, setOpenedId] = useState<string | null>(null);
  // In production the mailbox routes do not exist: nothing to show, rather than an error on every event.
  if (error instanceof ApiError && error.statusCode === 404) return null;
  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!data) return <SectionLoader />;
  const opened = data.items.find((email) => email.id === openedId) ?? null;
  return (
    <Card withBorder radius="md" padding={0}>
      <Stack gap={4} p="md">
        <Title order={3} fz="md">
          {t('devMailbox.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('emails.hint')}
        </Text>
      </Stack>
      {data.items.length === 0 ? (
        <EmptyState py="xl" icon={<IconMail size={24} />} title={t('emails.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('emails.column.date')}</Table.Th>
                <Table.Th>{t('emails.column.to')}</Table.Th>
                <Table.Th>{t('emails.column.subject')}</Table.Th>
                <Table.Th>{t('devMailbox.column.attachments')}</Table.Th>
                <Table.Th>{t('emails.column.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((email) => (
                <Table.Tr key={email.id}>
                  <Table.Td>{formatDateTime(email.createdAt)}</Table.Td>
                  <Table.Td>{email.to}</Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" ta="start" aria-label={t('devMailbox.open', { subject: email.subject })} onClick={() => setOpenedId(email.id)}>
                      {email.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Attachments names={email.attachments} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[email.status]} variant="light" tt="none">
                      {t(`emails.status.${email.status}`)}
                    </Badge>
                    {email.lastError && (
                      <Text size="xs" c="red.8" mt={4}>
                        {email.lastError}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={opened !== null} onClose={() => setOpenedId(null)} size="xl" title={opened?.subject} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {opened && <OpenedEmail email={opened} />}
      </Modal>
    </Card>
  );
}

function Attachments({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <Group gap={4} role="list">
      {names.map((name, index) => (
        <Badge key={`${name}-${index}`} role="listitem" variant="outline" color="gray" tt="none" leftSection={<IconPaperclip size={12} aria-hidden />}>
          {name}
        </Badge>
      ))}
    </Group>
  );
}

function OpenedEmail({ email }: { email: DevEmail }) {
  const { t, formatDateTime } = useI18n();
  const html = useDevEmailHtml(email.id);
  return (
    <Stack gap="sm">
      <Text size="sm">
        {t('devMailbox.to', { to: email.to })} · {formatDateTime(email.createdAt)}
      </Text>
      {email.attachments.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('devMailbox.attachments', { names: email.attachments.join(', ') })}
        </Text>
      )}
      {html.error && !html.data ? (
        <QueryError error={html.error} onRetry={() => html.refetch()} />
      ) : html.data === undefined ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : (
        // sandbox="": no script, no form, no navigation, a unique origin for what attendees may have typed.
        <iframe
          title={t('devMailbox.frame', { subject: email.subject })}
          sandbox=""
          srcDoc={html.data}
          style={{ display: 'block', width: '100%', height: 520, border: '1px solid var(--mantine-color-gray-3)', background: '#fff' }}
        />
      )}
    </Stack>
  );
}
