import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Menu,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconPlus, IconTrash } from '@tabler/icons-react';
import { FIELD_TYPES, localized, STANDARD_FIELDS, validateDefinition, type DefinitionProblem, type FieldType, type FormDefinition, type Locale } from '@shared/registration-form';
import { useEffect, useMemo, useReducer, useRef, useState, type DragEvent } from 'react';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/api/error-message';
import { hasTranslation, useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import type { PublicAttendeeTypeOption } from '@/public/form/form-state';
import { RegistrationForm } from '@/public/form/registration-form';
import { publicTranslator } from '@/public/i18n';
import { useSaveEventForm } from '../api/save-event-form';
import { builderReducer, cleanDefinition, customFieldId, LOCKED_FIELDS, rulesOf, STANDARD_FIELD_LABELS } from '../hooks/builder-state';
import { FieldEditor } from './field-editor';
import { SectionsEditor } from './sections-editor';

const CUSTOM_TYPES = FIELD_TYPES.filter((type) => type !== 'country');

const ruleCount = (form: FormDefinition) => form.fields.reduce((count, field) => count + rulesOf(field.visibleWhen).length, 0);

interface FormBuilderProps {
  eventId: string;
  initial: FormDefinition;
  canEdit: boolean;
  /** The event's public attendee types, for the preview. */
  attendeeTypes: PublicAttendeeTypeOption[];
}

export function FormBuilder({ eventId, initial, canEdit, attendeeTypes }: FormBuilderProps) {
  const { t, locale } = useI18n();
  const [definition, dispatch] = useReducer(builderReducer, initial);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dragIndex, setDragIndex] = useState<number | null>(null);
  const [isAdding, setIsAdding] = useState(false);
  const [problems, setProblems] = useState<DefinitionProblem[]>([]);
  const [previewLocale, setPreviewLocale] = useState<Locale>(locale);
  const [announcement, setAnnouncement] = useState('');
  const moveButtons = useRef(new Map<string, HTMLButtonElement>());
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: string; direction: 'up' | 'down' } | null>(null);
  const save = useSaveEventForm(eventId);

  const saved = useMemo(() => JSON.stringify(cleanDefinition(initial)), [initial]);
  const isDirty = JSON.stringify(cleanDefinition(definition)) !== saved;
  useEffect(() => dispatch({ type: 'reset', definition: initial }), [initial]);
  // A moved row is re-inserted in the DOM, which drops the focus: give it back to the button used,
  // or to the other one when the field reached the top or the bottom.
  useEffect(() => {
    if (!focusAfterMove) return;
    const other = focusAfterMove.direction === 'up' ? 'down' : 'up';
    const buttons = [focusAfterMove.direction, other].map((direction) => moveButtons.current.get(`${focusAfterMove.id}:${direction}`));
    buttons.find((button) => button && !button.disabled)?.focus();
  }, [focusAfterMove]);

  const selected = definition.fields.find((field) => field.id === selectedId) ?? null;
  const labelOf = (id: string) => localized(definition.fields.find((field) => field.id === id)?.label, locale) || id;

  function move(from: number, to: number) {
    const field = definition.fields[from];
    if (!field || to < 0 || to >= definition.fields.length) return;
    // Any field's conditions may go (a field moved below one that depended on it), not only the moved one's.
    const isPruning = ruleCount(builderReducer(definition, { type: 'move', from, to })) < ruleCount(definition);
    dispatch({ type: 'move', from, to });
    setAnnouncement(t('builder.moved', { name: labelOf(field.id), position: to + 1, total: definition.fields.length }) + (isPruning ? ` ${t('builder.rulesChecked')}` : ''));
  }

  function moveWithButton(index: number, direction: 'up' | 'down') {
    move(index, direction === 'up' ? index - 1 : index + 1);
    setFocusAfterMove({ id: definition.fields[index]!.id, direction });
  }

  const moveButtonRef = (id: string, direction: 'up' | 'down') => (button: HTMLButtonElement | null) => {
    if (button) moveButtons.current.set(`${id}:${direction}`, button);
    else moveButtons.current.delete(`${id}:${direction}`);
  };

  async function onSave() {
    const clean = cleanDefinition(definition);
    const local = validateDefinition(clean);
    setProblems(local);
    if (local.length) return;
    try {
      await save.mutateAsync(clean);
      notifications.show({ color: 'green', message: t('builder.saved') });
    } catch (error) {
      // The API names fields from the request body (`definition.fields[3]…`); the builder from the definition.
      if (error instanceof ApiError && error.fieldErrors.length) setProblems(error.fieldErrors.map((problem) => ({ ...problem, field: problem.field.replace(/^definition\./, '') })));
      else if (!(error instanceof ApiError && error.isAlreadyReported)) setProblems([{ field: '', code: 'server', message: describeError(error, t) }]);
    }
  }

  const problemText = (problem: DefinitionProblem) => {
    const index = /^fields\[(\d+)\]/.exec(problem.field)?.[1];
    const field = index !== undefined ? definition.fields[Number(index)] : undefined;
    const key = `builder.problem.${problem.code}`;
    const text = hasTranslation(key) ? t(key as TranslationKey) : problem.message;
    return field ? `${localized(field.label, locale) || field.id} : ${text}` : text;
  };

  const selectedPatternProblem = selected ? problems.find((problem) => problem.field === `fields[${definition.fields.indexOf(selected)}].validation.pattern`) : undefined;

  const previewT = useMemo(() => publicTranslator(previewLocale), [previewLocale]);
  const missingStandard = STANDARD_FIELDS.filter((id) => !definition.fields.some((field) => field.id === id));

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="md">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} fz="lg">
              {t('builder.title')}
            </Title>
            {canEdit && (
              <Group gap="xs">
                {isDirty && (
                  <Badge color="yellow" variant="light" tt="none">
                    {t('builder.unsaved')}
                  </Badge>
                )}
                <Button variant="default" disabled={!isDirty} onClick={() => dispatch({ type: 'reset', definition: initial })}>
                  {t('common.reset')}
                </Button>
                <Button onClick={onSave} loading={save.isPending} disabled={!isDirty}>
                  {t('builder.save')}
                </Button>
              </Group>
            )}
          </Group>
          {problems.length > 0 && (
            <Alert color="red" title={t('builder.problems')} role="alert">
              <List size="sm">
                {problems.map((problem, index) => (
                  <List.Item key={index}>{problemText(problem)}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
          <Stack gap={6} role="list" aria-label={t('builder.fieldsList')}>
            {definition.fields.map((field, index) => {
              const isConditional = rulesOf(field.visibleWhen).length > 0;
              const section = field.sectionId ? definition.sections.find((candidate) => candidate.id === field.sectionId) : undefined;
              return (
                <Paper
                  key={field.id}
                  role="listitem"
                  withBorder
                  p="xs"
                  radius="md"
                  data-testid="builder-field"
                  draggable={canEdit}
                  {...(canEdit && {
                    onDragStart: (event: DragEvent<HTMLDivElement>) => {
                      setDragIndex(index);
                      event.dataTransfer.effectAllowed = 'move';
                      // Firefox starts a drag only when some data is set.
                      event.dataTransfer.setData('text/plain', field.id);
                    },
                    onDragOver: (event: DragEvent<HTMLDivElement>) => {
                      if (dragIndex !== null) event.preventDefault();
                    },
                    onDrop: (event: DragEvent<HTMLDivElement>) => {
                      event.preventDefault();
                      if (dragIndex !== null) move(dragIndex, index);
                      setDragIndex(null);
                    },
                    onDragEnd: () => setDragIndex(null),
                  })}
                  style={{
                    borderColor: selectedId === field.id ? 'var(--mantine-color-blue-5)' : undefined,
                    opacity: dragIndex === index ? 0.5 : 1,
                  }}
                >
                  <Group gap="xs" wrap="nowrap">
                    {canEdit && <IconGripVertical size={16} aria-hidden style={{ cursor: 'grab', flexShrink: 0, color: 'var(--mantine-color-gray-6)' }} />}
                    <UnstyledButton onClick={() => setSelectedId(field.id)} style={{ flex: 1, minWidth: 0 }} aria-pressed={selectedId === field.id}>
                      <Text fw={500} truncate>
                        {localized(field.label, locale) || field.id}
                        {field.required && (
                          <Text span c="red" aria-label={t('builder.required')}>
                            {' '}
                            *
                          </Text>
                        )}
                      </Text>
                      <Group gap={4}>
                        <Text size="xs" c="dimmed">
                          {t(`builder.type.${field.type}` as TranslationKey)}
                        </Text>
                        {section && (
                          <Badge size="xs" variant="light" color="gray" tt="none">
                            {localized(section.title, locale)}
                          </Badge>
                        )}
                        {isConditional && (
                          <Badge size="xs" variant="light" color="grape" tt="none">
                            {t('builder.conditional')}
                          </Badge>
                        )}
                      </Group>
                    </UnstyledButton>
                    {canEdit && (
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon
                          ref={moveButtonRef(field.id, 'up')}
                          variant="subtle"
                          disabled={index === 0}
                          aria-label={t('builder.moveUp', { name: labelOf(field.id) })}
                          onClick={() => moveWithButton(index, 'up')}
                        >
                          <IconArrowUp size={16} />
                        </ActionIcon>
                        <ActionIcon
                          ref={moveButtonRef(field.id, 'down')}
                          variant="subtle"
                          disabled={index === definition.fields.length - 1}
                          aria-label={t('builder.moveDown', { name: labelOf(field.id) })}
                          onClick={() => moveWithButton(index, 'down')}
                        >
                          <IconArrowDown size={16} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          disabled={LOCKED_FIELDS.includes(field.id)}
                          aria-label={t('builder.remove', { name: labelOf(field.id) })}
                          onClick={() => {
                            dispatch({ type: 'remove', id: field.id });
                            if (selectedId === field.id) setSelectedId(null);
                          }}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    )}
                  </Group>
                </Paper>
              );
            })}
          </Stack>
          {canEdit && (
            <Group gap="xs">
              <Button leftSection={<IconPlus size={16} />} onClick={() => setIsAdding(true)}>
                {t('builder.addField')}
              </Button>
              {missingStandard.length > 0 && (
                <Menu position="bottom-start">
                  <Menu.Target>
                    <Button variant="default">{t('builder.addStandard')}</Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {missingStandard.map((id) => (
                      <Menu.Item
                        key={id}
                        onClick={() => {
                          dispatch({ type: 'addStandard', id });
                          setSelectedId(id);
                        }}
                      >
                        {STANDARD_FIELD_LABELS[id][locale]}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
          )}
          {canEdit && <SectionsEditor definition={definition} dispatch={dispatch} />}
          {canEdit && selected && (
            <Card withBorder radius="md" padding="md">
              <FieldEditor
                definition={definition}
                field={selected}
                dispatch={dispatch}
                patternProblem={selectedPatternProblem && problemText({ ...selectedPatternProblem, field: '' })}
              />
            </Card>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Card withBorder radius="md" padding="md" style={{ position: 'sticky', top: 80 }} data-testid="form-preview">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="md">
              {t('builder.preview')}
            </Title>
            <SegmentedControl
              size="xs"
              value={previewLocale}
              onChange={(value) => setPreviewLocale(value as Locale)}
              data={[
                { value: 'fr', label: 'FR' },
                { value: 'en', label: 'EN' },
              ]}
              aria-label={t('builder.previewLanguage')}
            />
          </Group>
          <RegistrationForm definition={definition} attendeeTypes={attendeeTypes} locale={previewLocale} t={previewT} idPrefix="preview" />
        </Card>
      </Grid.Col>
      <AddFieldModal
        opened={isAdding}
        taken={definition.fields.map((field) => field.id)}
        onClose={() => setIsAdding(false)}
        onAdd={(fieldType, label, id) => {
          dispatch({ type: 'addCustom', fieldType, label, id });
          setSelectedId(id);
          setIsAdding(false);
        }}
      />
    </Grid>
  );
}

function AddFieldModal({ opened, taken, onClose, onAdd }: { opened: boolean; taken: string[]; onClose: () => void; onAdd: (type: FieldType, label: string, id: string) => void }) {
  const { t } = useI18n();
  const [type, setType] = useState<FieldType>('text');
  const [label, setLabel] = useState('');
  useEffect(() => {
    if (opened) setLabel('');
  }, [opened]);
  const id = customFieldId(label, taken);
  return (
    <Modal opened={opened} onClose={onClose} title={t('builder.addField')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (label.trim()) onAdd(type, label.trim(), id);
        }}
      >
        <Stack>
          <Select
            label={t('builder.fieldType')}
            data={CUSTOM_TYPES.map((value) => ({ value, label: t(`builder.type.${value}` as TranslationKey) }))}
            value={type}
            allowDeselect={false}
            onChange={(value) => value && setType(value as FieldType)}
          />
          <TextInput label={t('builder.editor.labelFr')} required value={label} onChange={(event) => setLabel(event.currentTarget.value)} data-autofocus />
          {label.trim() && (
            <Text size="xs" c="dimmed">
              {t('builder.fieldId', { id })}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!label.trim()}>
              {t('builder.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
