import { Button, Card, Group, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useAssignments } from '../api/get-assignments';
import { useSetAssignments } from '../api/set-assignments';

export interface StaffCandidate {
  id: string;
  label: string;
}

/** PARTNER and HOSTESS members see only the events they are assigned to. */
export function AssignmentsSettings({ eventId, candidates, canAssign }: { eventId: string; candidates: StaffCandidate[]; canAssign: boolean }) {
  const { t } = useI18n();
  const { data, error, refetch } = useAssignments(eventId);
  const save = useSetAssignments(eventId);
  const [selected, setSelected] = useState<string[]>([]);
  useEffect(() => {
    if (data) setSelected(data.map((assignment) => assignment.userId));
  }, [data]);
  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!data) return <SectionLoader />;
  const options = [
    ...candidates,
    ...data.filter((assignment) => !candidates.some((candidate) => candidate.id === assignment.userId)).map((assignment) => ({ id: assignment.userId, label: `${assignment.firstName} ${assignment.lastName} (${assignment.email})` })),
  ];
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('events.staff.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('events.staff.hint')}
        </Text>
        <MultiSelect
          label={t('events.staff.members')}
          data={options.map((option) => ({ value: option.id, label: option.label }))}
          value={selected}
          onChange={setSelected}
          searchable
          disabled={!canAssign}
        />
        {canAssign && (
          <Group justify="flex-end">
            <Button
              loading={save.isPending}
              onClick={async () => {
                try {
                  await save.mutateAsync(selected);
                  notifications.show({ color: 'green', message: t('events.staff.saved') });
                } catch (cause) {
                  if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
                }
              }}
            >
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
