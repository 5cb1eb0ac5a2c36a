import { RolesManager } from '@/features/roles/components/roles-manager';
import { useMe, usePermissions } from '@/lib/auth/me';

export function RolesRoute() {
  const { data: me } = useMe();
  const { can } = usePermissions();
  const myRank = me?.user.isSuperAdmin ? 100 : (me?.role?.rank ?? 1);
  return (
    <RolesManager
      canCreate={can('roles.create')}
      canUpdate={can('roles.update')}
      canDelete={can('roles.delete')}
      maxRank={Math.max(1, myRank - 1)}
    />
  );
}
