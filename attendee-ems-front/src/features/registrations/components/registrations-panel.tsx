import { Badge, Button, Card, EmptyState, Group, Menu, Popover, Progress, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconColumns, IconFilter, IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useBulkStatus, type BulkProgress, type BulkStatus, type BulkTarget } from '../api/bulk-status';
import { useInfiniteRegistrations, type Registration } from '../api/get-registrations';
import { activeFilterCount, DEFAULT_FILTERS, toBulkFilter, toRegistrationsQuery, type RegistrationFilters, type RegistrationStatusFilter } from '../hooks/registration-filters';
import { AddRegistrationModal } from './add-registration-modal';
import { AnswerFilters } from './answer-filters';
import { RegistrationDrawer } from './registration-drawer';
import { RegistrationsExportButton } from './registrations-export-dialog';
import { BASE_COLUMNS, RegistrationsTable, type AnswerColumn } from './registrations-table';

const STATUSES: RegistrationStatusFilter[] = ['awaiting', 'approved', 'waitlisted', 'refused', 'cancelled'];
const BULK: BulkStatus[] = ['approved', 'refused', 'cancelled'];

interface RegistrationsPanelProps {
  eventId: string;
  answerColumns: AnswerColumn[];
  attendeeTypes: { id: string; name: string }[];
  canCreate: boolean;
  canApprove: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** Extra bulk-bar actions for the selected ids, from other features (e.g. printing badges). */
  selectionActions?: (ids: string[]) => ReactNode;
  /** Extra actions in one registration's drawer. */
  rowActions?: (registrationId: string) => ReactNode;
}

