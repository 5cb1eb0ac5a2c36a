import { Alert, Anchor, Button, Checkbox, Group, Modal, Progress, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { createBackgroundExport, getBackgroundExport } from '../api/background-export';
import { downloadFile } from '../api/download-file';
import { CONTACT_EXPORT_COLUMNS, CUSTOM_FIELD_COLUMN, exportColumns, useExportContacts, type ExportFormat } from '../api/export-contacts';
import { useCustomFieldKeys } from '../api/get-custom-field-keys';
import type { ContactsQuery } from '../hooks/contact-filters';

/** Above this many rows the file is built by the worker rather than streamed to the open tab. */
export const DIRECT_EXPORT_LIMIT = 5000;

interface ExportDialogProps {
  opened: boolean;
  onClose: () => void;
  filters: Omit<ContactsQuery, 'page' | 'pageSize'>;
  total: number;
  /** The list stopped counting at `total`: the export holds more, so it runs as a background job. */
  isTotalCapped?: boolean;
}

export function ExportDialog({ opened, onClose, filters, total, isTotalCapped = false }: ExportDialogProps) {
  const { t } = useI18n();
  const customKeys = useCustomFieldKeys({ enabled: opened });
  const available = useMemo(() => exportColumns(customKeys.data?.keys ?? []), [customKeys.data]);
  // null: every column offered, custom fields included once they are known (the API's default too).
  const [chosen, setColumns] = useState<string[] | null>(null);
  const columns = chosen ?? available;
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const direct = useExportContacts();
  const isLarge = isTotalCapped || total > DIRECT_EXPORT_LIMIT;

  const job = useQuery({
    queryKey: ['exports', jobId],
    queryFn: () => getBackgroundExport(jobId!),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : 1000),
  });

  const ordered = available.filter((column) => columns.includes(column));
  const customColumns = available.filter((column) => column.startsWith(CUSTOM_FIELD_COLUMN));

  async function onSubmit() {
    setError(null);
    try {
      if (isLarge) {
        setIsStarting(true);
        const created = await createBackgroundExport({ kind: 'contacts', format, columns: ordered, filters: { ...filters, status: filters.status ?? 'active' } });
        setJobId(created.id);
        return;
      }
      const filename = await direct.mutateAsync({ filters, columns: ordered, format });
      notifications.show({ color: 'green', message: t('contacts.export.done', { file: filename }) });
      onClose();
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) setError(describeError(cause, t));
    } finally {
      setIsStarting(false);
    }
  }

  function close() {
    setJobId(null);
    setError(null);
    onClose();
  }

  const progress = job.data;
  const percent = progress && progress.total ? Math.round((progress.progress / progress.total) * 100) : 0;
  const downloadUrl = progress?.status === 'done' ? progress.downloadUrl : null;

  return (
    <Modal opened={opened} onClose={close} title={t('contacts.export.title')} centered size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <Text size="sm">{t(isTotalCapped ? 'contacts.export.introCapped' : 'contacts.export.intro', { count: total })}</Text>
        <Checkbox.Group label={t('contacts.export.columns')} value={columns} onChange={setColumns}>
          <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} mt="xs" spacing="xs">
            {CONTACT_EXPORT_COLUMNS.map((column) => (
              <Checkbox key={column} value={column} label={t(`contacts.exportColumn.${column}` as TranslationKey)} />
            ))}
          </SimpleGrid>
          {customColumns.length > 0 && (
            <Stack gap={4} mt="sm" role="group" aria-labelledby="export-custom-fields-label">
              <Text size="sm" fw={500} id="export-custom-fields-label">
                {t('contacts.export.customFields')}
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="xs">
                {customColumns.map((column) => (
                  <Checkbox
                    key={column}
                    value={column}
                    label={column.slice(CUSTOM_FIELD_COLUMN.length)}
                    aria-label={t('contacts.exportColumn.custom', { key: column.slice(CUSTOM_FIELD_COLUMN.length) })}
                  />
                ))}
              </SimpleGrid>
            </Stack>
          )}
        </Checkbox.Group>
        {customKeys.error && <Text size="xs" c="dimmed">{t('contacts.export.customFieldsUnavailable')}</Text>}
        <Group gap="xs">
          <Button size="compact-xs" variant="subtle" onClick={() => setColumns([...available])}>
            {t('contacts.export.all')}
          </Button>
          <Button size="compact-xs" variant="subtle" onClick={() => setColumns([])}>
            {t('contacts.export.none')}
          </Button>
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="export-format-label">
            {t('contacts.export.format')}
          </Text>
          <SegmentedControl
            aria-labelledby="export-format-label"
            value={format}
            onChange={(value) => setFormat(value as ExportFormat)}
            data={[
              { value: 'xlsx', label: 'Excel (.xlsx)' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
        </Stack>
        {isLarge && !jobId && <Text size="sm" c="dimmed">{t('contacts.export.background')}</Text>}
        {jobId && (
          <Stack gap={4} role="status" aria-live="polite">
            {progress?.status === 'failed' ? (
              <Alert color="red">{t('contacts.export.failed')}</Alert>
            ) : downloadUrl ? (
              <Text size="sm">
                {t('contacts.export.ready')}{' '}
                <Anchor
                  href={downloadUrl}
                  onClick={(event) => {
                    // An API path needs the bearer token: fetch it; a signed URL opens by itself.
                    if (downloadUrl.startsWith('/api/')) {
                      event.preventDefault();
                      void downloadFile(downloadUrl, {}, `contacts.${format}`).catch((cause) => setError(describeError(cause, t)));
                    }
                  }}
                >
                  {t('contacts.export.download')}
                </Anchor>
              </Text>
            ) : (
              <>
                <Text size="sm">{t('contacts.export.progress', { done: progress?.progress ?? 0, total: progress?.total ?? total })}</Text>
                <Progress value={percent} animated aria-label={t('contacts.export.progress', { done: progress?.progress ?? 0, total: progress?.total ?? total })} />
              </>
            )}
          </Stack>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {jobId ? t('common.close') : t('common.cancel')}
          </Button>
          {!jobId && (
            <Button onClick={onSubmit} loading={direct.isPending || isStarting} disabled={ordered.length === 0}>
              {t('contacts.export.submit')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
