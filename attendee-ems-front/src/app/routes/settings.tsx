import { Stack } from '@mantine/core';
import { PageHeader } from '@/components/page-header';
import { OrganizationSettings } from '@/features/organizations/components/organization-settings-form';
import { RetentionPolicySettings } from '@/features/organizations/components/retention-policy-settings';
import { usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';

export function SettingsRoute() {
  const { t } = useI18n();
  const { can } = usePermissions();
  return (
    <Stack gap={0}>
      <PageHeader title={t('settings.title')} description={t('settings.subtitle')} />
      <OrganizationSettings canUpdate={can('organizations.update')} />
      {can('attendees.erase') && <RetentionPolicySettings canReadAudit={can('audit.read')} />}
    </Stack>
  );
}
