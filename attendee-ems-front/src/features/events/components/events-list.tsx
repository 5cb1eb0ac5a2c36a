import { Anchor, Button, Card, EmptyState, Group, MultiSelect, Pagination, SegmentedControl, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { IconCalendarEvent, IconLayoutGrid, IconList, IconSearch, IconTags, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { formatEventRange } from '@/lib/dates/zoned-time';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useEventTags } from '../api/get-event-tags';
import { EVENT_STATUSES, useEvents, type EventStatus } from '../api/get-events';
import { DEFAULT_EVENT_FILTERS, eventFiltersFromParams, eventFiltersToParams, hasActiveEventFilters, toEventsQuery, type EventListFilters, type EventsWhen } from '../hooks/event-filters';
import { EventCard, EventTags } from './event-card';
import { EventStatusBadge } from './event-status-badge';
import { FillRate } from './fill-rate';

export function EventsList() {
  const { t, locale } = useI18n();
  const [view, setView] = useLocalStorage<'cards' | 'table'>({ key: 'ems.events.view', defaultValue: 'cards' });
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => eventFiltersFromParams(params), [params]);
  const setFilters = useCallback((next: EventListFilters) => setParams(eventFiltersToParams(next), { replace: true }), [setParams]);
  /** Any change of filter goes back to the first page. */
  const setFilter = <K extends Exclude<keyof EventListFilters, 'page'>>(key: K, value: EventListFilters[K]) => setFilters({ ...filters, [key]: value, page: 1 });
  const addTag = (tag: string) => {
    if (!filters.tags.includes(tag)) setFilter('tags', [...filters.tags, tag]);
  };

  // The URL follows the search box once typing pauses (and the box follows the URL on back/forward).
  const [search, setSearch] = useState(filters.search);
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  useEffect(() => {
    if (debouncedSearch !== filters.search) setFilter('search', debouncedSearch);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch]);
  useEffect(() => {
    if (filters.search !== debouncedSearch) setSearch(filters.search);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters.search]);

  const knownTags = useEventTags();
  const tagOptions = useMemo(() => [...new Set([...(knownTags.data?.tags ?? []), ...filters.tags])].sort((a, b) => a.localeCompare(b, locale)), [knownTags.data, filters.tags, locale]);
  const { data, error, isPending, refetch } = useEvents(toEventsQuery(filters));
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
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 260 }}
          />
          <Select
            aria-label={t('events.filter.status')}
            placeholder={t('events.filter.allStatuses')}
            clearable
            data={EVENT_STATUSES.map((value) => ({ value, label: t(`events.status.${value}` as TranslationKey) }))}
            value={filters.status}
            onChange={(value) => setFilter('status', value as EventStatus | null)}
            w={{ base: '100%', sm: 200 }}
          />
          <MultiSelect
            aria-label={t('events.filter.tags')}
            placeholder={filters.tags.length ? undefined : t('events.filter.tagsPlaceholder')}
            leftSection={<IconTags size={16} aria-hidden />}
            data={tagOptions}
            value={filters.tags}
            onChange={(value) => setFilter('tags', value)}
            searchable
            clearable
            hidePickedOptions
            maxValues={20}
            nothingFoundMessage={t('common.noResults')}
            w={{ base: '100%', sm: 240 }}
          />
          <SegmentedControl
            aria-label={t('events.filter.when')}
            value={filters.when}
            onChange={(value) => setFilter('when', value as EventsWhen)}
            data={[
              { value: 'upcoming', label: t('events.when.upcoming') },
              { value: 'past', label: t('events.when.past') },
              { value: 'all', label: t('events.when.all') },
            ]}
          />
          {hasActiveEventFilters(filters) && (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconX size={14} aria-hidden />}
              onClick={() => {
                setSearch('');
                setFilters(DEFAULT_EVENT_FILTERS);
              }}
            >
              {t('events.filter.clear')}
            </Button>
          )}
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
          {data?.items.map((event) => <EventCard key={event.id} event={event} onTagClick={addTag} />)}
        </SimpleGrid>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('events.column.name')}</Table.Th>
                <Table.Th>{t('events.column.dates')}</Table.Th>
                <Table.Th>{t('events.column.status')}</Table.Th>
                <Table.Th>{t('events.column.tags')}</Table.Th>
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
                    <EventTags tags={event.tags} onTagClick={addTag} />
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
            value={filters.page}
            onChange={(page) => setFilters({ ...filters, page })}
            getControlProps={(control) => ({ 'aria-label': t(control === 'next' ? 'common.nextPage' : 'common.previousPage') })}
          />
        </Group>
      )}
    </Card>
  );
}
