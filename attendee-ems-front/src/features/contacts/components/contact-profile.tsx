import { zodResolver } from '@hookform/resolvers/zod';
import { Badge, Button, Card, Group, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { fieldError } from '@/lib/forms/field-error';
import { emailField, requiredText } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import type { ContactDetail } from '../api/get-contact';
import { useUpdateContact, type UpdateContactInput } from '../api/update-contact';

const optionalText = (max: number) => z.string().trim().max(max, 'validation.tooLong');

const schema = z.object({
  email: emailField(),
  firstName: requiredText(200),
  lastName: requiredText(200),
  phone: optionalText(50),
  company: optionalText(200),
  jobTitle: optionalText(200),
  country: z.string().trim().refine((value) => value === '' || /^[A-Za-z]{2}$/.test(value), 'contacts.validation.country'),
  labels: z.array(z.string().trim().min(1).max(60, 'validation.tooLong').regex(/^[^,\n\r\t]+$/, 'contacts.validation.label')).max(50),
  customFields: z.record(z.string(), z.string()),
});
type Values = z.infer<typeof schema>;
const FIELDS = ['email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle', 'country', 'labels'] as const;

function toValues(contact: ContactDetail): Values {
  const customFields: Record<string, string> = {};
  for (const [key, value] of Object.entries(contact.customFields)) customFields[key] = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return {
    email: contact.email ?? '',
    firstName: contact.firstName,
    lastName: contact.lastName,
    phone: contact.phone ?? '',
    company: contact.company ?? '',
    jobTitle: contact.jobTitle ?? '',
    country: contact.country ?? '',
    labels: contact.labels,
    customFields,
  };
}

/** Only what changed is sent, so the revision history records real edits; cleared optional fields become null. */
export function toContactPatch(before: Values, after: Values): UpdateContactInput {
  const patch: UpdateContactInput = {};
  if (after.email !== before.email) patch.email = after.email;
  if (after.firstName !== before.firstName) patch.firstName = after.firstName;
  if (after.lastName !== before.lastName) patch.lastName = after.lastName;
  for (const key of ['phone', 'company', 'jobTitle'] as const) if (after[key] !== before[key]) patch[key] = after[key] || null;
  if (after.country !== before.country) patch.country = after.country ? after.country.toUpperCase() : null;
  if (after.labels.join('\n') !== before.labels.join('\n')) patch.labels = after.labels;
  if (JSON.stringify(after.customFields) !== JSON.stringify(before.customFields)) patch.customFields = after.customFields;
  return patch;
}

export function ContactProfile({ contact, canUpdate }: { contact: ContactDetail; canUpdate: boolean }) {
  const { t } = useI18n();
  const [isEditing, setIsEditing] = useState(false);
  const isErased = contact.anonymizedAt !== null;
  const customKeys = Object.keys(contact.customFields);

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="lg">
          {t('contacts.profile.title')}
        </Title>
        {canUpdate && !isEditing && !isErased && (
          <Button variant="default" size="xs" leftSection={<IconPencil size={14} />} onClick={() => setIsEditing(true)}>
            {t('common.edit')}
          </Button>
        )}
      </Group>
      {isEditing ? (
        <ProfileForm contact={contact} onDone={() => setIsEditing(false)} />
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Info label={t('contacts.field.email')} value={contact.email} />
            <Info label={t('contacts.field.phone')} value={contact.phone} />
            <Info label={t('contacts.field.company')} value={contact.company} />
            <Info label={t('contacts.field.jobTitle')} value={contact.jobTitle} />
            <Info label={t('contacts.field.country')} value={contact.country} />
          </SimpleGrid>
          <div>
            <Text size="xs" c="dimmed" fw={500}>
              {t('contacts.field.labels')}
            </Text>
            {contact.labels.length ? (
              <Group gap={6} mt={4}>
                {contact.labels.map((label) => (
                  <Badge key={label} variant="light" radius="sm" style={{ textTransform: 'none' }}>
                    {label}
                  </Badge>
                ))}
              </Group>
            ) : (
              <Text size="sm">—</Text>
            )}
          </div>
          {customKeys.length > 0 && (
            <div>
              <Text size="xs" c="dimmed" fw={500} mb={4}>
                {t('contacts.field.custom')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {customKeys.map((key) => (
                  <Info key={key} label={key} value={toValues(contact).customFields[key] ?? null} />
                ))}
              </SimpleGrid>
            </div>
          )}
        </Stack>
      )}
    </Card>
  );
}

function Info({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {value || '—'}
      </Text>
    </div>
  );
}

function ProfileForm({ contact, onDone }: { contact: ContactDetail; onDone: () => void }) {
  const { t } = useI18n();
  const update = useUpdateContact(contact.id);
  const [formError, setFormError] = useState<string | null>(null);
  const initial = toValues(contact);
  const { register, control, handleSubmit, setError, formState } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: initial });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const patch = toContactPatch(initial, values);
    if (patch.customFields) {
      // Untouched custom values keep their original type (numbers, lists), not the text shown in the form.
      const merged: Record<string, unknown> = { ...contact.customFields };
      for (const [key, value] of Object.entries(values.customFields)) if (value !== initial.customFields[key]) merged[key] = value;
      patch.customFields = merged;
    }
    if (Object.keys(patch).length === 0) return onDone();
    try {
      await update.mutateAsync(patch);
      notifications.show({ color: 'teal', message: t('contacts.profile.saved') });
      onDone();
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: FIELDS, codeToField: { EMAIL_TAKEN: 'email' } }, t));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('contacts.profile.edit')}>
      <Stack gap="sm">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('common.firstName')} required data-autofocus autoFocus error={fieldError(t, formState.errors.firstName)} {...register('firstName')} />
          <TextInput label={t('common.lastName')} required error={fieldError(t, formState.errors.lastName)} {...register('lastName')} />
          <TextInput label={t('contacts.field.email')} type="email" required error={fieldError(t, formState.errors.email)} {...register('email')} />
          <TextInput label={t('contacts.field.phone')} type="tel" error={fieldError(t, formState.errors.phone)} {...register('phone')} />
          <TextInput label={t('contacts.field.company')} error={fieldError(t, formState.errors.company)} {...register('company')} />
          <TextInput label={t('contacts.field.jobTitle')} error={fieldError(t, formState.errors.jobTitle)} {...register('jobTitle')} />
          <TextInput label={t('contacts.field.country')} description={t('contacts.field.countryHelp')} maxLength={2} error={fieldError(t, formState.errors.country)} {...register('country')} />
        </SimpleGrid>
        <Controller
          control={control}
          name="labels"
          render={({ field, fieldState }) => (
            <TagsInput
              label={t('contacts.field.labels')}
              description={t('contacts.field.labelsHelp')}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              error={fieldError(t, fieldState.error ?? (Array.isArray(formState.errors.labels) ? formState.errors.labels.find(Boolean) : undefined))}
              clearable
            />
          )}
        />
        {Object.keys(initial.customFields).length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {Object.keys(initial.customFields).map((key) => (
              <TextInput key={key} label={key} {...register(`customFields.${key}`)} />
            ))}
          </SimpleGrid>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
