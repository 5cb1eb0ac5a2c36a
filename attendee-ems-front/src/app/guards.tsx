import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { FullPageLoader, SectionLoader } from '@/components/full-page-loader';
import { StatusPage } from '@/components/status-page';
import { usePermissions } from '@/lib/auth/me';
import { useSession } from '@/lib/auth/session-store';
import { useI18n } from '@/lib/i18n/i18n';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, endedBy } = useSession();
  const location = useLocation();
  if (status === 'restoring') return <FullPageLoader />;
  if (status === 'anonymous') {
    // After an expiry, come back to where the person was; after a logout, start afresh.
    const shouldReturn = endedBy !== 'logout' && location.pathname !== '/';
    const redirect = shouldReturn ? `?redirect=${encodeURIComponent(location.pathname + location.search)}` : '';
    return <Navigate to={`/login${redirect}`} replace />;
  }
  return children;
}

/** Pages for signed-out people: someone already signed in goes to the dashboard instead. */
export function RedirectIfAuthenticated({ children }: { children: ReactNode }) {
  const { status } = useSession();
  if (status === 'restoring') return <FullPageLoader />;
  if (status === 'authenticated') return <Navigate to="/" replace />;
  return children;
}

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { isLoaded, can } = usePermissions();
  const { t } = useI18n();
  if (!isLoaded) return <SectionLoader />;
  if (!can(permission)) {
    return (
      <StatusPage
        icon={<IconLock size={28} />}
        title={t('forbidden.title')}
        description={t('forbidden.description')}
        actionLabel={t('common.backToDashboard')}
      />
    );
  }
  return children;
}
