import { Badge } from '@mantine/core';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import type { RegistrationStatus } from '../api/get-registrations';

const COLORS: Record<RegistrationStatus, string> = { awaiting: 'yellow', approved: 'green', refused: 'red', cancelled: 'gray', waitlisted: 'orange' };

export function RegistrationStatusBadge({ status }: { status: RegistrationStatus }) {
  const { t } = useI18n();
  return (
    <Badge color={COLORS[status]} variant="light" tt="none" data-testid="registration-status">
      {t(`registrations.status.${status}` as TranslationKey)}
    </Badge>
  );
}
