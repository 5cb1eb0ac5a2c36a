import { ActionIcon, Alert, Badge, Button, Group, Menu, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconTemplate, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useDryRunImport } from '../../api/dry-run-import';
import { useImportFields } from '../../api/get-import-fields';
import { useImportPresetMutations, useImportPresets } from '../../api/import-presets';
import type { DryRunReport, ImportJob, ImportMapping, ImportOptions } from '../../api/import-types';
import { useSaveImportMapping } from '../../api/save-import-mapping';
import { applyPreset, headersUsedTwice, ignoredColumns, missingRequiredFields, normaliseMapping, samplesFor } from '../../hooks/import-mapping';

const DATE_FORMATS = ['auto', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD'];

export function MappingStep({ job, onBack, onChecked }: { job: ImportJob; onBack: () => void; onChecked: (report: DryRunReport) => void }) {
  const { t, locale } = useI18n();
  const fields = useImportFields(job.kind, job.eventId);
  const presets = useImportPresets(job.kind);
  const presetMutations = useImportPresetMutations(job.kind);
  const save = useSaveImportMapping(job.id);
  const dryRun = useDryRunImport(job.id);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [options, setOptions] = useState<ImportOptions>({ updateExisting: job.options?.updateExisting ?? false, dateFormat: job.options?.dateFormat ?? 'auto' });
  const [presetName, setPresetName] = useState('');
  const [error, setError] = useState<string | null>(null);

  // The API's guess (FR/EN synonyms) is the starting point.
  useEffect(() => {
    if (fields.data && mapping === null) setMapping(normaliseMapping(fields.data, job.mapping, job.columns));
  }, [fields.data, job, mapping]);

  const headerOptions = useMemo(() => job.columns.map((column) => ({ value: column.header, label: column.header })), [job.columns]);
  if (fields.isPending || (fields.data && mapping === null)) return <SectionLoader />;
  if (fields.error) return <QueryError error={fields.error} onRetry={() => fields.refetch()} />;
  if (!mapping) return null;

  const missing = missingRequiredFields(fields.data, mapping);
  const twice = headersUsedTwice(mapping);
  const ignored = ignoredColumns(job.columns, mapping);
  const fieldLabel = (key: string) => fields.data.find((field) => field.key === key)?.label[locale] ?? key;

  const report = (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) setError(describeError(cause, t));
  };

  async function onContinue() {
    if (!mapping || missing.length || twice.length) return;
    setError(null);
    try {
      await save.mutateAsync({ mapping, options });
      onChecked(await dryRun.mutateAsync());
    } catch (cause) {
      report(cause);
    }
  }

  async function onSavePreset() {
    if (!mapping || !presetName.trim()) return;
    try {
      await presetMutations.create.mutateAsync({ name: presetName.trim(), kind: job.kind, mapping });
      notifications.show({ color: 'teal', message: t('imports.preset.saved', { name: presetName.trim() }) });
      setPresetName('');
    } catch (cause) {
      report(cause);
    }
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm">{t('imports.mapping.intro', { file: job.fileName, rows: job.rowCount })}</Text>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" size="xs" leftSection={<IconTemplate size={14} />} disabled={!presets.data?.length}>
              {t('imports.preset.load')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(presets.data ?? []).map((preset) => (
              <Group key={preset.id} gap={0} wrap="nowrap">
                <Menu.Item onClick={() => setMapping(applyPreset(mapping, preset, job.columns))}>{preset.name}</Menu.Item>
                <ActionIcon variant="subtle" color="red" aria-label={t('imports.preset.delete', { name: preset.name })} onClick={() => presetMutations.remove.mutateAsync(preset.id).catch(report)}>
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" data-testid="import-mapping">
        {fields.data.map((field) => {
          const header = mapping[field.key] ?? null;
          const samples = samplesFor(job.columns, header);
          const isMissing = field.required && !header;
          return (
            <Select
              key={field.key}
              label={field.label[locale]}
              required={field.required}
              placeholder={t('imports.mapping.notImported')}
              data={headerOptions}
              value={header}
              onChange={(value) => setMapping({ ...mapping, [field.key]: value })}
              clearable={!field.required}
              searchable
              error={isMissing ? t('imports.mapping.required') : undefined}
              description={samples.length ? t('imports.mapping.samples', { samples: samples.join(' · ') }) : undefined}
            />
          );
        })}
      </SimpleGrid>
      {twice.length > 0 && (
        <Alert color="red" variant="light">
          {t('imports.mapping.twice', { headers: twice.join(', ') })}
        </Alert>
      )}
      {ignored.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('imports.mapping.ignored')}
          </Text>
          <Group gap={6}>
            {ignored.map((column) => (
              <Badge key={column.index} variant="outline" color="gray" style={{ textTransform: 'none' }}>
                {column.header}
              </Badge>
            ))}
          </Group>
        </Stack>
      )}
      <Title order={3} fz="md">
        {t('imports.options')}
      </Title>
      <Group gap="lg" wrap="wrap" align="flex-end">
        <Switch label={t('imports.options.updateExisting')} description={t('imports.options.updateExistingHelp')} checked={options.updateExisting} onChange={(event) => setOptions({ ...options, updateExisting: event.currentTarget.checked })} />
        <Select
          label={t('imports.options.dateFormat')}
          data={DATE_FORMATS.map((value) => ({ value, label: value === 'auto' ? t('imports.options.dateAuto') : value }))}
          value={options.dateFormat}
          onChange={(value) => setOptions({ ...options, dateFormat: value ?? 'auto' })}
          allowDeselect={false}
          w={200}
        />
      </Group>
      <Group gap="xs" align="flex-end">
        <TextInput label={t('imports.preset.name')} value={presetName} onChange={(event) => setPresetName(event.currentTarget.value)} maxLength={100} w={260} />
        <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={onSavePreset} disabled={!presetName.trim()} loading={presetMutations.create.isPending}>
          {t('imports.preset.save')}
        </Button>
      </Group>
      <div aria-live="assertive">
        {missing.length > 0 && (
          <Text size="sm" c="red.8">
            {t('imports.mapping.missing', { fields: missing.map((field) => fieldLabel(field.key)).join(', ') })}
          </Text>
        )}
        {error && <Alert color="red" role="alert">{error}</Alert>}
      </div>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('imports.back')}
        </Button>
        <Button onClick={onContinue} disabled={missing.length > 0 || twice.length > 0} loading={save.isPending || dryRun.isPending}>
          {t('imports.check')}
        </Button>
      </Group>
    </Stack>
  );
}
