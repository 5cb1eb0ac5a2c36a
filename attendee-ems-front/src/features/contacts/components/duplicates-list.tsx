import { Anchor, Badge, Button, Card, EmptyState, Group, Pagination, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowsJoin, IconCopyCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { DUPLICATES_PAGE_SIZE, useDuplicates, type DuplicatePair } from '../api/get-duplicates';
import { contactName } from './contacts-table';

export function DuplicatesList({ canMerge, onMerge }: { canMerge: boolean; onMerge: (pair: DuplicatePair) => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const { data, error, isPending, refetch } = useDuplicates(page);
  if (isPending) return <SectionLoader />;
  if (error) return <QueryError error={error} onRetry={() => refetch()} />;
  if (data.total === 0)
    return <EmptyState py="xl" icon={<IconCopyCheck size={24} />} title={t('contacts.duplicates.empty')} description={t('contacts.duplicates.emptyHint')} />;
  const pageCount = Math.ceil(data.total / DUPLICATES_PAGE_SIZE);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('contacts.duplicates.count', { count: data.total })}
      </Text>
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {data.items.map((pair) => (
          <Card key={`${pair.a.id}:${pair.b.id}`} component="li" withBorder radius="md" padding="md" data-testid="duplicate-pair">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" style={{ flex: 1, minWidth: 260 }}>
                {[pair.a, pair.b].map((contact) => (
                  <div key={contact.id}>
                    <Anchor component={Link} to={`/contacts/${contact.id}`} fw={600} fz="sm">
                      {contactName(contact) || t('contacts.unnamed')}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {[contact.email, contact.phone, contact.company].filter(Boolean).join(' · ')}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('contacts.duplicates.events', { count: contact.eventsCount })}
                    </Text>
                  </div>
                ))}
              </SimpleGrid>
              <Stack gap={6} align="flex-end">
                <Text size="xs" c="dimmed">
                  {t('contacts.duplicates.score', { percent: Math.round(pair.score * 100) })}
                </Text>
                <Group gap={4}>
                  {pair.reasons.map((reason) => (
                    <Badge key={reason} size="sm" variant="light" color="orange">
                      {t(`contacts.duplicates.reason.${reason}` as TranslationKey)}
                    </Badge>
                  ))}
                </Group>
                {canMerge && (
                  <Button size="xs" leftSection={<IconArrowsJoin size={14} />} onClick={() => onMerge(pair)} aria-label={t('contacts.merge.openFor', { a: contactName(pair.a), b: contactName(pair.b) })}>
                    {t('contacts.merge.open')}
                  </Button>
                )}
              </Stack>
            </Group>
          </Card>
        ))}
      </Stack>
      {pageCount > 1 && (
        <Group justify="center">
          <Pagination
            total={pageCount}
            value={page}
            onChange={setPage}
            size="sm"
            getControlProps={(control) => ({ 'aria-label': t(control === 'next' ? 'common.nextPage' : 'common.previousPage') })}
          />
        </Group>
      )}
    </Stack>
  );
}
