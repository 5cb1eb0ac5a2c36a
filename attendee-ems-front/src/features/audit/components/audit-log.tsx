import { Anchor, Badge, Card, Code, Drawer, EmptyState, Group, Pagination, Select, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconListCheck } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useActors } from '../api/get-actors';
import { useAuditLogs, type AuditLogEntry } from '../api/get-audit-logs';
import { AUDIT_PAGE_SIZE, auditFiltersFromParams, auditFiltersToParams, toAuditLogsQuery, type AuditFilters } from '../hooks/audit-filters';

const ACTION_PREFIXES = ['contact.', 'registration.', 'event.', 'user.', 'role.', 'import.', 'export.', 'gdpr.', 'auth.'];

function targetLink(entry: AuditLogEntry): string | null {
  if (!entry.targetId) return null;
  if (entry.targetType === 'contact') return `/contacts/${entry.targetId}`;
  if (entry.targetType === 'event') return `/events/${entry.targetId}`;
  return null;
}

export function AuditLog({ canListUsers }: { canListUsers: boolean }) {
  const { t, formatDateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => auditFiltersFromParams(params), [params]);
  const [actionInput, setActionInput] = useState(filters.action);
  const [debouncedAction] = useDebouncedValue(actionInput, 300);
  const [open, setOpen] = useState<AuditLogEntry | null>(null);
  const actors = useActors(canListUsers);
  const { data, error, isPending, isFetching, refetch } = useAuditLogs(toAuditLogsQuery(filters));

  const update = (next: Partial<AuditFilters>) => setParams(auditFiltersToParams({ ...filters, page: 1, ...next }), { replace: true });
  useEffect(() => {
    if (debouncedAction !== filters.action) update({ action: debouncedAction });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedAction]);

  const pages = data ? Math.max(1, Math.ceil(data.total / AUDIT_PAGE_SIZE)) : 1;

  return (
    <Stack gap="lg">
      <PageHeader title={t('audit.title')} description={t('audit.subtitle')} />
      <Card withBorder radius="md" padding={0}>
        <Group gap="sm" p="md" wrap="wrap" align="flex-end">
          {canListUsers && (
            <Select
              label={t('audit.filter.actor')}
              placeholder={t('audit.filter.anyone')}
              clearable
              searchable
              data={(actors.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.firstName} ${user.lastName}`.trim() || user.email }))}
              value={filters.actorUserId}
              onChange={(value) => update({ actorUserId: value })}
              w={{ base: '100%', sm: 220 }}
            />
          )}
          <TextInput
            label={t('audit.filter.action')}
            description={t('audit.filter.actionHelp')}
            value={actionInput}
            onChange={(event) => setActionInput(event.currentTarget.value)}
            list="audit-action-prefixes"
            w={{ base: '100%', sm: 220 }}
          />
          <datalist id="audit-action-prefixes">
            {ACTION_PREFIXES.map((prefix) => (
              <option key={prefix} value={prefix} />
            ))}
          </datalist>
          <TextInput type="date" label={t('audit.filter.from')} value={filters.from} onChange={(event) => update({ from: event.currentTarget.value })} w={{ base: '48%', sm: 170 }} />
          <TextInput type="date" label={t('audit.filter.to')} value={filters.to} onChange={(event) => update({ to: event.currentTarget.value })} w={{ base: '48%', sm: 170 }} />
        </Group>
        <Text size="sm" c="dimmed" px="md" pb="xs" aria-live="polite">
          {data ? t('audit.total', { count: data.total }) : ''}
          {isFetching && data ? ` · ${t('common.loading')}` : ''}
        </Text>
        {error && !data ? (
          <Card.Section p="md">
            <QueryError error={error} onRetry={() => refetch()} />
          </Card.Section>
        ) : isPending ? (
          <SectionLoader />
        ) : data.items.length === 0 ? (
          <EmptyState py="xl" icon={<IconListCheck size={24} />} title={t('audit.empty')} description={t('audit.emptyHint')} />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('audit.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('audit.column.when')}</Table.Th>
                  <Table.Th scope="col">{t('audit.column.who')}</Table.Th>
                  <Table.Th scope="col">{t('audit.column.what')}</Table.Th>
                  <Table.Th scope="col">{t('audit.column.target')}</Table.Th>
                  <Table.Th scope="col">
                    <span className="sr-only" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                      {t('audit.details')}
                    </span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((entry) => {
                  const link = targetLink(entry);
                  return (
                    <Table.Tr key={entry.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.createdAt)}</Table.Td>
                      <Table.Td>{entry.actor ? entry.actor.name || entry.actor.email : t('audit.system')}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" radius="sm" style={{ textTransform: 'none' }}>
                          {entry.action}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {entry.targetType ? (
                          link ? (
                            <Anchor component={Link} to={link} size="sm">
                              {entry.targetType} · {entry.targetId?.slice(0, 8)}
                            </Anchor>
                          ) : (
                            <Text size="sm">
                              {entry.targetType}
                              {entry.targetId ? ` · ${entry.targetId.slice(0, 8)}` : ''}
                            </Text>
                          )
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        <UnstyledButton onClick={() => setOpen(entry)} c="blue.7" fz="sm" aria-label={t('audit.openDetails', { action: entry.action, date: formatDateTime(entry.createdAt) })}>
                          {t('audit.details')}
                        </UnstyledButton>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && (
          <Group justify="center" p="md">
            <Pagination
              total={pages}
              value={filters.page}
              onChange={(page) => setParams(auditFiltersToParams({ ...filters, page }), { replace: true })}
              getControlProps={(control) => ({ 'aria-label': control === 'next' ? t('common.nextPage') : control === 'previous' ? t('common.previousPage') : undefined })}
            />
          </Group>
        )}
      </Card>
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="lg" title={open?.action} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {open && (
          <Stack gap="sm">
            <Text size="sm">
              {formatDateTime(open.createdAt)} · {open.actor ? `${open.actor.name} <${open.actor.email}>` : t('audit.system')}
              {open.ip ? ` · IP ${open.ip}` : ''}
            </Text>
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {JSON.stringify(open, null, 2)}
            </Code>
          </Stack>
        )}
      </Drawer>
    </Stack>
  );
}
