import { AuditLog } from '@/features/audit/components/audit-log';
import { usePermissions } from '@/lib/auth/me';

export function AuditLogRoute() {
  const { can } = usePermissions();
  return <AuditLog canListUsers={can('users.read')} />;
}
