import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { PasswordField } from '@/components/password-field';
import { fieldError } from '@/lib/forms/field-error';
import { newPasswordField } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useResetPassword } from '../api/reset-password';

const schema = z
  .object({ password: newPasswordField(), confirmation: z.string() })
  .refine((values) => values.password === values.confirmation, {
    path: ['confirmation'],
    message: 'validation.passwordMismatch',
  });
type Values = z.infer<typeof schema>;

export function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useI18n();
  const reset = useResetPassword();
  const [isDone, setIsDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { password: '', confirmation: '' },
  });

  const onSubmit = handleSubmit(async ({ password }) => {
    setFormError(null);
    try {
      await reset.mutateAsync({ token, password });
      setIsDone(true);
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: ['password'], codeToField: { WEAK_PASSWORD: 'password' } }, t));
    }
  });

  if (isDone) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} role="status">
          {t('auth.reset.done')}
        </Alert>
        <Button component={Link} to="/login" fullWidth>
          {t('auth.login.submit')}
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <PasswordField
          label={t('auth.newPassword')}
          description={t('auth.passwordRules')}
          autoComplete="new-password"
          autoFocus
          required
          error={fieldError(t, formState.errors.password)}
          {...register('password')}
        />
        <PasswordField
          label={t('auth.confirmPassword')}
          autoComplete="new-password"
          required
          error={fieldError(t, formState.errors.confirmation)}
          {...register('confirmation')}
        />
        <Button type="submit" fullWidth loading={formState.isSubmitting}>
          {t('auth.reset.submit')}
        </Button>
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('auth.backToLogin')}
        </Anchor>
      </Stack>
    </form>
  );
}
