import { ActionIcon, Button, Divider, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { localized, type FormDefinition, type FormField } from '@shared/registration-form';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { earlierFields, hasChoices, LOCKED_FIELDS, isStandardField, type BuilderAction } from '../hooks/builder-state';
import { ConditionEditor } from './condition-editor';

const TEXT_TYPES = ['text', 'textarea', 'email', 'phone'];

interface FieldEditorProps {
  definition: FormDefinition;
  field: FormField;
  dispatch: (action: BuilderAction) => void;
  /** Why the last save refused this field's pattern, shown on the input. */
  patternProblem?: string;
}

export function FieldEditor({ definition, field, dispatch, patternProblem }: FieldEditorProps) {
  const { t, locale } = useI18n();
  const isLocked = LOCKED_FIELDS.includes(field.id);
  const update = (patch: Partial<Omit<FormField, 'id'>>) => dispatch({ type: 'update', id: field.id, patch });
  const name = localized(field.label, locale) || field.id;

  return (
    <Stack gap="sm" data-testid="field-editor">
      <Group justify="space-between">
        <Title order={3} fz="md">
          {t('builder.editor.title', { name })}
        </Title>
        <Text size="xs" c="dimmed">
          {t(`builder.type.${field.type}` as TranslationKey)} · <code>{field.id}</code>
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('builder.editor.labelFr')} required value={field.label.fr} onChange={(event) => update({ label: { ...field.label, fr: event.currentTarget.value } })} />
        <TextInput label={t('builder.editor.labelEn')} value={field.label.en ?? ''} onChange={(event) => update({ label: { ...field.label, en: event.currentTarget.value } })} />
        <Textarea
          label={t('builder.editor.helpFr')}
          autosize
          minRows={1}
          value={field.help?.fr ?? ''}
          onChange={(event) => update({ help: { fr: event.currentTarget.value, en: field.help?.en ?? '' } })}
        />
        <Textarea
          label={t('builder.editor.helpEn')}
          autosize
          minRows={1}
          value={field.help?.en ?? ''}
          onChange={(event) => update({ help: { fr: field.help?.fr ?? '', en: event.currentTarget.value } })}
        />
      </SimpleGrid>
      <Switch
        label={t('builder.editor.required')}
        checked={field.required}
        disabled={isLocked}
        description={isLocked ? t('builder.editor.lockedHint') : undefined}
        onChange={(event) => update({ required: event.currentTarget.checked })}
      />
      {!isLocked && definition.sections.length > 0 && (
        <Select
          label={t('builder.editor.section')}
          placeholder={t('builder.editor.noSection')}
          clearable
          data={definition.sections.map((section) => ({ value: section.id, label: localized(section.title, locale) || section.id }))}
          value={field.sectionId ?? null}
          onChange={(value) => update({ sectionId: value ?? undefined })}
        />
      )}
      {hasChoices(field.type) && <OptionsEditor field={field} onChange={(options) => update({ options })} />}
      {TEXT_TYPES.includes(field.type) && !isStandardField(field.id) && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('builder.editor.minLength')}
            min={0}
            value={field.validation?.minLength ?? ''}
            onChange={(value) => update({ validation: { ...field.validation, minLength: typeof value === 'number' ? value : undefined } })}
          />
          <NumberInput
            label={t('builder.editor.maxLength')}
            min={1}
            value={field.validation?.maxLength ?? ''}
            onChange={(value) => update({ validation: { ...field.validation, maxLength: typeof value === 'number' ? value : undefined } })}
          />
          <TextInput
            label={t('builder.editor.pattern')}
            description={t('builder.editor.patternHint')}
            error={patternProblem}
            value={field.validation?.pattern ?? ''}
            onChange={(event) => update({ validation: { ...field.validation, pattern: event.currentTarget.value || undefined } })}
          />
        </SimpleGrid>
      )}
      {field.type === 'number' && (
        <SimpleGrid cols={2}>
          <NumberInput
            label={t('builder.editor.min')}
            value={field.validation?.min ?? ''}
            onChange={(value) => update({ validation: { ...field.validation, min: typeof value === 'number' ? value : undefined } })}
          />
          <NumberInput
            label={t('builder.editor.max')}
            value={field.validation?.max ?? ''}
            onChange={(value) => update({ validation: { ...field.validation, max: typeof value === 'number' ? value : undefined } })}
          />
        </SimpleGrid>
      )}
      {field.type === 'consent' && (
        <TextInput
          label={t('builder.editor.consentVersion')}
          description={t('builder.editor.consentVersionHint')}
          value={field.consentVersion ?? ''}
          onChange={(event) => update({ consentVersion: event.currentTarget.value || undefined })}
        />
      )}
      {!isLocked && (
        <>
          <Divider label={t('builder.rules.title')} labelPosition="left" />
          <ConditionEditor
            label={t('builder.rules.fieldToggle')}
            condition={field.visibleWhen}
            earlier={earlierFields(definition, field.id)}
            onChange={(condition) => dispatch({ type: 'setCondition', id: field.id, condition })}
          />
        </>
      )}
    </Stack>
  );
}

function OptionsEditor({ field, onChange }: { field: FormField; onChange: (options: NonNullable<FormField['options']>) => void }) {
  const { t } = useI18n();
  const options = field.options ?? [];
  const set = (index: number, patch: Partial<(typeof options)[number]>) => onChange(options.map((option, at) => (at === index ? { ...option, ...patch } : option)));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('builder.options.title')}
      </Text>
      {options.map((option, index) => (
        <Group key={index} gap="xs" align="flex-end" wrap="nowrap" data-testid="option-row">
          <TextInput
            aria-label={t('builder.options.labelFr', { index: index + 1 })}
            placeholder={t('builder.options.labelFrPlaceholder')}
            value={option.label.fr}
            style={{ flex: 2 }}
            onChange={(event) => set(index, { label: { ...option.label, fr: event.currentTarget.value } })}
          />
          <TextInput
            aria-label={t('builder.options.labelEn', { index: index + 1 })}
            placeholder={t('builder.options.labelEnPlaceholder')}
            value={option.label.en ?? ''}
            style={{ flex: 2 }}
            onChange={(event) => set(index, { label: { ...option.label, en: event.currentTarget.value } })}
          />
          <TextInput
            aria-label={t('builder.options.value', { index: index + 1 })}
            placeholder={t('builder.options.valuePlaceholder')}
            value={option.value}
            style={{ flex: 1 }}
            onChange={(event) => set(index, { value: event.currentTarget.value.replace(/\s+/g, '_') })}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            disabled={options.length <= 1}
            aria-label={t('builder.options.remove', { index: index + 1 })}
            onClick={() => onChange(options.filter((_, at) => at !== index))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="compact-sm"
        style={{ alignSelf: 'flex-start' }}
        onClick={() => {
          let n = options.length + 1;
          while (options.some((option) => option.value === `option_${n}`)) n += 1;
          onChange([...options, { value: `option_${n}`, label: { fr: `Option ${n}`, en: '' } }]);
        }}
      >
        {t('builder.options.add')}
      </Button>
    </Stack>
  );
}
