import { ActionIcon, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { localized, type FormDefinition } from '@shared/registration-form';
import { useState } from 'react';
import { useI18n } from '@/lib/i18n/i18n';
import { customFieldId, type BuilderAction } from '../hooks/builder-state';
import { ConditionEditor } from './condition-editor';

/** Sections group fields under a title; a section can be shown on a condition like a field. */
export function SectionsEditor({ definition, dispatch }: { definition: FormDefinition; dispatch: (action: BuilderAction) => void }) {
  const { t, locale } = useI18n();
  const [title, setTitle] = useState('');
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <Title order={3} fz="sm">
          {t('builder.sections.title')}
        </Title>
        {definition.sections.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('builder.sections.empty')}
          </Text>
        )}
        {definition.sections.map((section) => {
          const first = definition.fields.findIndex((field) => field.sectionId === section.id);
          const earlier = definition.fields.slice(0, first < 0 ? definition.fields.length : first);
          return (
            <Stack key={section.id} gap={6} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  label={t('builder.sections.titleFr')}
                  value={section.title.fr}
                  style={{ flex: 1 }}
                  onChange={(event) => dispatch({ type: 'updateSection', id: section.id, patch: { title: { ...section.title, fr: event.currentTarget.value } } })}
                />
                <TextInput
                  label={t('builder.sections.titleEn')}
                  value={section.title.en ?? ''}
                  style={{ flex: 1 }}
                  onChange={(event) => dispatch({ type: 'updateSection', id: section.id, patch: { title: { ...section.title, en: event.currentTarget.value } } })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={t('builder.sections.remove', { name: localized(section.title, locale) })}
                  onClick={() => dispatch({ type: 'removeSection', id: section.id })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <ConditionEditor
                label={t('builder.rules.sectionToggle')}
                condition={section.visibleWhen}
                earlier={earlier}
                onChange={(condition) => dispatch({ type: 'updateSection', id: section.id, patch: { visibleWhen: condition } })}
              />
            </Stack>
          );
        })}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!title.trim()) return;
            dispatch({ type: 'addSection', id: customFieldId(title, definition.sections.map((section) => section.id)), title: title.trim() });
            setTitle('');
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput label={t('builder.sections.new')} value={title} onChange={(event) => setTitle(event.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" variant="default" disabled={!title.trim()}>
              {t('builder.sections.add')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Card>
  );
}
