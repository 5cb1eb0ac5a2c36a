import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { ApiError } from '@/lib/api';
import { describeError } from '@/lib/api/error-message';
import { usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';
import { useExportCheckIns, type CheckInExportFormat } from '../api/export-check-ins';

/** Downloads the event's check-in log (csv or xlsx); hidden without the export permission. */
export function CheckInLogExport({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const { can } = usePermissions();
  const exportLog = useExportCheckIns(eventId);
  if (!can('registrations.export')) return null;

  async function onExport(format: CheckInExportFormat) {
    try {
      const filename = await exportLog.mutateAsync(format);
      notifications.show({ color: 'teal', message: t('checkIn.export.done', { file: filename }) });
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
    }
  }

  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />} loading={exportLog.isPending}>
          {t('checkIn.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('checkIn.export.menuLabel')}</Menu.Label>
        <Menu.Item onClick={() => void onExport('xlsx')}>{t('checkIn.export.xlsx')}</Menu.Item>
        <Menu.Item onClick={() => void onExport('csv')}>{t('checkIn.export.csv')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
