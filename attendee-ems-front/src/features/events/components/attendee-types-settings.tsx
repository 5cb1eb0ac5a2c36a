import { Button, Card, Checkbox, ColorInput, Group, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useCreateAttendeeType } from '../api/create-attendee-type';
import { useAttendeeTypes } from '../api/get-attendee-types';
import { useEventAttendeeTypes } from '../api/get-event-attendee-types';
import { useSetEventAttendeeTypes } from '../api/set-event-attendee-types';

interface Row {
  attendeeTypeId: string;
  name: string;
  color: string;
  enabled: boolean;
  isPublic: boolean;
  capacity: number | '';
  seatsTaken: number;
}

/** Which of the organisation's attendee types this event offers, publicly or not, each with its own capacity. */
export function AttendeeTypesSettings({ eventId, canEdit }: { eventId: string; canEdit: boolean }) {
  const { t } = useI18n();
  const orgTypes = useAttendeeTypes();
  const eventTypes = useEventAttendeeTypes(eventId);
  const save = useSetEventAttendeeTypes(eventId);
  const create = useCreateAttendeeType();
  const [rows, setRows] = useState<Row[]>([]);
  const [newName, setNewName] = useState('');
  const [newColor, setNewColor] = useState('#2563EB');

  useEffect(() => {
    if (!orgTypes.data || !eventTypes.data) return;
    setRows(
      orgTypes.data
        .filter((type) => type.isActive || eventTypes.data.some((offer) => offer.attendeeTypeId === type.id))
        .map((type) => {
          const offer = eventTypes.data.find((candidate) => candidate.attendeeTypeId === type.id);
          return {
            attendeeTypeId: type.id,
            name: type.name,
            color: type.color,
            enabled: offer?.enabled ?? false,
            isPublic: offer?.isPublic ?? true,
            capacity: offer?.capacity ?? '',
            seatsTaken: offer?.seatsTaken ?? 0,
          };
        }),
    );
  }, [orgTypes.data, eventTypes.data]);

  const error = orgTypes.error ?? eventTypes.error;
  if (error) return <QueryError error={error} onRetry={() => (orgTypes.refetch(), eventTypes.refetch())} />;
  if (!orgTypes.data || !eventTypes.data) return <SectionLoader />;

  const fail = (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
  };
  const set = (id: string, patch: Partial<Row>) => setRows((current) => current.map((row) => (row.attendeeTypeId === id ? { ...row, ...patch } : row)));

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Title order={3} fz="md">
          {t('events.types.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('events.types.hint')}
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('events.types.name')}</Table.Th>
                <Table.Th>{t('events.types.offered')}</Table.Th>
                <Table.Th>{t('events.types.public')}</Table.Th>
                <Table.Th>{t('events.types.capacity')}</Table.Th>
                <Table.Th>{t('events.types.taken')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.attendeeTypeId}>
                  <Table.Td>
                    <Group gap={6}>
                      <span style={{ width: 10, height: 10, borderRadius: 5, background: row.color, display: 'inline-block' }} aria-hidden />
                      {row.name}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Checkbox aria-label={t('events.types.offeredFor', { name: row.name })} checked={row.enabled} disabled={!canEdit} onChange={(event) => set(row.attendeeTypeId, { enabled: event.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox aria-label={t('events.types.publicFor', { name: row.name })} checked={row.isPublic} disabled={!canEdit || !row.enabled} onChange={(event) => set(row.attendeeTypeId, { isPublic: event.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t('events.types.capacityFor', { name: row.name })}
                      placeholder={t('events.types.unlimited')}
                      min={0}
                      allowDecimal={false}
                      w={130}
                      disabled={!canEdit || !row.enabled}
                      value={row.capacity}
                      onChange={(value) => set(row.attendeeTypeId, { capacity: typeof value === 'number' ? value : '' })}
                    />
                  </Table.Td>
                  <Table.Td>{row.seatsTaken}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {canEdit && (
          <Group justify="space-between" align="flex-end" wrap="wrap">
            <form
              onSubmit={async (event) => {
                event.preventDefault();
                if (!newName.trim()) return;
                try {
                  await create.mutateAsync({ name: newName.trim(), color: newColor.toUpperCase() });
                  setNewName('');
                } catch (cause) {
                  fail(cause);
                }
              }}
            >
              <Group gap="xs" align="flex-end">
                <TextInput label={t('events.types.newName')} value={newName} onChange={(event) => setNewName(event.currentTarget.value)} maxLength={100} />
                <ColorInput label={t('events.types.color')} value={newColor} onChange={setNewColor} format="hex" w={130} />
                <Button type="submit" variant="default" loading={create.isPending} disabled={!newName.trim()}>
                  {t('events.types.create')}
                </Button>
              </Group>
            </form>
            <Button
              loading={save.isPending}
              onClick={async () => {
                try {
                  await save.mutateAsync({
                    // The OpenAPI document types `capacity` as an object (a DTO decorator issue): it is a number or null.
                    types: rows
                      .filter((row) => row.enabled || eventTypes.data.some((offer) => offer.attendeeTypeId === row.attendeeTypeId))
                      .map((row) => ({ attendeeTypeId: row.attendeeTypeId, enabled: row.enabled, isPublic: row.isPublic, capacity: (row.capacity === '' ? null : row.capacity) as never })),
                  });
                  notifications.show({ color: 'green', message: t('events.types.saved') });
                } catch (cause) {
                  fail(cause);
                }
              }}
            >
              {t('events.types.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
