import { Center, Loader } from '@mantine/core';
import { useI18n } from '@/lib/i18n/i18n';

export function FullPageLoader() {
  const { t } = useI18n();
  return (
    <Center h="100dvh" role="status" aria-label={t('common.loading')}>
      <Loader />
    </Center>
  );
}

export function SectionLoader() {
  const { t } = useI18n();
  return (
    <Center py="xl" role="status" aria-label={t('common.loading')}>
      <Loader size="sm" />
    </Center>
  );
}
