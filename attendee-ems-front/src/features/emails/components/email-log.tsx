import { ActionIcon, Button, Card, EmptyState, Group, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconMail, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { EMAIL_STATUSES, useEmailLog, type EmailStatus } from '../api/get-email-log';
import { EMAIL_KINDS, type EmailKind } from '../api/get-email-templates';
import { EmailStatusBadge } from './email-status-badge';

const PAGE_SIZE = 20;
const TEMPLATE_PREFIX = 'registration.';
const ALL = 'all';

/** What this event sent, to whom, and whether it was delivered, failed or is waiting for a retry. */
export function EmailLog({ eventId }: { eventId: string }) {
  const { t, formatDateTime } = useI18n();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<EmailStatus | null>(null);
  const [kind, setKind] = useState<EmailKind | null>(null);
  const query = { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}), ...(kind ? { template: `${TEMPLATE_PREFIX}${kind}` } : {}) };
  const { data, error, refetch, isFetching } = useEmailLog(eventId, query);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  const kindLabel = (template: string) => {
    const candidate = template.startsWith(TEMPLATE_PREFIX) ? template.slice(TEMPLATE_PREFIX.length) : '';
    return (EMAIL_KINDS as readonly string[]).includes(candidate) ? t(`emailTemplates.kind.${candidate as EmailKind}`) : template;
  };

  return (
    <Card withBorder radius="md" padding={0}>
      <Stack gap="sm" p="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={3} fz="md">
              {t('emailLog.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('emailLog.hint')}
            </Text>
          </div>
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} aria-hidden />} loading={isFetching} onClick={() => refetch()}>
            {t('emailLog.refresh')}
          </Button>
        </Group>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={t('emailLog.filterStatus')}
            w={{ base: '100%', xs: 180 }}
            data={[{ value: ALL, label: t('emailLog.all') }, ...EMAIL_STATUSES.map((value) => ({ value, label: t(`emailLog.status.${value}`) }))]}
            value={status ?? ALL}
            allowDeselect={false}
            onChange={(value) => {
              setStatus(value && value !== ALL ? (value as EmailStatus) : null);
              setPage(1);
            }}
          />
          <Select
            label={t('emailLog.filterKind')}
            w={{ base: '100%', xs: 240 }}
            data={[{ value: ALL, label: t('emailLog.all') }, ...EMAIL_KINDS.map((value) => ({ value, label: t(`emailTemplates.kind.${value}`) }))]}
            value={kind ?? ALL}
            allowDeselect={false}
            onChange={(value) => {
              setKind(value && value !== ALL ? (value as EmailKind) : null);
              setPage(1);
            }}
          />
          <Text size="sm" c="dimmed" role="status" aria-live="polite" ml="auto">
            {data ? t('emailLog.total', { count: data.total }) : ''}
          </Text>
        </Group>
      </Stack>
      {error && !data ? (
        <Stack p="md">
          <QueryError error={error} onRetry={() => refetch()} />
        </Stack>
      ) : !data ? (
        <SectionLoader />
      ) : data.items.length === 0 ? (
        <EmptyState py="xl" icon={<IconMail size={24} />} title={status || kind ? t('emailLog.emptyFiltered') : t('emailLog.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="xs" striped aria-busy={isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('emailLog.column.date')}</Table.Th>
                <Table.Th>{t('emailLog.column.to')}</Table.Th>
                <Table.Th>{t('emailLog.column.subject')}</Table.Th>
                <Table.Th>{t('emailLog.column.kind')}</Table.Th>
                <Table.Th>{t('emailLog.column.status')}</Table.Th>
                <Table.Th ta="end">{t('emailLog.column.attempts')}</Table.Th>
                <Table.Th>{t('emailLog.column.nextAttempt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((email) => (
                <Table.Tr key={email.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} title={email.sentAt ? t('emailLog.sentAt', { date: formatDateTime(email.sentAt) }) : undefined}>
                    {formatDateTime(email.createdAt)}
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{email.to}</Table.Td>
                  <Table.Td>{email.subject}</Table.Td>
                  <Table.Td>
                    {kindLabel(email.template)} <Text span size="xs" c="dimmed">({email.locale.toUpperCase()})</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <EmailStatusBadge status={email.status} />
                      {email.lastError && (
                        <Tooltip label={email.lastError} multiline maw={360} events={{ hover: true, focus: true, touch: true }} withArrow>
                          <ActionIcon variant="subtle" color="red" size="sm" aria-label={t('emailLog.lastError', { error: email.lastError })}>
                            <IconAlertTriangle size={14} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="end">{email.attempts}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{email.nextAttemptAt ? formatDateTime(email.nextAttemptAt) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {data && pages > 1 && (
        <Group component="nav" aria-label={t('emailLog.pagination')} justify="space-between" p="md" gap="sm">
          <Button variant="default" size="xs" disabled={page <= 1} onClick={() => setPage((current) => Math.max(1, current - 1))}>
            {t('common.previousPage')}
          </Button>
          <Text size="sm">{t('emailLog.page', { page, pages })}</Text>
          <Button variant="default" size="xs" disabled={page >= pages} onClick={() => setPage((current) => Math.min(pages, current + 1))}>
            {t('common.nextPage')}
          </Button>
        </Group>
      )}
    </Card>
  );
}
