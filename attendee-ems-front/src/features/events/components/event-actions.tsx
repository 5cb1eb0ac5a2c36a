import { Button, Group, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconCopy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useDeleteEvent } from '../api/delete-event';
import { useDuplicateEvent } from '../api/duplicate-event';
import type { EventDetail } from '../api/get-event';
import type { EventStatus } from '../api/get-events';
import { useTransitionEvent, type EventTransition } from '../api/transition-event';

/** Mirrors the API's lifecycle (event-lifecycle.ts): which transitions each status allows. */
export const TRANSITIONS_FROM: Record<EventTransition, readonly EventStatus[]> = {
  publish: ['draft', 'postponed'],
  'close-registration': ['published'],
  'reopen-registration': ['registration_closed'],
  postpone: ['published', 'registration_closed'],
  cancel: ['draft', 'published', 'registration_closed', 'postponed'],
  archive: ['draft', 'published', 'registration_closed', 'cancelled', 'postponed'],
};
const DANGEROUS: EventTransition[] = ['cancel', 'archive', 'postpone'];

export function availableTransitions(status: EventStatus): EventTransition[] {
  return (Object.keys(TRANSITIONS_FROM) as EventTransition[]).filter((transition) => TRANSITIONS_FROM[transition].includes(status));
}

interface EventActionsProps {
  event: EventDetail;
  canPublish: boolean;
  canCreate: boolean;
  canDelete: boolean;
  onDuplicated: (event: EventDetail) => void;
  onDeleted: () => void;
}

export function EventActions({ event, canPublish, canCreate, canDelete, onDuplicated, onDeleted }: EventActionsProps) {
  const { t } = useI18n();
  const transition = useTransitionEvent(event.id);
  const duplicate = useDuplicateEvent();
  const remove = useDeleteEvent();
  const [confirming, setConfirming] = useState<EventTransition | 'delete' | null>(null);
  const transitions = canPublish ? availableTransitions(event.status) : [];
  const primary = transitions.find((candidate) => !DANGEROUS.includes(candidate));
  const others = transitions.filter((candidate) => candidate !== primary);

  const fail = (error: unknown) => {
    if (!(error instanceof ApiError && error.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(error, t) });
  };

  async function run(name: EventTransition) {
    try {
      await transition.mutateAsync({ transition: name });
      notifications.show({ color: 'green', message: t(`events.transition.${name}.done` as TranslationKey) });
    } catch (error) {
      fail(error);
    }
    setConfirming(null);
  }

  return (
    <Group gap="xs">
      {primary && (
        <Button onClick={() => run(primary)} loading={transition.isPending && confirming === null}>
          {t(`events.transition.${primary}` as TranslationKey)}
        </Button>
      )}
      {(others.length > 0 || canCreate || canDelete) && (
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} />}>
              {t('events.actions.more')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {others.map((name) => (
              <Menu.Item key={name} color={DANGEROUS.includes(name) ? 'red' : undefined} onClick={() => (DANGEROUS.includes(name) ? setConfirming(name) : run(name))}>
                {t(`events.transition.${name}` as TranslationKey)}
              </Menu.Item>
            ))}
            {canCreate && (
              <Menu.Item
                leftSection={<IconCopy size={14} />}
                onClick={async () => {
                  try {
                    const copy = await duplicate.mutateAsync(event.id);
                    notifications.show({ color: 'green', message: t('events.actions.duplicated') });
                    onDuplicated(copy);
                  } catch (error) {
                    fail(error);
                  }
                }}
              >
                {t('events.actions.duplicate')}
              </Menu.Item>
            )}
            {canDelete && (
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setConfirming('delete')}>
                {t('common.delete')}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
      <ConfirmDialog
        opened={confirming !== null}
        title={confirming === 'delete' ? t('events.actions.deleteTitle') : confirming ? t(`events.transition.${confirming}` as TranslationKey) : ''}
        message={confirming === 'delete' ? t('events.actions.deleteMessage', { name: event.name }) : confirming ? t(`events.transition.${confirming}.confirm` as TranslationKey) : ''}
        confirmLabel={confirming === 'delete' ? t('common.delete') : confirming ? t(`events.transition.${confirming}` as TranslationKey) : ''}
        isDanger
        isLoading={transition.isPending || remove.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={async () => {
          if (confirming === 'delete') {
            try {
              await remove.mutateAsync(event.id);
              notifications.show({ color: 'green', message: t('events.actions.deleted') });
              onDeleted();
            } catch (error) {
              fail(error);
            }
            setConfirming(null);
          } else if (confirming) await run(confirming);
        }}
      />
    </Group>
  );
}
