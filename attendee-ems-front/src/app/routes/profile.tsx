import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { PageHeader } from '@/components/page-header';
import { SectionLoader } from '@/components/full-page-loader';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';
import { ProfileForm } from '@/features/auth/components/profile-form';
import { useMe } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';

export function ProfileRoute() {
  const { t } = useI18n();
  const { data: me } = useMe();
  return (
    <Stack gap={0}>
      <PageHeader title={t('profile.title')} description={t('profile.subtitle')} />
      {!me ? (
        <SectionLoader />
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Card withBorder radius="md" padding="lg">
            <Title order={2} fz="md">
              {t('profile.personal')}
            </Title>
            <Text size="xs" c="dimmed" mb="md">
              {t('profile.personalHint')}
            </Text>
            <ProfileForm key={me.user.id} user={me.user} />
          </Card>
          <Card withBorder radius="md" padding="lg">
            <Title order={2} fz="md">
              {t('profile.security')}
            </Title>
            <Text size="xs" c="dimmed" mb="md">
              {t('profile.securityHint')}
            </Text>
            <ChangePasswordForm />
          </Card>
        </SimpleGrid>
      )}
    </Stack>
  );
}
