import { ActionIcon, Button, Group, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useI18n } from '@/lib/i18n/i18n';
import type { AnswerFilter } from '../hooks/registration-filters';
import type { AnswerColumn } from './registrations-table';

/** The API takes at most this many answer filters. */
export const MAX_ANSWER_FILTERS = 10;

/** A new, empty filter with the control that fits the question's type. */
export function emptyAnswerFilter(column: AnswerColumn): AnswerFilter {
  switch (column.type) {
    case 'number':
    case 'date':
      return { field: column.id, kind: 'range', min: '', max: '' };
    case 'checkbox':
    case 'consent':
      return { field: column.id, kind: 'boolean', checked: null };
    case 'select':
    case 'multiselect':
      return { field: column.id, kind: 'choices', values: [] };
    default:
      return { field: column.id, kind: 'text', text: '' };
  }
}

interface AnswerFiltersProps {
  columns: AnswerColumn[];
  value: AnswerFilter[];
  onChange: (filters: AnswerFilter[]) => void;
}

/** Filters on custom answers, all of which must hold: one row per filter, its control chosen by the question's type. */
export function AnswerFilters({ columns, value, onChange }: AnswerFiltersProps) {
  const { t } = useI18n();
  const replace = (index: number, filter: AnswerFilter) => onChange(value.map((current, position) => (position === index ? filter : current)));
  const remove = (index: number) => onChange(value.filter((_, position) => position !== index));
  const comboboxProps = { withinPortal: false };

  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('registrations.filter.answer')}
      </Text>
      {value.map((filter, index) => {
        const column = columns.find((candidate) => candidate.id === filter.field);
        const question = column?.label ?? filter.field;
        const options = Object.entries(column?.options ?? {}).map(([optionValue, label]) => ({ value: optionValue, label }));
        return (
          <Stack key={index} gap={4} role="group" aria-label={t('registrations.filter.answers.group', { question })}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <Select
                label={t('registrations.filter.answers.question')}
                data={columns.map((candidate) => ({ value: candidate.id, label: candidate.label }))}
                value={filter.field}
                allowDeselect={false}
                onChange={(field) => {
                  const next = columns.find((candidate) => candidate.id === field);
                  if (next) replace(index, emptyAnswerFilter(next));
                }}
                comboboxProps={comboboxProps}
                style={{ flex: 1 }}
              />
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('registrations.filter.answers.remove', { question })} onClick={() => remove(index)}>
                <IconX size={16} aria-hidden />
              </ActionIcon>
            </Group>
            {filter.kind === 'text' && (
              <TextInput label={t('registrations.filter.answerValue')} value={filter.text} onChange={(event) => replace(index, { ...filter, text: event.currentTarget.value })} />
            )}
            {filter.kind === 'range' && (
              <>
                <Group gap="xs" grow>
                  {(['min', 'max'] as const).map((side) => (
                    <TextInput
                      key={side}
                      type={column?.type === 'date' ? 'date' : 'number'}
                      inputMode={column?.type === 'date' ? undefined : 'decimal'}
                      label={t(column?.type === 'date' ? (side === 'min' ? 'registrations.filter.answers.from' : 'registrations.filter.answers.to') : `registrations.filter.answers.${side}`)}
                      value={filter[side]}
                      onChange={(event) => replace(index, { ...filter, [side]: event.currentTarget.value })}
                    />
                  ))}
                </Group>
                <Text size="xs" c="dimmed">
                  {t('registrations.filter.answers.rangeHint')}
                </Text>
              </>
            )}
            {filter.kind === 'boolean' && (
              <Select
                label={t('registrations.filter.answers.checked')}
                clearable
                data={[
                  { value: 'true', label: t('registrations.filter.answers.ticked') },
                  { value: 'false', label: t('registrations.filter.answers.notTicked') },
                ]}
                value={filter.checked === null ? null : String(filter.checked)}
                onChange={(checked) => replace(index, { ...filter, checked: checked === null ? null : checked === 'true' })}
                comboboxProps={comboboxProps}
              />
            )}
            {filter.kind === 'choices' && (
              <MultiSelect
                label={t('registrations.filter.answers.anyOf')}
                data={options}
                value={filter.values}
                onChange={(values) => replace(index, { ...filter, values })}
                comboboxProps={comboboxProps}
              />
            )}
          </Stack>
        );
      })}
      {value.length < MAX_ANSWER_FILTERS ? (
        <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...value, emptyAnswerFilter(columns[0]!)])} disabled={!columns.length}>
          {t('registrations.filter.answers.add')}
        </Button>
      ) : (
        <Text size="xs" c="dimmed">
          {t('registrations.filter.answers.limit')}
        </Text>
      )}
    </Stack>
  );
}
