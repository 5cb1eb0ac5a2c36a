import { Checkbox, Group, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCheck } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { FieldType } from '@shared/registration-form';
import { useI18n } from '@/lib/i18n/i18n';
import type { Registration } from '../api/get-registrations';
import { nextSort, type RegistrationSort } from '../hooks/registration-filters';
import { RegistrationStatusBadge } from './registration-status-badge';

export interface AnswerColumn {
  id: string;
  label: string;
  /** The question's type (number, date, select…): the filter offers the control that fits it. */
  type?: FieldType;
  /** Option values → labels, for choice fields. */
  options?: Record<string, string>;
}

export const BASE_COLUMNS = ['email', 'company', 'type', 'status', 'checkedIn', 'createdAt'] as const;
export type BaseColumn = (typeof BASE_COLUMNS)[number];

interface RegistrationsTableProps {
  rows: Registration[];
  /** Null when unknown (a capped count). */
  total: number | null;
  columns: string[];
  answerColumns: AnswerColumn[];
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
  onOpen: (registration: Registration) => void;
  sort: RegistrationSort;
  onSort: (sort: RegistrationSort) => void;
  hasMore: boolean;
  isFetchingMore: boolean;
  onLoadMore: () => void;
}

const ROW_HEIGHT = 52;

export function formatAnswer(value: unknown, column?: AnswerColumn): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (Array.isArray(value)) return value.map((item) => column?.options?.[String(item)] ?? String(item)).join(', ');
  return column?.options?.[String(value)] ?? String(value);
}

/** Rows are virtualised: only what is on screen is in the DOM, whatever the number of registrations loaded. */
export function RegistrationsTable(props: RegistrationsTableProps) {
  const { rows, total, columns, answerColumns, selected, onToggle, onToggleAll, onOpen, sort, onSort, hasMore, isFetchingMore, onLoadMore } = props;
  const { t, formatDateTime } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && !isFetchingMore && lastIndex >= rows.length - 20) onLoadMore();
  }, [lastIndex, rows.length, hasMore, isFetchingMore, onLoadMore]);

  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const someSelected = rows.some((row) => selected.has(row.id));
  const shown = answerColumns.filter((column) => columns.includes(`answer:${column.id}`));
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const colCount = 2 + BASE_COLUMNS.filter((column) => columns.includes(column)).length + shown.length;

  const sortable = (column: 'lastName' | 'status' | 'createdAt', label: string): ReactNode => {
    const direction = sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : 'none';
    return (
      <th aria-sort={direction} scope="col">
        <UnstyledButton onClick={() => onSort(nextSort(sort, column))} fw={600} fz="sm">
          <Group gap={4} wrap="nowrap">
            {label}
            {direction === 'ascending' && <IconArrowUp size={14} aria-hidden />}
            {direction === 'descending' && <IconArrowDown size={14} aria-hidden />}
          </Group>
        </UnstyledButton>
      </th>
    );
  };

  return (
    <div ref={scrollRef} className="ems-vtable-scroll" data-testid="registrations-scroll">
      <table className="ems-vtable" aria-rowcount={total === null ? -1 : total + 1}>
        <thead>
          <tr>
            <th scope="col" style={{ width: 44 }}>
              <Checkbox
                aria-label={t('registrations.table.selectAll')}
                checked={allSelected}
                indeterminate={!allSelected && someSelected}
                onChange={(event) => onToggleAll(event.currentTarget.checked)}
              />
            </th>
            {sortable('lastName', t('registrations.column.name'))}
            {columns.includes('email') && <th scope="col">{t('registrations.column.email')}</th>}
            {columns.includes('company') && <th scope="col">{t('registrations.column.company')}</th>}
            {columns.includes('type') && <th scope="col">{t('registrations.column.type')}</th>}
            {columns.includes('status') && sortable('status', t('registrations.column.status'))}
            {columns.includes('checkedIn') && <th scope="col">{t('registrations.column.checkedIn')}</th>}
            {columns.includes('createdAt') && sortable('createdAt', t('registrations.column.createdAt'))}
            {shown.map((column) => (
              <th key={column.id} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={colCount} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]!;
            const name = `${row.firstName} ${row.lastName}`;
            return (
              <tr key={row.id} data-testid="registration-row" aria-rowindex={item.index + 2} aria-selected={selected.has(row.id)} style={{ height: ROW_HEIGHT }}>
                <td>
                  <Checkbox aria-label={t('registrations.table.select', { name })} checked={selected.has(row.id)} onChange={() => onToggle(row.id)} />
                </td>
                <td>
                  <UnstyledButton onClick={() => onOpen(row)} fw={500} fz="sm" c="blue.8" aria-label={t('registrations.table.open', { name })}>
                    {name}
                  </UnstyledButton>
                  {row.profileDiff && (
                    <Text span size="xs" c="orange.7" ml={6} title={t('registrations.drawer.profileDiff')}>
                      ≠
                    </Text>
                  )}
                </td>
                {columns.includes('email') && <td>{row.email ?? '—'}</td>}
                {columns.includes('company') && <td>{row.company ?? ''}</td>}
                {columns.includes('type') && (
                  <td>
                    {row.attendeeTypeName && (
                      <Group gap={6} wrap="nowrap">
                        <span style={{ width: 8, height: 8, borderRadius: 4, background: row.attendeeTypeColor ?? '#999', display: 'inline-block' }} aria-hidden />
                        {row.attendeeTypeName}
                      </Group>
                    )}
                  </td>
                )}
                {columns.includes('status') && (
                  <td>
                    <RegistrationStatusBadge status={row.status} />
                    {row.waitlistPosition !== null && (
                      <Text span size="xs" c="dimmed" ml={4}>
                        #{row.waitlistPosition}
                      </Text>
                    )}
                  </td>
                )}
                {columns.includes('checkedIn') && (
                  <td>{row.checkedInAt ? <IconCheck size={16} aria-label={t('registrations.checkedInAt', { date: formatDateTime(row.checkedInAt) })} /> : ''}</td>
                )}
                {columns.includes('createdAt') && <td>{formatDateTime(row.createdAt)}</td>}
                {shown.map((column) => (
                  <td key={column.id}>{formatAnswer(row.answers[column.id], column)}</td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={colCount} />
            </tr>
          )}
        </tbody>
      </table>
      {isFetchingMore && (
        <Text size="sm" c="dimmed" ta="center" py="xs" role="status">
          {t('common.loading')}
        </Text>
      )}
    </div>
  );
}
