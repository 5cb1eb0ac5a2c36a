import { Card, EmptyState, Group, Pagination, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useUsers } from '../api/get-users';
import { UsersTable, type UsersTableProps } from './users-table';

const PAGE_SIZE = 20;

export function UsersPanel(props: Omit<UsersTableProps, 'users'>) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const { data, error, isPending, refetch } = useUsers({
    search: debouncedSearch || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const pageCount = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Card withBorder padding={0} radius="md">
      <Group p="md" justify="space-between" wrap="wrap">
        <TextInput
          placeholder={t('users.searchPlaceholder')}
          aria-label={t('users.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setPage(1);
          }}
          w={{ base: '100%', sm: 320 }}
          type="search"
        />
        {data && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('users.total', { count: data.total })}
          </Text>
        )}
      </Group>
      {error && !data ? (
        <Card.Section p="md">
          <QueryError error={error} onRetry={() => refetch()} />
        </Card.Section>
      ) : isPending ? (
        <SectionLoader />
      ) : data && data.items.length === 0 ? (
        <EmptyState
          py="xl"
          icon={<IconUsers size={24} />}
          title={t(debouncedSearch ? 'users.emptySearch' : 'users.empty')}
          description={debouncedSearch ? t('users.emptySearchHint') : undefined}
        />
      ) : (
        data && <UsersTable users={data.items} {...props} />
      )}
      {pageCount > 1 && (
        <Group justify="center" p="md">
          <Pagination
            total={pageCount}
            value={page}
            onChange={setPage}
            getControlProps={(control) => ({
              'aria-label': t(control === 'next' ? 'common.nextPage' : 'common.previousPage'),
            })}
          />
        </Group>
      )}
    </Card>
  );
}
