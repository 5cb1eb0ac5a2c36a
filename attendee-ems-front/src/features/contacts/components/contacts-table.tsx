import { Anchor, Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n/i18n';
import type { ContactSummary } from '../api/get-contacts';

interface ContactsTableProps {
  rows: ContactSummary[];
  total: number;
  hasMore: boolean;
  isFetchingMore: boolean;
  onLoadMore: () => void;
  onLabel: (label: string) => void;
}

const ROW_HEIGHT = 52;
const COLUMNS = 7;

export function contactName(contact: { firstName: string; lastName: string }): string {
  return `${contact.firstName} ${contact.lastName}`.trim();
}

/** Rows are virtualised: only what is on screen is in the DOM, whatever the number of contacts loaded. */
export function ContactsTable({ rows, total, hasMore, isFetchingMore, onLoadMore, onLabel }: ContactsTableProps) {
  const { t, formatDate } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && !isFetchingMore && lastIndex >= rows.length - 20) onLoadMore();
  }, [lastIndex, rows.length, hasMore, isFetchingMore, onLoadMore]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div ref={scrollRef} className="ems-vtable-scroll" data-testid="contacts-scroll">
      <table className="ems-vtable" aria-rowcount={total + 1} aria-label={t('contacts.title')}>
        <thead>
          <tr>
            <th scope="col">{t('contacts.column.name')}</th>
            <th scope="col">{t('contacts.column.email')}</th>
            <th scope="col">{t('contacts.column.company')}</th>
            <th scope="col">{t('contacts.column.labels')}</th>
            <th scope="col">{t('contacts.column.events')}</th>
            <th scope="col">{t('contacts.column.attended')}</th>
            <th scope="col">{t('contacts.column.lastEvent')}</th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={COLUMNS} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]!;
            const name = contactName(row) || t('contacts.unnamed');
            return (
              <tr key={row.id} data-testid="contact-row" aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                <td>
                  <Anchor component={Link} to={`/contacts/${row.id}`} fw={500} fz="sm">
                    {name}
                  </Anchor>
                  {row.anonymizedAt && (
                    <Badge ml={6} size="xs" color="gray" variant="light">
                      {t('contacts.erased')}
                    </Badge>
                  )}
                </td>
                <td>{row.email ?? '—'}</td>
                <td>{row.company ?? ''}</td>
                <td>
                  <Group gap={4} wrap="nowrap">
                    {row.labels.slice(0, 3).map((label) => (
                      <UnstyledButton key={label} onClick={() => onLabel(label)} aria-label={t('contacts.filter.byLabel', { label })}>
                        <Badge size="sm" variant="light" radius="sm" style={{ cursor: 'pointer', textTransform: 'none' }}>
                          {label}
                        </Badge>
                      </UnstyledButton>
                    ))}
                    {row.labels.length > 3 && (
                      <Text span size="xs" c="dimmed">
                        +{row.labels.length - 3}
                      </Text>
                    )}
                  </Group>
                </td>
                <td>{row.eventsCount}</td>
                <td>{row.attendedCount}</td>
                <td>{row.lastEventAt ? formatDate(row.lastEventAt) : '—'}</td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={COLUMNS} />
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
