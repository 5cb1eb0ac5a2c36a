import { ActionIcon, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { FormError } from '@/components/form-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useAddContactNote } from '../api/add-contact-note';
import { useDeleteContactNote } from '../api/delete-contact-note';
import type { ContactNote } from '../api/get-contact';

export function ContactNotes({ contactId, notes, canUpdate, userNames }: { contactId: string; notes: ContactNote[]; canUpdate: boolean; userNames: Map<string, string> }) {
  const { t, formatDateTime } = useI18n();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ContactNote | null>(null);
  const add = useAddContactNote(contactId);
  const remove = useDeleteContactNote(contactId);

  const report = (cause: unknown) => setError(cause instanceof ApiError && cause.isAlreadyReported ? null : describeError(cause, t));

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    setError(null);
    try {
      await add.mutateAsync(body.trim());
      setBody('');
    } catch (cause) {
      report(cause);
    }
  }

  return (
    <Stack gap="sm">
      <FormError message={error} />
      {canUpdate && (
        <form onSubmit={onAdd}>
          <Stack gap="xs">
            <Textarea label={t('contacts.notes.new')} autosize minRows={2} maxLength={5000} value={body} onChange={(event) => setBody(event.currentTarget.value)} />
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={add.isPending} disabled={!body.trim()}>
                {t('contacts.notes.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {notes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('contacts.notes.empty')}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {notes.map((note) => (
            <Card key={note.id} component="li" withBorder radius="sm" padding="sm">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Text size="xs" c="dimmed">
                    {(note.authorId && userNames.get(note.authorId)) || t('contacts.revisions.aUser')} · {formatDateTime(note.createdAt)}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {note.body}
                  </Text>
                </div>
                {canUpdate && (
                  <ActionIcon variant="subtle" color="red" aria-label={t('contacts.notes.delete')} onClick={() => setDeleting(note)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('contacts.notes.delete')}
        message={t('contacts.notes.deleteConfirm')}
        confirmLabel={t('common.delete')}
        isDanger
        isLoading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove
            .mutateAsync(deleting.id)
            .catch(report)
            .finally(() => setDeleting(null))
        }
      />
    </Stack>
  );
}
