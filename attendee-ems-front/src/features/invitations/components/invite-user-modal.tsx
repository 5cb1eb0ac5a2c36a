import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { fieldError } from '@/lib/forms/field-error';
import { emailField } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useCreateInvitation } from '../api/create-invitation';

const schema = z.object({
  email: emailField(),
  roleId: z.string().min(1, 'validation.required'),
});
type Values = z.infer<typeof schema>;

export interface InviteUserModalProps {
  opened: boolean;
  onClose: () => void;
  roles: { id: string; name: string }[];
}

export function InviteUserModal({ opened, onClose, roles }: InviteUserModalProps) {
  const { t } = useI18n();
  const createInvitation = useCreateInvitation();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', roleId: '' },
  });

  const close = () => {
    reset();
    setFormError(null);
    onClose();
  };

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await createInvitation.mutateAsync(values);
      notifications.show({ color: 'teal', message: t('invitations.sent', { email: values.email }) });
      close();
    } catch (error) {
      setFormError(
        applyServerErrors(
          error,
          setError,
          {
            fields: ['email', 'roleId'],
            codeToField: { EMAIL_TAKEN: 'email', ALREADY_MEMBER: 'email', INSUFFICIENT_RANK: 'roleId' },
          },
          t,
        ),
      );
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={t('invitations.inviteTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="off"
            required
            data-autofocus
            error={fieldError(t, formState.errors.email)}
            {...register('email')}
          />
          <Controller
            control={control}
            name="roleId"
            render={({ field }) => (
              <Select
                label={t('invitations.role')}
                description={t('invitations.roleHelp')}
                placeholder={t('invitations.rolePlaceholder')}
                required
                data={roles.map((role) => ({ value: role.id, label: role.name }))}
                value={field.value || null}
                onChange={(value) => field.onChange(value ?? '')}
                onBlur={field.onBlur}
                error={fieldError(t, formState.errors.roleId)}
              />
            )}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              {t('invitations.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
