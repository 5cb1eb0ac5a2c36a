import { Button, Center, EmptyState } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useRouteError } from 'react-router';
import { useI18n } from '@/lib/i18n/i18n';

export function RouteErrorBoundary() {
  const { t } = useI18n();
  const error = useRouteError();
  // A deploy replaced the lazy chunks this tab still points at: a reload fetches the new ones.
  const isStaleChunk = error instanceof TypeError && /dynamically imported module|Importing a module script/i.test(error.message);
  return (
    <Center mih="100dvh" p="md">
      <EmptyState
        icon={<IconAlertTriangle size={28} />}
        title={t(isStaleChunk ? 'errors.staleTitle' : 'errors.crashTitle')}
        description={t(isStaleChunk ? 'errors.staleDescription' : 'errors.crashDescription')}
      >
        <Button onClick={() => window.location.reload()}>{t('common.reload')}</Button>
      </EmptyState>
    </Center>
  );
}
