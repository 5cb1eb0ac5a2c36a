import { Alert, Anchor, Button, Group, SegmentedControl, Select, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { downloadFile } from '../../api/download-file';
import type { ImportJob, ImportKind } from '../../api/import-types';
import { useUploadImport } from '../../api/upload-import';
import type { FilterOption } from '../contacts-page';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

/** Checked before sending, so a wrong file is refused at once; the API checks again (content, not name). */
export function checkImportFile(file: File): 'IMPORT_NOT_SPREADSHEET' | 'IMPORT_TOO_LARGE' | 'IMPORT_EMPTY' | null {
  if (!/\.(xlsx|csv)$/i.test(file.name)) return 'IMPORT_NOT_SPREADSHEET';
  if (file.size > MAX_IMPORT_BYTES) return 'IMPORT_TOO_LARGE';
  if (file.size === 0) return 'IMPORT_EMPTY';
  return null;
}

export function UploadStep({ events, onUploaded }: { events: FilterOption[]; onUploaded: (job: ImportJob) => void }) {
  const { t } = useI18n();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<ImportKind>('contacts');
  const [eventId, setEventId] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [isOver, setIsOver] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const upload = useUploadImport();

  function choose(next: File | undefined) {
    setError(null);
    if (!next) return;
    const problem = checkImportFile(next);
    if (problem) {
      setFile(null);
      setError(t(`errors.code.${problem}`));
      return;
    }
    setFile(next);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setIsOver(false);
    choose(event.dataTransfer.files[0]);
  }

  async function onSubmit() {
    if (!file) return;
    setError(null);
    try {
      onUploaded(await upload.mutateAsync({ file, kind, eventId }));
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) setError(describeError(cause, t));
    }
  }

  const needsEvent = kind === 'registrations' && !eventId;

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm" fw={500} id={`${inputId}-kind`}>
          {t('imports.kind')}
        </Text>
        <SegmentedControl
          aria-labelledby={`${inputId}-kind`}
          value={kind}
          onChange={(value) => setKind(value as ImportKind)}
          data={[
            { value: 'contacts', label: t('imports.kind.contacts') },
            { value: 'registrations', label: t('imports.kind.registrations') },
          ]}
          fullWidth
          maw={480}
        />
      </Stack>
      {kind === 'registrations' && (
        <Select label={t('imports.event')} placeholder={t('imports.eventPlaceholder')} data={events} value={eventId} onChange={setEventId} searchable required maw={480} nothingFoundMessage={t('common.noResults')} />
      )}
      <label
        htmlFor={inputId}
        onDragOver={(event) => {
          event.preventDefault();
          setIsOver(true);
        }}
        onDragLeave={() => setIsOver(false)}
        onDrop={onDrop}
        data-testid="import-dropzone"
        style={{
          display: 'block',
          cursor: 'pointer',
          border: `2px dashed var(--mantine-color-${isOver ? 'blue-6' : 'gray-4'})`,
          borderRadius: 'var(--mantine-radius-md)',
          background: isOver ? 'var(--mantine-color-blue-0)' : undefined,
          padding: 'var(--mantine-spacing-xl)',
          textAlign: 'center',
        }}
      >
        <Stack gap={6} align="center">
          {file ? <IconFileSpreadsheet size={32} aria-hidden /> : <IconUpload size={32} aria-hidden />}
          <Text fw={500}>{file ? file.name : t('imports.drop')}</Text>
          <Text size="xs" c="dimmed">
            {file ? t('imports.fileSize', { size: Math.max(1, Math.round(file.size / 1024)) }) : t('imports.dropHint')}
          </Text>
        </Stack>
        <VisuallyHidden>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            accept={ACCEPT}
            aria-label={t('imports.fileInput')}
            onChange={(event) => {
              choose(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
        </VisuallyHidden>
      </label>
      <Text size="sm">
        <Anchor
          component="button"
          type="button"
          onClick={() => downloadFile('/api/imports/template.xlsx', { kind }, `modele-${kind}.xlsx`).catch((cause) => setError(describeError(cause, t)))}
        >
          <Group gap={4} component="span">
            <IconDownload size={14} aria-hidden />
            {t('imports.template')}
          </Group>
        </Anchor>
      </Text>
      <div aria-live="assertive">{error && <Alert color="red" role="alert">{error}</Alert>}</div>
      <Group justify="flex-end">
        <Button onClick={onSubmit} disabled={!file || needsEvent} loading={upload.isPending}>
          {t('imports.upload')}
        </Button>
      </Group>
    </Stack>
  );
}
