import { Stack } from '@mantine/core';
import { PageHeader } from '@/components/page-header';
import { CheckInPicker } from '@/features/check-in/components/check-in-picker';
import { useI18n } from '@/lib/i18n/i18n';

export function CheckInRoute() {
  const { t } = useI18n();
  return (
    <Stack gap="lg">
      <PageHeader title={t('checkIn.title')} description={t('checkIn.description')} />
      <CheckInPicker />
    </Stack>
  );
}
