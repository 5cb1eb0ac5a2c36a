import { Badge, Button, Card, EmptyState, Group, NumberInput, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAddressBook, IconCopy, IconDownload, IconFileImport, IconFilter, IconSearch, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useInfiniteContacts } from '../api/get-contacts';
import {
  activeContactFilterCount,
  DEFAULT_CONTACT_FILTERS,
  filtersFromParams,
  filtersToParams,
  toContactFilterQuery,
  toContactsQuery,
  type ContactFilters,
  type ContactStatusFilter,
} from '../hooks/contact-filters';
import { ContactsTable } from './contacts-table';
import { ExportDialog } from './export-dialog';

export interface FilterOption {
  value: string;
  label: string;
}

interface ContactsPageProps {
  events: FilterOption[];
  attendeeTypes: FilterOption[];
  canImport: boolean;
  canExport: boolean;
  /** Shown once the API knows active/inactive contacts. */
  hasStatusFilter: boolean;
}

export function ContactsPage({ events, attendeeTypes, canImport, canExport, hasStatusFilter }: ContactsPageProps) {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const [searchInput, setSearchInput] = useState(filters.search);
  const [debouncedSearch] = useDebouncedValue(searchInput, 250);
  const [isExporting, setIsExporting] = useState(false);

  const setFilters = useCallback(
    (next: ContactFilters) => setParams(filtersToParams(next), { replace: true }),
    [setParams],
  );
  const setFilter = <K extends keyof ContactFilters>(key: K, value: ContactFilters[K]) => setFilters({ ...filters, [key]: value });

  // The URL follows the search box once typing pauses (and the box follows the URL on back/forward).
  useEffect(() => {
    if (debouncedSearch !== filters.search) setFilters({ ...filters, search: debouncedSearch });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch]);
  useEffect(() => {
    if (filters.search !== debouncedSearch) setSearchInput(filters.search);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters.search]);

  const query = useMemo(() => toContactsQuery(hasStatusFilter ? filters : { ...filters, status: 'active' }), [filters, hasStatusFilter]);
  const { data, error, isPending, isFetching, refetch, hasNextPage, isFetchingNextPage, fetchNextPage } = useInfiniteContacts(query);
  const rows = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);
  const total = data?.pages[0]?.total ?? 0;
  const isTotalCapped = data?.pages[0]?.totalCapped ?? false;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const filterCount = activeContactFilterCount(filters);
  const isFiltered = filterCount > 0 || filters.search !== '';

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('contacts.title')}
        description={t('contacts.subtitle')}
        actions={
          <>
            <Button component={Link} to="/contacts/duplicates" variant="default" leftSection={<IconCopy size={16} />}>
              {t('contacts.duplicates.link')}
            </Button>
            {canImport && (
              <Button component={Link} to="/contacts/import" leftSection={<IconFileImport size={16} />}>
                {t('contacts.import.link')}
              </Button>
            )}
          </>
        }
      />
      <Card withBorder radius="md" padding={0}>
        <Stack gap="sm" p="md">
          <Group gap="sm" wrap="wrap" justify="space-between">
            <Group gap="sm" wrap="wrap">
              <TextInput
                type="search"
                aria-label={t('contacts.search')}
                placeholder={t('contacts.searchPlaceholder')}
                leftSection={<IconSearch size={16} aria-hidden />}
                value={searchInput}
                onChange={(event) => setSearchInput(event.currentTarget.value)}
                w={{ base: '100%', sm: 300 }}
                maxLength={100}
              />
              <Popover position="bottom-start" shadow="md" width={300} trapFocus>
                <Popover.Target>
                  <Button variant="default" leftSection={<IconFilter size={16} />} rightSection={filterCount ? <Badge size="xs" circle>{filterCount}</Badge> : undefined}>
                    {t('contacts.filter.more')}
                  </Button>
                </Popover.Target>
                <Popover.Dropdown>
                  <Stack gap="sm">
                    <TextInput label={t('contacts.filter.label')} value={filters.label ?? ''} onChange={(event) => setFilter('label', event.currentTarget.value.trim() || null)} />
                    {attendeeTypes.length > 0 && (
                      <Select
                        label={t('contacts.filter.attendeeType')}
                        clearable
                        data={attendeeTypes}
                        value={filters.attendeeTypeId}
                        onChange={(value) => setFilter('attendeeTypeId', value)}
                        comboboxProps={{ withinPortal: false }}
                      />
                    )}
                    {events.length > 0 && (
                      <Select
                        label={t('contacts.filter.event')}
                        clearable
                        searchable
                        data={events}
                        value={filters.eventId}
                        onChange={(value) => setFilter('eventId', value)}
                        comboboxProps={{ withinPortal: false }}
                      />
                    )}
                    <Select
                      label={t('contacts.filter.attended')}
                      clearable
                      placeholder={t('contacts.filter.attended.any')}
                      data={[
                        { value: 'true', label: t(filters.eventId ? 'contacts.filter.attended.yesAtEvent' : 'contacts.filter.attended.yes') },
                        { value: 'false', label: t(filters.eventId ? 'contacts.filter.attended.noAtEvent' : 'contacts.filter.attended.no') },
                      ]}
                      value={filters.attended === null ? null : String(filters.attended)}
                      onChange={(value) => setFilter('attended', value === null ? null : value === 'true')}
                      comboboxProps={{ withinPortal: false }}
                    />
                    <Group grow gap="xs">
                      <NumberInput label={t('contacts.filter.minEvents')} min={0} allowDecimal={false} value={filters.minEvents ?? ''} onChange={(value) => setFilter('minEvents', typeof value === 'number' ? value : null)} />
                      <NumberInput label={t('contacts.filter.maxEvents')} min={0} allowDecimal={false} value={filters.maxEvents ?? ''} onChange={(value) => setFilter('maxEvents', typeof value === 'number' ? value : null)} />
                    </Group>
                    {hasStatusFilter && (
                      <Select
                        label={t('contacts.filter.status')}
                        data={(['active', 'inactive', 'all'] as const).map((value) => ({ value, label: t(`contacts.status.${value}`) }))}
                        value={filters.status}
                        onChange={(value) => setFilter('status', (value ?? 'active') as ContactStatusFilter)}
                        allowDeselect={false}
                        comboboxProps={{ withinPortal: false }}
                      />
                    )}
                    <Button variant="subtle" size="compact-sm" onClick={() => setFilters({ ...DEFAULT_CONTACT_FILTERS, search: filters.search })}>
                      {t('contacts.filter.clear')}
                    </Button>
                  </Stack>
                </Popover.Dropdown>
              </Popover>
              {filters.label && (
                <Badge variant="light" size="lg" radius="sm" style={{ textTransform: 'none' }} rightSection={
                  <IconX size={12} role="button" tabIndex={0} aria-label={t('contacts.filter.removeLabel', { label: filters.label })} style={{ cursor: 'pointer' }} onClick={() => setFilter('label', null)} onKeyDown={(event) => event.key === 'Enter' && setFilter('label', null)} />
                }>
                  {filters.label}
                </Badge>
              )}
            </Group>
            {canExport && (
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => setIsExporting(true)} disabled={!data || total === 0}>
                {t('contacts.export.button')}
              </Button>
            )}
          </Group>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="contacts-total">
            {data ? (isTotalCapped ? t('contacts.totalCapped', { count: total.toLocaleString(locale), loaded: rows.length }) : t('contacts.total', { count: total, loaded: rows.length })) : ''}
            {isFetching && !isFetchingNextPage && data ? ` · ${t('common.loading')}` : ''}
          </Text>
        </Stack>
        {error && !data ? (
          <Card.Section p="md">
            <QueryError error={error} onRetry={() => refetch()} />
          </Card.Section>
        ) : isPending ? (
          <SectionLoader />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconAddressBook size={24} />}
            title={isFiltered ? t('contacts.emptyFiltered') : t('contacts.empty')}
            description={isFiltered ? t('contacts.emptyFilteredHint') : t('contacts.emptyHint')}
          >
            {!isFiltered && canImport && (
              <Button component={Link} to="/contacts/import" leftSection={<IconFileImport size={16} />}>
                {t('contacts.import.link')}
              </Button>
            )}
          </EmptyState>
        ) : (
          <ContactsTable
            rows={rows}
            total={total}
            hasMore={Boolean(hasNextPage)}
            isFetchingMore={isFetchingNextPage}
            onLoadMore={loadMore}
            onLabel={(label) => setFilter('label', label)}
          />
        )}
      </Card>
      {canExport && <ExportDialog opened={isExporting} onClose={() => setIsExporting(false)} filters={toContactFilterQuery(filters, { withStatus: hasStatusFilter })} total={total} isTotalCapped={isTotalCapped} />}
    </Stack>
  );
}
