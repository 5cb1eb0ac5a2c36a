import { Group, Progress, SimpleGrid, Text } from '@mantine/core';
import { useI18n } from '@/lib/i18n/i18n';
import type { ImportCounts as Counts } from '../../api/import-types';
import { outcomeShares } from '../../hooks/import-mapping';

const COLORS = { created: 'teal', updated: 'blue', skipped: 'gray', errors: 'red' } as const;

/** The four outcomes as figures and as one stacked bar. */
export function ImportCounts({ counts, future }: { counts: Counts; future: boolean }) {
  const { t } = useI18n();
  const shares = outcomeShares(counts);
  const keys = ['created', 'updated', 'skipped', 'errors'] as const;
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="import-counts">
        {keys.map((key) => (
          <div key={key} data-testid={`count-${key}`}>
            <Group gap={6}>
              <span aria-hidden style={{ width: 10, height: 10, borderRadius: 5, background: `var(--mantine-color-${COLORS[key]}-6)`, display: 'inline-block' }} />
              <Text size="xs" c="dimmed">
                {t(future ? `imports.will.${key}` : `imports.did.${key}`)}
              </Text>
            </Group>
            <Text fw={700} fz="xl">
              {counts[key]}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Progress.Root size="lg" aria-hidden>
        {keys.map((key) => (shares[key] > 0 ? <Progress.Section key={key} value={shares[key]} color={COLORS[key]} /> : null))}
      </Progress.Root>
    </>
  );
}
