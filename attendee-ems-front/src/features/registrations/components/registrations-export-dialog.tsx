import { Alert, Anchor, Button, Checkbox, Group, Modal, Progress, Radio, SegmentedControl, SimpleGrid, Stack, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/api/error-message';
import { usePermissions } from '@/lib/auth/me';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useRegistrationsCount } from '../api/count-registrations';
import { exportJobQueryOptions, isFinished, useExportJob, useStartRegistrationsExport } from '../api/export-job';
import { answerExportColumn, REGISTRATION_EXPORT_COLUMNS, useExportRegistrations, type ExportFormat } from '../api/export-registrations';
import type { RegistrationStatusFilter } from '../hooks/registration-filters';
import type { AnswerColumn } from './registrations-table';

/** Above this many rows the worker builds the file; below, it streams straight to the open tab. */
export const DIRECT_EXPORT_LIMIT = 5000;
/** Left out until asked for: less personal data in files that get forwarded around. */
const OFF_BY_DEFAULT = new Set<string>(['phone', 'country', 'source']);

interface ExportScopeProps {
  /** The list's status filter, offered as the export's scope: the only list filter the export API applies. */
  statusFilter: RegistrationStatusFilter | null;
  /** Search, type, presence, answer or deleted filters are on: the dialog says they are not applied. */
  hasOtherFilters: boolean;
}

interface RegistrationsExportDialogProps extends ExportScopeProps {
  eventId: string;
  opened: boolean;
  onClose: () => void;
  answerColumns: AnswerColumn[];
}

export function RegistrationsExportButton({ eventId, answerColumns, statusFilter, hasOtherFilters }: Omit<RegistrationsExportDialogProps, 'opened' | 'onClose'>) {
  const { t } = useI18n();
  const { can } = usePermissions();
  const [isOpen, setIsOpen] = useState(false);
  if (!can('registrations.export')) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => setIsOpen(true)} aria-haspopup="dialog">
        {t('registrations.export.button')}
      </Button>
      <RegistrationsExportDialog
        eventId={eventId}
        opened={isOpen}
        onClose={() => setIsOpen(false)}
        answerColumns={answerColumns}
        statusFilter={statusFilter}
        hasOtherFilters={hasOtherFilters}
      />
    </>
  );
}

