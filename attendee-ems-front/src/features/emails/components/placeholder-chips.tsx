import { Button, Group, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { hasTranslation, useI18n } from '@/lib/i18n/i18n';

interface PlaceholderChipsProps {
  placeholders: readonly string[];
  onInsert: (placeholder: string) => void;
}

/** One button per `{{placeholder}}`; the editor inserts it where the caret was in the last field used. */
export function PlaceholderChips({ placeholders, onInsert }: PlaceholderChipsProps) {
  const { t } = useI18n();
  const labelId = useId();
  const hintId = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={labelId}>
        {t('emailTemplates.placeholders')}
      </Text>
      <Text size="xs" c="dimmed" id={hintId}>
        {t('emailTemplates.placeholdersHint')}
      </Text>
      <Group gap={6} role="group" aria-labelledby={labelId} aria-describedby={hintId}>
        {placeholders.map((name) => {
          const key = `emailTemplates.placeholder.${name}`;
          const description = hasTranslation(key) ? t(key) : t('emailTemplates.placeholder.other');
          return (
            <Button
              key={name}
              size="compact-xs"
              variant="light"
              radius="xl"
              ff="monospace"
              tt="none"
              aria-label={t('emailTemplates.placeholder.insert', { placeholder: `{{${name}}}`, description })}
              title={description}
              // Keeps the caret in the field for mouse users; keyboard users get focus back after the insertion.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onInsert(name)}
            >
              {`{{${name}}}`}
            </Button>
          );
        })}
      </Group>
    </Stack>
  );
}
