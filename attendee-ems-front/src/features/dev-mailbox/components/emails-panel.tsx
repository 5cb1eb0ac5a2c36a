import { Badge, Card, EmptyState, Table, Text } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useDevEmails } from '../api/get-dev-emails';

const STATUS_COLORS = { pending: 'gray', sending: 'blue', sent: 'green', failed: 'red' } as const;

/** The outbox as the API keeps it: what was sent, to whom, and whether it went out. */
export function EmailsPanel() {
  const { t, formatDateTime } = useI18n();
  const { data, error, refetch } = useDevEmails();
  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!data) return <SectionLoader />;
  return (
    <Card withBorder radius="md" padding={0}>
      <Text size="sm" c="dimmed" p="md">
        {t('emails.hint')}
      </Text>
      {data.items.length === 0 ? (
        <EmptyState py="xl" icon={<IconMail size={24} />} title={t('emails.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('emails.column.date')}</Table.Th>
                <Table.Th>{t('emails.column.to')}</Table.Th>
                <Table.Th>{t('emails.column.subject')}</Table.Th>
                <Table.Th>{t('emails.column.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((email) => (
                <Table.Tr key={email.id}>
                  <Table.Td>{formatDateTime(email.createdAt)}</Table.Td>
                  <Table.Td>{email.to}</Table.Td>
                  <Table.Td>{email.subject}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[email.status]} variant="light" tt="none" title={email.lastError ?? undefined}>
                      {t(`emails.status.${email.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