export function RegistrationsPanel({ eventId, answerColumns, attendeeTypes, canCreate, canApprove, canUpdate, canDelete, selectionActions, rowActions }: RegistrationsPanelProps) {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<RegistrationFilters>(DEFAULT_FILTERS);
  const [debouncedSearch] = useDebouncedValue(filters.search, 250);
  const query = useMemo(() => toRegistrationsQuery({ ...filters, search: debouncedSearch }), [filters, debouncedSearch]);
  const { data, error, isPending, refetch, hasNextPage, isFetchingNextPage, fetchNextPage } = useInfiniteRegistrations(eventId, query);
  const rows = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);
  const total = data?.pages[0]?.total ?? 0;
  /** A broad search is counted only up to a cap: "1 000+" then, and the table's row count is unknown. */
  const totalCapped = data?.pages[0]?.totalCapped ?? false;
  const totalLabel = `${total.toLocaleString(locale)}${totalCapped ? '+' : ''}`;
  const [columns, setColumns] = useLocalStorage<string[]>({ key: `ems.registrations.columns`, defaultValue: ['email', 'company', 'type', 'status', 'createdAt'] });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  /** "Everything matching the filters", beyond the rows loaded so far: the server resolves it. */
  const [allMatching, setAllMatching] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [isAdding, setIsAdding] = useState(false);
  const [bulkConfirm, setBulkConfirm] = useState<BulkStatus | null>(null);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const bulk = useBulkStatus(eventId, setProgress);
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const setFilter = <K extends keyof RegistrationFilters>(key: K, value: RegistrationFilters[K]) => {
    setFilters((current) => ({ ...current, [key]: value }));
    setSelected(new Set());
    setAllMatching(false);
  };
  const selectedCount = allMatching ? total : selected.size;
  const everyLoadedRowSelected = rows.length > 0 && selected.size === rows.length;
  const filterCount = activeFilterCount(filters);

  async function runBulk(status: BulkStatus) {
    setBulkConfirm(null);
    try {
      const target: BulkTarget = allMatching ? { filter: toBulkFilter(query) } : { ids: [...selected] };
      const result = await bulk.mutateAsync({ target, status });
      notifications.show({
        color: result.skipped ? 'yellow' : 'green',
        message: t('registrations.bulk.done', { updated: result.updated, skipped: result.skipped }),
      });
      setSelected(new Set());
      setAllMatching(false);
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
    } finally {
      setProgress(null);
    }
  }

  const columnChoices = [
    ...BASE_COLUMNS.map((column) => ({ value: column, label: t(`registrations.column.${column}` as TranslationKey) })),
    ...answerColumns.map((column) => ({ value: `answer:${column.id}`, label: column.label })),
  ];

  return (
    <Card withBorder radius="md" padding={0}>
      <Stack gap="sm" p="md">
        <Group gap="sm" wrap="wrap" justify="space-between">
          <Group gap="sm" wrap="wrap">
            <TextInput
              type="search"
              aria-label={t('registrations.search')}
              placeholder={t('registrations.searchPlaceholder')}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={filters.search}
              onChange={(event) => setFilter('search', event.currentTarget.value)}
              w={{ base: '100%', sm: 280 }}
            />
            <Select
              aria-label={t('registrations.filter.status')}
              placeholder={t('registrations.filter.allStatuses')}
              clearable
              data={STATUSES.map((value) => ({ value, label: t(`registrations.status.${value}` as TranslationKey) }))}
              value={filters.status}
              onChange={(value) => setFilter('status', value as RegistrationStatusFilter | null)}
              w={{ base: '100%', sm: 190 }}
            />
            <Popover position="bottom-start" shadow="md" width={340}>
              <Popover.Target>
                <Button variant="default" leftSection={<IconFilter size={16} />} rightSection={filterCount ? <Badge size="xs" circle>{filterCount}</Badge> : undefined}>
                  {t('registrations.filter.more')}
                </Button>
              </Popover.Target>
              <Popover.Dropdown>
                <Stack gap="sm">
                  {attendeeTypes.length > 0 && (
                    <Select
                      label={t('registrations.column.type')}
                      clearable
                      data={attendeeTypes.map((type) => ({ value: type.id, label: type.name }))}
                      value={filters.attendeeTypeId}
                      onChange={(value) => setFilter('attendeeTypeId', value)}
                      comboboxProps={{ withinPortal: false }}
                    />
                  )}
                  <Select
                    label={t('registrations.column.checkedIn')}
                    clearable
                    data={[
                      { value: 'yes', label: t('registrations.filter.checkedInYes') },
                      { value: 'no', label: t('registrations.filter.checkedInNo') },
                    ]}
                    value={filters.checkedIn}
                    onChange={(value) => setFilter('checkedIn', value as 'yes' | 'no' | null)}
                    comboboxProps={{ withinPortal: false }}
                  />
                  {answerColumns.length > 0 && <AnswerFilters columns={answerColumns} value={filters.answers} onChange={(answers) => setFilter('answers', answers)} />}
                  {canDelete && <Switch label={t('registrations.filter.deleted')} checked={filters.showDeleted} onChange={(event) => setFilter('showDeleted', event.currentTarget.checked)} />}
                  <Button variant="subtle" size="compact-sm" onClick={() => setFilters({ ...DEFAULT_FILTERS, search: filters.search })}>
                    {t('registrations.filter.clear')}
                  </Button>
                </Stack>
              </Popover.Dropdown>
            </Popover>
          </Group>
          <Group gap="sm">
            <RegistrationsExportButton eventId={eventId} answerColumns={answerColumns} statusFilter={filters.status} hasOtherFilters={filterCount > (filters.status ? 1 : 0) || Boolean(filters.search.trim())} />
            <Menu closeOnItemClick={false} position="bottom-end">
              <Menu.Target>
                <Button variant="default" leftSection={<IconColumns size={16} />}>
                  {t('registrations.columns')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {/* menuitemcheckbox: screen readers announce whether each column is shown. */}
                {columnChoices.map((choice) => (
                  <Menu.CheckboxItem
                    key={choice.value}
                    checked={columns.includes(choice.value)}
                    onChange={(isShown) => setColumns(isShown ? [...columns, choice.value] : columns.filter((column) => column !== choice.value))}
                  >
                    {choice.label}
                  </Menu.CheckboxItem>
                ))}
              </Menu.Dropdown>
            </Menu>
            {canCreate && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setIsAdding(true)}>
                {t('registrations.add.title')}
              </Button>
            )}
          </Group>
        </Group>
        <Group justify="space-between" wrap="wrap" mih={36}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {data ? t('registrations.total', { count: totalLabel, loaded: rows.length.toLocaleString(locale) }) : ''}
          </Text>
          {selected.size > 0 && (canApprove || selectionActions) && (
            <Group gap="xs" data-testid="bulk-bar">
              <Text size="sm" fw={500}>
                {allMatching ? t('registrations.bulk.allSelected', { count: totalLabel }) : t('registrations.bulk.selected', { count: selected.size })}
              </Text>
              {canApprove && everyLoadedRowSelected && total > rows.length && !query.deleted && (
                <Button size="xs" variant="subtle" onClick={() => setAllMatching((current) => !current)} aria-pressed={allMatching}>
                  {allMatching ? t('registrations.bulk.onlyLoaded', { count: rows.length }) : t('registrations.bulk.selectAllMatching', { count: totalLabel })}
                </Button>
              )}
              {!allMatching && selectionActions?.([...selected])}
              {canApprove && BULK.map((status) => (
                <Button key={status} size="xs" variant={status === 'approved' ? 'filled' : 'default'} color={status === 'approved' ? undefined : 'red'} disabled={bulk.isPending} onClick={() => setBulkConfirm(status)}>
                  {t(`registrations.bulk.${status}` as TranslationKey)}
                </Button>
              ))}
            </Group>
          )}
        </Group>
        {progress && (
          <div role="status">
            <Text size="sm">{t('registrations.bulk.progress', { done: progress.done, total: progress.total })}</Text>
            <Progress value={progress.total ? (progress.done / progress.total) * 100 : 0} animated aria-label={t('registrations.bulk.progress', { done: progress.done, total: progress.total })} />
          </div>
        )}
      </Stack>
      {error && !data ? (
        <Card.Section p="md">
          <QueryError error={error} onRetry={() => refetch()} />
        </Card.Section>
      ) : isPending ? (
        <SectionLoader />
      ) : rows.length === 0 ? (
        <EmptyState py="xl" icon={<IconUsers size={24} />} title={t('registrations.empty')} description={filterCount || filters.search ? t('registrations.emptyFiltered') : t('registrations.emptyHint')} />
      ) : (
        <RegistrationsTable
          rows={rows}
          total={totalCapped ? null : total}
          columns={columns}
          answerColumns={answerColumns}
          selected={selected}
          onToggle={(id) => {
            setAllMatching(false);
            setSelected((current) => {
              const next = new Set(current);
              if (next.has(id)) next.delete(id);
              else next.add(id);
              return next;
            });
          }}
          onToggleAll={(select) => {
            setSelected(select ? new Set(rows.map((row) => row.id)) : new Set());
            setAllMatching(false);
          }}
          onOpen={(registration: Registration) => setOpenId(registration.id)}
          sort={filters.sort}
          onSort={(sort) => setFilter('sort', sort)}
          hasMore={Boolean(hasNextPage)}
          isFetchingMore={isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
      <RegistrationDrawer
        eventId={eventId}
        registrationId={openId}
        answerColumns={answerColumns}
        attendeeTypes={attendeeTypes}
        canApprove={canApprove}
        canUpdate={canUpdate}
        canDelete={canDelete}
        actions={openId && rowActions ? rowActions(openId) : null}
        onClose={() => setOpenId(null)}
      />
      {canCreate && <AddRegistrationModal eventId={eventId} opened={isAdding} onClose={() => setIsAdding(false)} attendeeTypes={attendeeTypes} />}
      <ConfirmDialog
        opened={bulkConfirm !== null}
        title={bulkConfirm ? t(`registrations.bulk.${bulkConfirm}` as TranslationKey) : ''}
        message={t('registrations.bulk.confirm', { count: selectedCount })}
        confirmLabel={bulkConfirm ? t(`registrations.bulk.${bulkConfirm}` as TranslationKey) : ''}
        isDanger={bulkConfirm !== 'approved'}
        onClose={() => setBulkConfirm(null)}
        onConfirm={() => bulkConfirm && runBulk(bulkConfirm)}
      />
    </Card>
  );
}
