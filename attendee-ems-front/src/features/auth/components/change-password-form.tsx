import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { PasswordField } from '@/components/password-field';
import { fieldError } from '@/lib/forms/field-error';
import { newPasswordField } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useChangePassword } from '../api/change-password';

const schema = z
  .object({
    currentPassword: z.string().min(1, 'validation.required'),
    newPassword: newPasswordField(),
    confirmation: z.string(),
  })
  .refine((values) => values.newPassword === values.confirmation, {
    path: ['confirmation'],
    message: 'validation.passwordMismatch',
  });
type Values = z.infer<typeof schema>;

const EMPTY: Values = { currentPassword: '', newPassword: '', confirmation: '' };

export function ChangePasswordForm() {
  const { t } = useI18n();
  const changePassword = useChangePassword();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: EMPTY,
  });

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    setFormError(null);
    try {
      await changePassword.mutateAsync({ currentPassword, newPassword });
      reset(EMPTY);
      notifications.show({ color: 'teal', message: t('profile.passwordChanged') });
    } catch (error) {
      setFormError(
        applyServerErrors(
          error,
          setError,
          {
            fields: ['currentPassword', 'newPassword'],
            codeToField: { INVALID_CREDENTIALS: 'currentPassword', WEAK_PASSWORD: 'newPassword' },
          },
          t,
        ),
      );
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <PasswordField
          label={t('profile.currentPassword')}
          autoComplete="current-password"
          required
          error={fieldError(t, formState.errors.currentPassword)}
          {...register('currentPassword')}
        />
        <PasswordField
          label={t('auth.newPassword')}
          description={t('auth.passwordRules')}
          autoComplete="new-password"
          required
          error={fieldError(t, formState.errors.newPassword)}
          {...register('newPassword')}
        />
        <PasswordField
          label={t('auth.confirmPassword')}
          autoComplete="new-password"
          required
          error={fieldError(t, formState.errors.confirmation)}
          {...register('confirmation')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={formState.isSubmitting}>
            {t('profile.changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
