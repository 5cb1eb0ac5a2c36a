import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { fieldError } from '@/lib/forms/field-error';
import { emailField } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useRequestPasswordReset } from '../api/forgot-password';

const schema = z.object({ email: emailField() });
type Values = z.infer<typeof schema>;

export function ForgotPasswordForm() {
  const { t } = useI18n();
  const requestReset = useRequestPasswordReset();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email: '' },
  });

  const onSubmit = handleSubmit(async ({ email }) => {
    setFormError(null);
    try {
      await requestReset.mutateAsync(email);
      setSentTo(email);
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: ['email'] }, t));
    }
  });

  if (sentTo) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconMailCheck size={18} />} role="status">
          {t('auth.forgot.sent', { email: sentTo })}
        </Alert>
        <Anchor component={Link} to="/login" size="sm">
          {t('auth.backToLogin')}
        </Anchor>
      </Stack>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('auth.forgot.intro')}
        </Text>
        <FormError message={formError} />
        <TextInput
          label={t('auth.email')}
          type="email"
          autoComplete="email"
          autoFocus
          required
          error={fieldError(t, formState.errors.email)}
          {...register('email')}
        />
        <Button type="submit" fullWidth loading={formState.isSubmitting}>
          {t('auth.forgot.submit')}
        </Button>
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('auth.backToLogin')}
        </Anchor>
      </Stack>
    </form>
  );
}
