import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormError } from '@/components/form-error';
import type { SessionUser } from '@/lib/api/types';
import { fieldError } from '@/lib/forms/field-error';
import { requiredText } from '@/lib/forms/schemas';
import { applyServerErrors } from '@/lib/forms/server-errors';
import { isLocale, LOCALES, useI18n } from '@/lib/i18n/i18n';
import { useUpdateMe } from '../api/update-me';

const schema = z.object({
  firstName: requiredText(100),
  lastName: requiredText(100),
  locale: z.enum(['fr', 'en']),
});
type Values = z.infer<typeof schema>;

export function ProfileForm({ user }: { user: SessionUser }) {
  const { t, setLocale } = useI18n();
  const updateMe = useUpdateMe();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      firstName: user.firstName,
      lastName: user.lastName,
      locale: isLocale(user.locale) ? user.locale : 'fr',
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const me = await updateMe.mutateAsync(values);
      // The account's language is also the interface's.
      setLocale(values.locale);
      reset({ ...values, firstName: me.user.firstName, lastName: me.user.lastName });
      notifications.show({ color: 'teal', message: t('profile.saved') });
    } catch (error) {
      setFormError(applyServerErrors(error, setError, { fields: ['firstName', 'lastName', 'locale'] }, t));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('common.firstName')}
            autoComplete="given-name"
            required
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
        <TextInput label={t('auth.email')} value={user.email} readOnly disabled description={t('profile.emailReadOnly')} />
        <Controller
          control={control}
          name="locale"
          render={({ field }) => (
            <Select
              label={t('profile.language')}
              description={t('profile.languageHelp')}
              data={LOCALES.map((value) => ({ value, label: t(`language.${value}`) }))}
              allowDeselect={false}
              value={field.value}
              onChange={(value) => value && isLocale(value) && field.onChange(value)}
              onBlur={field.onBlur}
              error={fieldError(t, formState.errors.locale)}
            />
          )}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={formState.isSubmitting} disabled={!formState.isDirty}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
