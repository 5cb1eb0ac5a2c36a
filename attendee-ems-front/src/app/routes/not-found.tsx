import { IconMapPinOff } from '@tabler/icons-react';
import { StatusPage } from '@/components/status-page';
import { useI18n } from '@/lib/i18n/i18n';

export function NotFoundRoute() {
  const { t } = useI18n();
  return (
    <StatusPage
      icon={<IconMapPinOff size={28} />}
      title={t('notFound.title')}
      description={t('notFound.description')}
      actionLabel={t('common.backToDashboard')}
    />
  );
}
