import { zodResolver } from '@hookform/resolvers/zod';
import { Button, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import { PasswordField } from '@/components/password-field';
import { fieldError } from '@/lib/forms/field-error';
import { newPasswordField, requiredText } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { useI18n } from '@/lib/i18n/i18n';
import { useAcceptInvitation } from '../api/accept-invitation';
import type { PublicInvitation } from '../api/get-public-invitation';

const newUserSchema = z.object({
  firstName: requiredText(100),
  lastName: requiredText(100),
  password: newPasswordField(),
});
// Someone who already has an account proves it with their current password.
const existingUserSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  password: z.string().min(1, 'validation.required'),
});
type Values = z.infer<typeof newUserSchema>;

export function AcceptInvitationForm({ token, invitation, onAccepted }: {
  token: string;
  invitation: PublicInvitation;
  onAccepted: () => void;
}) {
  const { t } = useI18n();
  const accept = useAcceptInvitation();
  const [formError, setFormError] = useState<string | null>(null);
  const isNewUser = !invitation.userExists;
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(isNewUser ? newUserSchema : existingUserSchema),
    defaultValues: { firstName: '', lastName: '', password: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await accept.mutateAsync(isNewUser ? { token, ...values } : { token, password: values.password });
      onAccepted();
    } catch (error) {
      setFormError(
        applyServerErrors(
          error,
          setError,
          { fields: ['firstName', 'lastName', 'password'], codeToField: { WEAK_PASSWORD: 'password', INVALID_CREDENTIALS: 'password' } },
          t,
        ),
      );
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <TextInput label={t('auth.email')} value={invitation.email} readOnly disabled />
        {isNewUser && (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={t('common.firstName')}
              autoComplete="given-name"
              required
              autoFocus
              error={fieldError(t, formState.errors.firstName)}
              {...register('firstName')}
            />
            <TextInput
              label={t('common.lastName')}
              autoComplete="family-name"
              required
              error={fieldError(t, formState.errors.lastName)}
              {...register('lastName')}
            />
          </SimpleGrid>
        )}
        <PasswordField
          label={t(isNewUser ? 'invitations.accept.choosePassword' : 'auth.password')}
          description={isNewUser ? t('auth.passwordRules') : t('invitations.accept.existingAccount')}
          autoComplete={isNewUser ? 'new-password' : 'current-password'}
          required
          autoFocus={!isNewUser}
          error={fieldError(t, formState.errors.password)}
          {...register('password')}
        />
        <Button type="submit" fullWidth loading={formState.isSubmitting}>
          {t('invitations.accept.submit')}
        </Button>
      </Stack>
    </form>
  );
}
