import { Anchor, Card, EmptyState, Group, Pagination, SegmentedControl, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { IconCalendarEvent, IconLayoutGrid, IconList, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { formatEventRange } from '@/lib/dates/zoned-time';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { EVENT_STATUSES, useEvents, type EventStatus, type EventsFilters } from '../api/get-events';
import { EventCard } from './event-card';
import { EventStatusBadge } from './event-status-badge';
import { FillRate } from './fill-rate';

const PAGE_SIZE = 12;

export function EventsList() {
  const { t, locale } = useI18n();
  const [view, setView] = useLocalStorage<'cards' | 'table'>({ key: 'ems.events.view', defaultValue: 'cards' });
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<EventStatus | null>(null);
  const [when, setWhen] = useState<NonNullable<EventsFilters['when']>>('upcoming');
  const [page, setPage] = useState(1);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const { data, error, isPending, refetch } = useEvents({ search: debouncedSearch || undefined, status: status ?? undefined, when, page, pageSize: PAGE_SIZE });
  const pageCount = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Card withBorder radius="md" padding={0}>
      <Group p="md" gap="sm" wrap="wrap" justify="space-between">
        <Group gap="sm" wrap="wrap">
          <TextInput
            type="search"
            aria-label={t('events.search')}
            placeholder={t('events.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setPage(1);
            }}
            w={{ base: '100%', sm: 260 }}
          />
          <Select
            aria-label={t('events.filter.status')}
            placeholder={t('events.filter.allStatuses')}
            clearable
            data={EVENT_STATUSES.map((value) => ({ value, label: t(`events.status.${value}` as TranslationKey) }))}
            value={status}
            onChange={(value) => {
              setStatus(value as EventStatus | null);
              setPage(1);
            }}
            w={{ base: '100%', sm: 200 }}
          />
          <SegmentedControl
            aria-label={t('events.filter.when')}
            value={when}
            onChange={(value) => {
              setWhen(value as NonNullable<EventsFilters['when']>);
              setPage(1);
            }}
            data={[
              { value: 'upcoming', label: t('events.when.upcoming') },
              { value: 'past', label: t('events.when.past') },
              { value: 'all', label: t('events.when.all') },
            ]}
          />
        </Group>
        <SegmentedControl
          aria-label={t('events.view.label')}
          value={view}
          onChange={(value) => setView(value as 'cards' | 'table')}
          data={[
            { value: 'cards', label: <IconLayoutGrid size={16} aria-label={t('events.view.cards')} /> },
            { value: 'table', label: <IconList size={16} aria-label={t('events.view.table')} /> },
          ]}
        />
      </Group>
      {data && (
        <Text size="sm" c="dimmed" px="md" pb="sm" aria-live="polite">
          {t('events.total', { count: data.total })}
        </Text>
      )}
      {error && !data ? (
        <Card.Section p="md">
          <QueryError error={error} onRetry={() => refetch()} />
        </Card.Section>
      ) : isPending ? (
        <SectionLoader />
      ) : data && data.items.length === 0 ? (
        <EmptyState py="xl" icon={<IconCalendarEvent size={24} />} title={t('events.empty')} description={t('events.emptyHint')} />
      ) : view === 'cards' ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} p="md" pt={0}>
          {data?.items.map((event) => <EventCard key={event.id} event={event} />)}
        </SimpleGrid>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('events.column.name')}</Table.Th>
                <Table.Th>{t('events.column.dates')}</Table.Th>
                <Table.Th>{t('events.column.status')}</Table.Th>
                <Table.Th w={220}>{t('events.column.fill')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.items.map((event) => (
                <Table.Tr key={event.id} data-testid="event-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/events/${event.id}`} fw={500}>
                      {event.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatEventRange(event.startAt, event.endAt, event.timezone, locale)}</Table.Td>
                  <Table.Td>
                    <EventStatusBadge status={event.status} />
                  </Table.Td>
                  <Table.Td>
                    <FillRate seatsTaken={event.seatsTaken} capacity={event.capacity} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pageCount > 1 && (
        <Group justify="center" p="md">
          <Pagination
            total={pageCount}
            value={page}
            onChange={setPage}
            getControlProps={(control) => ({ 'aria-label': t(control === 'next' ? 'common.nextPage' : 'common.previousPage') })}
          />
        </Group>
      )}
    </Card>
  );
}
