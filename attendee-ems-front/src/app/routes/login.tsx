import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useNavigate, useSearchParams } from 'react-router';
import { LoginForm } from '@/features/auth/components/login-form';
import { useI18n } from '@/lib/i18n/i18n';

/** Only same-site paths: an open redirect would turn the login page into a phishing aid. */
export function safeRedirect(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export function LoginRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  useDocumentTitle(`${t('auth.login.title')} · Attendee EMS`);
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz={26}>
          {t('auth.login.title')}
        </Title>
        <Text c="dimmed" size="sm" mt={4}>
          {t('auth.login.subtitle')}
        </Text>
      </div>
      <LoginForm onSuccess={() => navigate(safeRedirect(searchParams.get('redirect')), { replace: true })} />
    </Stack>
  );
}
