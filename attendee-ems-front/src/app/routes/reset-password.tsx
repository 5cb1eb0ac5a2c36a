import { Alert, Anchor, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useSearchParams } from 'react-router';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';
import { useI18n } from '@/lib/i18n/i18n';

export function ResetPasswordRoute() {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token');
  useDocumentTitle(`${t('auth.reset.title')} · Attendee EMS`);
  return (
    <Stack gap="lg">
      <Title order={1} fz={26}>
        {t('auth.reset.title')}
      </Title>
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <>
          <Alert color="red" variant="light" role="alert">
            {t('errors.code.TOKEN_INVALID')}
          </Alert>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth.reset.requestNew')}
          </Anchor>
        </>
      )}
    </Stack>
  );
}
