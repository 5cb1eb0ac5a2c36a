import { Alert, Button, Checkbox, Group, List, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload, IconEraser, IconFileText, IconPlayerPause, IconRestore, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useContactLifecycle } from '../api/contact-lifecycle';
import { useEraseContact } from '../api/erase-contact';
import type { ContactDetail } from '../api/get-contact';
import { useGdprExport } from '../api/gdpr-export';

export interface ContactPermissions {
  canUpdate: boolean;
  canExport: boolean;
  canErase: boolean;
  canDelete: boolean;
}

/** The word to type before an erasure: a deliberate act, not a misclick. */
export const ERASE_WORD = { fr: 'EFFACER', en: 'ERASE' } as const;

export function ContactActions({ contact, permissions, hasLifecycle }: { contact: ContactDetail; permissions: ContactPermissions; hasLifecycle: boolean }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const gdpr = useGdprExport(contact.id);
  const erase = useEraseContact(contact.id);
  const lifecycle = useContactLifecycle(contact.id);
  const [dialog, setDialog] = useState<'erase' | 'delete' | null>(null);
  const [typed, setTyped] = useState('');
  const [force, setForce] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isErased = contact.anonymizedAt !== null;
  const deactivatedAt = (contact as { deactivatedAt?: string | null }).deactivatedAt ?? null;
  const word = ERASE_WORD[locale];

  const fail = (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
  };
  const close = () => {
    setDialog(null);
    setTyped('');
    setForce(false);
    setError(null);
  };

  async function onErase() {
    try {
      const result = await erase.mutateAsync();
      notifications.show({ color: 'teal', message: t('contacts.erase.done', { registrations: result.registrations }) });
      close();
    } catch (cause) {
      setError(cause instanceof ApiError && cause.isAlreadyReported ? null : describeError(cause, t));
    }
  }

  async function onDelete() {
    try {
      await lifecycle.remove.mutateAsync(force);
      notifications.show({ color: 'teal', message: t('contacts.delete.done') });
      close();
      navigate('/contacts', { replace: true });
    } catch (cause) {
      setError(cause instanceof ApiError && cause.isAlreadyReported ? null : describeError(cause, t));
    }
  }

  const hasMenu = permissions.canExport || permissions.canErase || (hasLifecycle && (permissions.canUpdate || permissions.canDelete));
  if (!hasMenu) return null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={14} />}>
            {t('contacts.actions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {permissions.canExport && (
            <>
              <Menu.Label>{t('contacts.gdpr.title')}</Menu.Label>
              <Menu.Item leftSection={<IconDownload size={14} />} onClick={() => gdpr.mutateAsync('json').catch(fail)}>
                {t('contacts.gdpr.exportJson')}
              </Menu.Item>
              <Menu.Item leftSection={<IconFileText size={14} />} onClick={() => gdpr.mutateAsync('html').catch(fail)}>
                {t('contacts.gdpr.exportHtml')}
              </Menu.Item>
            </>
          )}
          {permissions.canErase && !isErased && (
            <Menu.Item color="red" leftSection={<IconEraser size={14} />} onClick={() => setDialog('erase')}>
              {t('contacts.erase.action')}
            </Menu.Item>
          )}
          {hasLifecycle && permissions.canUpdate && (
            <>
              <Menu.Divider />
              {deactivatedAt ? (
                <Menu.Item leftSection={<IconRestore size={14} />} onClick={() => lifecycle.restore.mutateAsync().then(() => notifications.show({ color: 'teal', message: t('contacts.restore.done') }), fail)}>
                  {t('contacts.restore.action')}
                </Menu.Item>
              ) : (
                <Menu.Item leftSection={<IconPlayerPause size={14} />} onClick={() => lifecycle.deactivate.mutateAsync().then(() => notifications.show({ color: 'teal', message: t('contacts.deactivate.done') }), fail)}>
                  {t('contacts.deactivate.action')}
                </Menu.Item>
              )}
            </>
          )}
          {hasLifecycle && permissions.canDelete && (
            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDialog('delete')}>
              {t('contacts.delete.action')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>

      <Modal opened={dialog === 'erase'} onClose={close} title={t('contacts.erase.title')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (typed.trim().toUpperCase() === word) void onErase();
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('contacts.erase.intro')}</Text>
            <List size="sm" spacing={4}>
              <List.Item>{t('contacts.erase.point1')}</List.Item>
              <List.Item>{t('contacts.erase.point2')}</List.Item>
              <List.Item>{t('contacts.erase.point3')}</List.Item>
            </List>
            <TextInput label={t('contacts.erase.typeToConfirm', { word })} value={typed} onChange={(event) => setTyped(event.currentTarget.value)} autoComplete="off" data-autofocus />
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={erase.isPending} disabled={typed.trim().toUpperCase() !== word}>
                {t('contacts.erase.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={dialog === 'delete'} onClose={close} title={t('contacts.delete.title')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack gap="md">
          <Text size="sm">{t('contacts.delete.intro')}</Text>
          {contact.stats.registrations > 0 && <Checkbox label={t('contacts.delete.force', { count: contact.stats.registrations })} checked={force} onChange={(event) => setForce(event.currentTarget.checked)} />}
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={lifecycle.remove.isPending} onClick={onDelete} data-autofocus>
              {t('contacts.delete.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
