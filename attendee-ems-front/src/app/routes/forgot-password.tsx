import { Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';
import { useI18n } from '@/lib/i18n/i18n';

export function ForgotPasswordRoute() {
  const { t } = useI18n();
  useDocumentTitle(`${t('auth.forgot.title')} · Attendee EMS`);
  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        {t('auth.forgot.title')}
      </Title>
      <ForgotPasswordForm />
    </Stack>
  );
}
