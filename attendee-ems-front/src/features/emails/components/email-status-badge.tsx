import { Badge } from '@mantine/core';
import { useI18n } from '@/lib/i18n/i18n';
import type { EmailStatus } from '../api/get-email-log';

const STATUS_COLORS: Record<EmailStatus, string> = { pending: 'yellow', sending: 'blue', sent: 'green', failed: 'red' };

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  const { t } = useI18n();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none">
      {t(`emailLog.status.${status}`)}
    </Badge>
  );
}
