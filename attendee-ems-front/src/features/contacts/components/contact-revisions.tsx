import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useContactRevisions } from '../api/get-contact-revisions';

export function formatRevisionValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function ContactRevisions({ contactId, userNames }: { contactId: string; userNames: Map<string, string> }) {
  const { t, formatDateTime } = useI18n();
  const { data, error, isPending, refetch } = useContactRevisions(contactId);
  if (isPending) return <SectionLoader />;
  if (error) return <QueryError error={error} onRetry={() => refetch()} />;
  if (data.length === 0) return <Text c="dimmed" size="sm">{t('contacts.revisions.empty')}</Text>;
  return (
    <Stack gap="sm">
      {data.map((revision) => {
        const who = revision.actorUserId ? (userNames.get(revision.actorUserId) ?? t('contacts.revisions.aUser')) : t('contacts.revisions.system');
        return (
          <Card key={revision.id} withBorder radius="sm" padding="sm" component="article" aria-label={t('contacts.revisions.entry', { who, date: formatDateTime(revision.createdAt) })}>
            <Group gap="xs" mb={6} wrap="wrap">
              <Text size="sm" fw={600}>
                {who}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(revision.createdAt)}
              </Text>
              <Badge size="xs" variant="light">
                {t(`contacts.source.${revision.source}` as TranslationKey)}
              </Badge>
            </Group>
            <Table.ScrollContainer minWidth={360}>
              <Table fz="xs" withRowBorders={false} verticalSpacing={2}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('contacts.revisions.field')}</Table.Th>
                    <Table.Th>{t('contacts.revisions.before')}</Table.Th>
                    <Table.Th>{t('contacts.revisions.after')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {Object.entries(revision.changes).map(([field, change]) => {
                    const { before, after } = (change ?? {}) as { before?: unknown; after?: unknown };
                    return (
                      <Table.Tr key={field}>
                        <Table.Td>{fieldLabel(field, t)}</Table.Td>
                        <Table.Td c="red.8" style={{ textDecoration: 'line-through' }}>
                          {formatRevisionValue(before)}
                        </Table.Td>
                        <Table.Td c="teal.8">{formatRevisionValue(after)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        );
      })}
    </Stack>
  );
}

function fieldLabel(field: string, t: (key: TranslationKey) => string): string {
  const known = ['email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country', 'labels'];
  return known.includes(field) ? t(`contacts.field.${field}` as TranslationKey) : field;
}
