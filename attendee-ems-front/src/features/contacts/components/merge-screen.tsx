import { Alert, Button, Card, Group, Radio, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useContact, type ContactDetail } from '../api/get-contact';
import { useMergeContacts } from '../api/merge-contacts';
import { conflictingFields, defaultMergeChoices, MERGE_FIELDS, swapChoices, toMergeBody, type MergeChoices, type MergeField, type MergeProfile, type MergeSide } from '../hooks/merge-choices';
import { contactName } from './contacts-table';

const toProfile = (contact: ContactDetail): MergeProfile => ({
  id: contact.id,
  email: contact.email,
  firstName: contact.firstName,
  lastName: contact.lastName,
  phone: contact.phone,
  company: contact.company,
  jobTitle: contact.jobTitle,
  country: contact.country,
});

export function MergeScreen({ firstId, secondId, onCancel }: { firstId: string; secondId: string; onCancel: () => void }) {
  const { t } = useI18n();
  const first = useContact(firstId);
  const second = useContact(secondId);
  if (first.isPending || second.isPending) return <SectionLoader />;
  if (first.error || second.error) return <QueryError error={first.error ?? second.error} onRetry={() => void Promise.all([first.refetch(), second.refetch()])} />;
  return <MergeForm first={first.data} second={second.data} onCancel={onCancel} key={`${first.data.id}:${second.data.id}`} t={t} />;
}

function MergeForm({ first, second, onCancel, t }: { first: ContactDetail; second: ContactDetail; onCancel: () => void; t: ReturnType<typeof useI18n>['t'] }) {
  const navigate = useNavigate();
  const merge = useMergeContacts();
  // The one with more history survives by default: fewer registrations move.
  const [survivorId, setSurvivorId] = useState(first.stats.registrations >= second.stats.registrations ? first.id : second.id);
  const survivor = survivorId === first.id ? first : second;
  const other = survivorId === first.id ? second : first;
  const [choices, setChoices] = useState<MergeChoices>(() => defaultMergeChoices(toProfile(survivor), toProfile(other)));
  const [isConfirming, setIsConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const differing = useMemo(() => new Set(conflictingFields(toProfile(first), toProfile(second))), [first, second]);

  useEffect(() => setError(null), [survivorId]);

  function chooseSurvivor(id: string) {
    if (id === survivorId) return;
    setSurvivorId(id);
    setChoices((current) => swapChoices(current));
  }

  // Radios are keyed by contact, not by side, so they stay put when the survivor changes.
  const pickedId = (field: MergeField) => (choices[field] === 'this' ? survivor.id : other.id);
  const pick = (field: MergeField, contactId: string) => setChoices((current) => ({ ...current, [field]: (contactId === survivor.id ? 'this' : 'other') as MergeSide }));

  async function onMerge() {
    setIsConfirming(false);
    try {
      const result = await merge.mutateAsync({ survivorId: survivor.id, body: toMergeBody(toProfile(survivor), toProfile(other), choices) });
      notifications.show({ color: 'teal', message: t('contacts.merge.done') });
      navigate(`/contacts/${result.id}`);
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) setError(describeError(cause, t));
    }
  }

  const columns = [first, second];
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="merge-title">
      <Stack gap="md">
        <Title order={2} fz="lg" id="merge-title">
          {t('contacts.merge.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('contacts.merge.intro')}
        </Text>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="merge-survivor">
            {t('contacts.merge.survivor')}
          </Text>
          <SegmentedControl
            aria-labelledby="merge-survivor"
            value={survivorId}
            onChange={chooseSurvivor}
            data={columns.map((contact) => ({ value: contact.id, label: contactName(contact) || contact.email || contact.id }))}
          />
        </Stack>
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('contacts.revisions.field')}</Table.Th>
                {columns.map((contact) => (
                  <Table.Th key={contact.id} scope="col">
                    {contactName(contact)}
                    {contact.id === survivorId && (
                      <Text span size="xs" c="teal.8" ml={6}>
                        ({t('contacts.merge.kept')})
                      </Text>
                    )}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {MERGE_FIELDS.map((field) => {
                const label = t(`contacts.field.${field}` as TranslationKey);
                return (
                  <Table.Tr key={field}>
                    <Table.Th scope="row" fw={500}>
                      {label}
                    </Table.Th>
                    {differing.has(field) ? (
                      columns.map((contact) => (
                        <Table.Td key={contact.id}>
                          {/* One native radio group per field (shared name): arrow keys switch sides. */}
                          <Radio
                            name={`merge-${field}`}
                            value={contact.id}
                            checked={pickedId(field) === contact.id}
                            onChange={() => pick(field, contact.id)}
                            label={contact[field] || '—'}
                            aria-label={t('contacts.merge.keepValue', { field: label, value: contact[field] || '—' })}
                          />
                        </Table.Td>
                      ))
                    ) : (
                      <Table.Td colSpan={2}>
                        <Text size="sm" c="dimmed">
                          {first[field] || '—'} <Text span size="xs">({t('contacts.merge.same')})</Text>
                        </Text>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Alert color="blue" variant="light">
          {t('contacts.merge.moves', { name: contactName(other), registrations: other.registrations.length, notes: other.notes.length, survivor: contactName(survivor) })}
          {other.labels.length > 0 && ` ${t('contacts.merge.labels', { labels: other.labels.join(', ') })}`}
        </Alert>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => setIsConfirming(true)} loading={merge.isPending}>
            {t('contacts.merge.submit')}
          </Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={isConfirming}
        title={t('contacts.merge.confirmTitle')}
        message={t('contacts.merge.confirm', { other: contactName(other), survivor: contactName(survivor) })}
        confirmLabel={t('contacts.merge.submit')}
        isDanger
        onClose={() => setIsConfirming(false)}
        onConfirm={onMerge}
      />
    </Card>
  );
}
