import { ActionIcon, Button, Group, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { localized, type Condition, type ConditionOperator, type ConditionRule, type FormField } from '@shared/registration-form';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { rulesOf, withRules } from '../hooks/builder-state';

/** Operators that make sense for each kind of earlier field. */
export function operatorsFor(field: FormField | undefined): ConditionOperator[] {
  if (!field) return ['isSet'];
  switch (field.type) {
    case 'checkbox':
    case 'consent':
      return ['isTrue', 'isFalse'];
    case 'select':
    case 'country':
      return ['equals', 'notEquals', 'isSet', 'isNotSet'];
    case 'multiselect':
      return ['contains', 'isSet', 'isNotSet'];
    default:
      return ['equals', 'notEquals', 'contains', 'isSet', 'isNotSet'];
  }
}

const needsValue = (op: ConditionOperator) => !['isSet', 'isNotSet', 'isTrue', 'isFalse'].includes(op);

export function defaultRule(field: FormField): ConditionRule {
  const op = operatorsFor(field)[0]!;
  const rule: ConditionRule = { field: field.id, op };
  if (needsValue(op)) rule.value = field.options?.[0]?.value ?? '';
  return rule;
}

interface ConditionEditorProps {
  /** Who the rules are for, in the labels ("Show this field only if…"). */
  label: string;
  condition: Condition | undefined;
  earlier: FormField[];
  onChange: (condition: Condition | undefined) => void;
}

export function ConditionEditor({ label, condition, earlier, onChange }: ConditionEditorProps) {
  const { t, locale } = useI18n();
  const rules = rulesOf(condition);
  const mode = condition && 'any' in condition ? 'any' : 'all';
  const fieldOptions = earlier.map((field) => ({ value: field.id, label: localized(field.label, locale) || field.id }));

  const setRules = (next: ConditionRule[], nextMode: 'all' | 'any' = mode) => onChange(withRules(condition, next, nextMode));
  const updateRule = (index: number, patch: Partial<ConditionRule>) => setRules(rules.map((rule, at) => (at === index ? { ...rule, ...patch } : rule)));

  if (earlier.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('builder.rules.noEarlier')}
      </Text>
    );
  }

  return (
    <Stack gap="xs">
      <Switch
        label={label}
        checked={rules.length > 0}
        onChange={(event) => setRules(event.currentTarget.checked ? [defaultRule(earlier[earlier.length - 1]!)] : [])}
      />
      {rules.length > 1 && (
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(value) => setRules(rules, value as 'all' | 'any')}
          data={[
            { value: 'all', label: t('builder.rules.all') },
            { value: 'any', label: t('builder.rules.any') },
          ]}
          aria-label={t('builder.rules.mode')}
        />
      )}
      {rules.map((rule, index) => {
        const source = earlier.find((field) => field.id === rule.field);
        const operators = operatorsFor(source);
        return (
          <Group key={index} gap="xs" align="flex-end" wrap="wrap" data-testid="condition-rule">
            <Select
              label={t('builder.rules.field')}
              data={fieldOptions}
              value={rule.field}
              allowDeselect={false}
              w={{ base: '100%', sm: 180 }}
              onChange={(value) => {
                const field = earlier.find((candidate) => candidate.id === value);
                if (field) setRules(rules.map((current, at) => (at === index ? defaultRule(field) : current)));
              }}
            />
            <Select
              label={t('builder.rules.operator')}
              data={operators.map((op) => ({ value: op, label: t(`builder.op.${op}` as TranslationKey) }))}
              value={operators.includes(rule.op) ? rule.op : null}
              allowDeselect={false}
              w={{ base: '100%', sm: 170 }}
              onChange={(value) => {
                const op = value as ConditionOperator;
                updateRule(index, needsValue(op) ? { op, value: rule.value ?? source?.options?.[0]?.value ?? '' } : { op, value: undefined });
              }}
            />
            {needsValue(rule.op) &&
              (source?.options ? (
                <Select
                  label={t('builder.rules.value')}
                  data={source.options.map((option) => ({ value: option.value, label: localized(option.label, locale) || option.value }))}
                  value={typeof rule.value === 'string' ? rule.value : null}
                  allowDeselect={false}
                  w={{ base: '100%', sm: 170 }}
                  onChange={(value) => updateRule(index, { value: value ?? '' })}
                />
              ) : (
                <TextInput
                  label={t('builder.rules.value')}
                  value={typeof rule.value === 'string' || typeof rule.value === 'number' ? String(rule.value) : ''}
                  w={{ base: '100%', sm: 170 }}
                  onChange={(event) => updateRule(index, { value: event.currentTarget.value })}
                />
              ))}
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('builder.rules.remove')}
              onClick={() => setRules(rules.filter((_, at) => at !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      {rules.length > 0 && rules.length < 20 && (
        <Button variant="subtle" size="compact-sm" onClick={() => setRules([...rules, defaultRule(earlier[earlier.length - 1]!)])} style={{ alignSelf: 'flex-start' }}>
          {t('builder.rules.add')}
        </Button>
      )}
    </Stack>
  );
}
