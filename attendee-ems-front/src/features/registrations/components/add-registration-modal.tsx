import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { fieldError } from '@/lib/forms/field-error';
import { emailField, requiredText } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useCreateRegistration } from '../api/create-registration';

const schema = z.object({
  firstName: requiredText(200),
  lastName: requiredText(200),
  email: emailField(),
  phone: z.string().trim().max(50, 'validation.tooLong'),
  company: z.string().trim().max(200, 'validation.tooLong'),
  jobTitle: z.string().trim().max(200, 'validation.tooLong'),
  status: z.enum(['default', 'awaiting', 'approved', 'waitlisted']),
  attendeeTypeId: z.string(),
});
type Values = z.infer<typeof schema>;
const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'status', 'attendeeTypeId'] as const;

export function AddRegistrationModal({ eventId, opened, onClose, attendeeTypes }: { eventId: string; opened: boolean; onClose: () => void; attendeeTypes: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const create = useCreateRegistration(eventId);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { firstName: '', lastName: '', email: '', phone: '', company: '', jobTitle: '', status: 'default', attendeeTypeId: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await create.mutateAsync({
        firstName: values.firstName,
        lastName: values.lastName,
        email: values.email,
        ...(values.phone && { phone: values.phone }),
        ...(values.company && { company: values.company }),
        ...(values.jobTitle && { jobTitle: values.jobTitle }),
        ...(values.status !== 'default' && { status: values.status }),
        ...(values.attendeeTypeId && { attendeeTypeId: values.attendeeTypeId }),
      });
      notifications.show({ color: 'green', message: t('registrations.add.done') });
      reset();
      onClose();
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: FIELDS, codeToField: { ALREADY_REGISTERED: 'email' } }, t));
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('registrations.add.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('common.firstName')} required {...register('firstName')} error={fieldError(t, formState.errors.firstName)} data-autofocus />
            <TextInput label={t('common.lastName')} required {...register('lastName')} error={fieldError(t, formState.errors.lastName)} />
            <TextInput label={t('registrations.column.email')} type="email" required {...register('email')} error={fieldError(t, formState.errors.email)} />
            <TextInput label={t('registrations.field.phone')} {...register('phone')} error={fieldError(t, formState.errors.phone)} />
            <TextInput label={t('registrations.field.company')} {...register('company')} error={fieldError(t, formState.errors.company)} />
            <TextInput label={t('registrations.field.jobTitle')} {...register('jobTitle')} error={fieldError(t, formState.errors.jobTitle)} />
            <Controller
              control={control}
              name="status"
              render={({ field }) => (
                <Select
                  label={t('registrations.column.status')}
                  allowDeselect={false}
                  data={[
                    { value: 'default', label: t('registrations.add.statusDefault') },
                    { value: 'awaiting', label: t('registrations.status.awaiting') },
                    { value: 'approved', label: t('registrations.status.approved') },
                    { value: 'waitlisted', label: t('registrations.status.waitlisted') },
                  ]}
                  value={field.value}
                  onChange={(value) => field.onChange(value ?? 'default')}
                />
              )}
            />
            {attendeeTypes.length > 0 && (
              <Controller
                control={control}
                name="attendeeTypeId"
                render={({ field }) => (
                  <Select
                    label={t('registrations.column.type')}
                    clearable
                    data={attendeeTypes.map((type) => ({ value: type.id, label: type.name }))}
                    value={field.value || null}
                    onChange={(value) => field.onChange(value ?? '')}
                    error={fieldError(t, formState.errors.attendeeTypeId)}
                  />
                )}
              />
            )}
          </SimpleGrid>
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('registrations.add.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
