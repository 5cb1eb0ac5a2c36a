import { Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useI18n } from '@/lib/i18n/i18n';
import type { BadgeElement } from '../hooks/badge-layout';
import { elementSummary } from './designer-canvas';

/** Every element as a button: selecting without the mouse, topmost first. */
export function LayersList({ elements, selectedId, invalidIds, onPick }: { elements: BadgeElement[]; selectedId: string | null; invalidIds: ReadonlySet<string>; onPick: (id: string) => void }) {
  const { t } = useI18n();
  const ordered = [...elements].reverse();
  return (
    <Stack gap={4}>
      <Title order={3} size="h5" id="badge-layers">
        {t('badges.layers.title')}
      </Title>
      {ordered.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('badges.layers.empty')}
        </Text>
      ) : (
        <ul aria-labelledby="badge-layers" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="badge-layers">
          {ordered.map((element) => {
            const isSelected = element.id === selectedId;
            return (
              <li key={element.id}>
                <UnstyledButton
                  onClick={() => onPick(element.id)}
                  aria-current={isSelected || undefined}
                  w="100%"
                  px="xs"
                  py={4}
                  style={{ borderRadius: 4, background: isSelected ? 'var(--mantine-color-blue-light)' : undefined, display: 'flex', gap: 6, alignItems: 'center' }}
                >
                  {invalidIds.has(element.id) && <IconAlertCircle size={14} color="var(--mantine-color-red-6)" aria-label={t('badges.layers.invalid')} />}
                  <Text size="sm" truncate>
                    {elementSummary(element, t)}
                  </Text>
                </UnstyledButton>
              </li>
            );
          })}
        </ul>
      )}
    </Stack>
  );
}