export function RegistrationsExportDialog({ eventId, opened, onClose, answerColumns, statusFilter, hasOtherFilters }: RegistrationsExportDialogProps) {
  const { t, locale } = useI18n();
  const formatLabelId = useId();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  // What is left out rather than what is in: form fields that load after the dialog opened start ticked.
  const [excluded, setExcluded] = useState<Set<string>>(() => new Set(OFF_BY_DEFAULT));
  const [scope, setScope] = useState<'filtered' | 'all'>('filtered');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const direct = useExportRegistrations(eventId);
  const start = useStartRegistrationsExport(eventId);
  const job = useExportJob(jobId);
  const progressRef = useRef<HTMLDivElement>(null);
  const downloadRef = useRef<HTMLAnchorElement>(null);

  const status = scope === 'filtered' ? statusFilter : null;
  const count = useRegistrationsCount(eventId, status, opened && jobId === null);
  const isLarge = count.isError || (count.data !== undefined && (count.data.isCapped || count.data.total > DIRECT_EXPORT_LIMIT));

  const answerValues = useMemo(() => answerColumns.map((column) => answerExportColumn(column.id)), [answerColumns]);
  const allColumns = useMemo(() => [...REGISTRATION_EXPORT_COLUMNS, ...answerValues], [answerValues]);
  const selected = allColumns.filter((column) => !excluded.has(column));
  const choose = (group: readonly string[], values: string[]) =>
    setExcluded((current) => {
      const next = new Set(current);
      for (const column of group) {
        if (values.includes(column)) next.delete(column);
        else next.add(column);
      }
      return next;
    });

  const data = job.data;
  const downloadUrl = data?.status === 'done' ? data.downloadUrl : null;
  const percent = data && data.total ? Math.min(100, Math.floor((data.progress / data.total) * 100)) : 0;

  useEffect(() => {
    if (downloadUrl) downloadRef.current?.focus();
  }, [downloadUrl]);

  async function onSubmit() {
    setError(null);
    const input = { format, columns: selected, ...(status ? { status } : {}) };
    try {
      if (isLarge) {
        const created = await start.mutateAsync(input);
        queryClient.setQueryData(exportJobQueryOptions(created.id).queryKey, created);
        setJobId(created.id);
        // The form gives way to the progress: focus follows, or it would fall back to the page.
        requestAnimationFrame(() => progressRef.current?.focus());
        return;
      }
      const filename = await direct.mutateAsync(input);
      notifications.show({ color: 'teal', message: t('registrations.export.done', { file: filename }) });
      onClose();
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) setError(describeError(cause, t));
    }
  }

  function reset() {
    setJobId(null);
    setError(null);
  }

  function close() {
    // A file still being built stays on screen when the dialog comes back; a finished one gives way to a new export.
    if (jobId && isFinished(data)) reset();
    else setError(null);
    onClose();
  }

  const statusLabel = statusFilter ? t(`registrations.status.${statusFilter}` as TranslationKey) : '';
  const announcement = !jobId
    ? ''
    : data?.status === 'failed'
      ? t('registrations.export.failed')
      : downloadUrl
        ? t('registrations.export.ready')
        : t('registrations.export.progressAnnounce', { percent: Math.floor(percent / 10) * 10 });

  return (
    <Modal opened={opened} onClose={close} title={t('registrations.export.title')} centered size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <VisuallyHidden role="status" aria-live="polite" data-testid="export-announcer">
        {announcement}
      </VisuallyHidden>
      {jobId ? (
        <Stack gap="md" ref={progressRef} tabIndex={-1} data-testid="export-job" style={{ outline: 'none' }}>
          {data?.status === 'failed' ? (
            <Alert color="red">{t('registrations.export.failed')}</Alert>
          ) : downloadUrl ? (
            <Stack gap={4}>
              <Text size="sm">{t('registrations.export.ready')}</Text>
              <Anchor ref={downloadRef} href={downloadUrl} download fw={600}>
                <Group gap={6} component="span">
                  <IconDownload size={16} aria-hidden />
                  {t('registrations.export.download')}
                </Group>
              </Anchor>
              <Text size="xs" c="dimmed">
                {t('registrations.export.linkHint')}
              </Text>
            </Stack>
          ) : (
            <Stack gap={4}>
              <Text size="sm">{t('registrations.export.progress', { done: (data?.progress ?? 0).toLocaleString(locale), total: (data?.total ?? 0).toLocaleString(locale) })}</Text>
              <Progress value={percent} animated aria-label={t('registrations.export.title')} />
            </Stack>
          )}
          <Group justify="flex-end">
            {isFinished(data) && (
              <Button variant="default" onClick={reset}>
                {t('registrations.export.again')}
              </Button>
            )}
            <Button onClick={close}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Stack gap={4}>
            <Text size="sm" fw={500} id={formatLabelId}>
              {t('registrations.export.format')}
            </Text>
            <SegmentedControl
              aria-labelledby={formatLabelId}
              value={format}
              onChange={(value) => setFormat(value as ExportFormat)}
              data={[
                { value: 'xlsx', label: 'Excel (.xlsx)' },
                { value: 'csv', label: 'CSV' },
              ]}
            />
          </Stack>

          {statusFilter && (
            <Radio.Group label={t('registrations.export.scope')} value={scope} onChange={(value) => setScope(value as 'filtered' | 'all')}>
              <Stack gap={6} mt={6}>
                <Radio value="filtered" label={t('registrations.export.scopeStatus', { status: statusLabel })} />
                <Radio value="all" label={t('registrations.export.scopeAll')} />
              </Stack>
            </Radio.Group>
          )}
          <Stack gap={2}>
            <Text size="sm" aria-live="polite" data-testid="export-count">
              {count.isError
                ? t('registrations.export.countUnknown')
                : count.data
                  ? t('registrations.export.count', { count: `${count.data.total.toLocaleString(locale)}${count.data.isCapped ? '+' : ''}` })
                  : t('registrations.export.counting')}
            </Text>
            {hasOtherFilters && (
              <Text size="xs" c="dimmed">
                {t('registrations.export.filtersIgnored')}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {t('registrations.export.deletedExcluded')}
            </Text>
          </Stack>

          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap">
              <Text size="sm" fw={500}>
                {t('registrations.export.columns')}
              </Text>
              <Group gap="xs">
                <Button size="compact-xs" variant="subtle" onClick={() => setExcluded(new Set())}>
                  {t('registrations.export.all')}
                </Button>
                <Button size="compact-xs" variant="subtle" onClick={() => setExcluded(new Set(allColumns))}>
                  {t('registrations.export.none')}
                </Button>
              </Group>
            </Group>
            <Checkbox.Group label={t('registrations.export.standardColumns')} value={selected} onChange={(values) => choose(REGISTRATION_EXPORT_COLUMNS, values)}>
              <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} mt="xs" spacing="xs">
                {REGISTRATION_EXPORT_COLUMNS.map((column) => (
                  <Checkbox key={column} value={column} label={t(`registrations.exportColumn.${column}` as TranslationKey)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            {answerColumns.length > 0 && (
              <Checkbox.Group label={t('registrations.export.answerColumns')} value={selected} onChange={(values) => choose(answerValues, values)}>
                <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="xs">
                  {answerColumns.map((column) => (
                    <Checkbox key={column.id} value={answerExportColumn(column.id)} label={column.label} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            )}
            <Text size="xs" c={selected.length ? 'dimmed' : 'red.8'} aria-live="polite">
              {selected.length ? t('registrations.export.selectedCount', { count: selected.length }) : t('registrations.export.noColumn')}
            </Text>
            {answerColumns[0] && (
              <Text size="xs" c="dimmed">
                {t('registrations.export.headersHint', { example: answerColumns[0].id })}
              </Text>
            )}
          </Stack>

          {isLarge && <Text size="sm">{t('registrations.export.background', { limit: DIRECT_EXPORT_LIMIT.toLocaleString(locale) })}</Text>}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={onSubmit} loading={direct.isPending || start.isPending} disabled={selected.length === 0 || (count.isPending && !count.isError)}>
              {t('registrations.export.submit')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
