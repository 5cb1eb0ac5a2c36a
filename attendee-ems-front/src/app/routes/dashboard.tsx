import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBuilding, IconCalendarPlus, IconShieldLock, IconUserPlus } from '@tabler/icons-react';
import { PageHeader } from '@/components/page-header';
import type { GettingStartedStep } from '@/features/dashboard/components/getting-started';
import { GettingStarted } from '@/features/dashboard/components/getting-started';
import { eventsQueryOptions } from '@/features/events/api/get-events';
import { UpcomingEvents } from '@/features/events/components/upcoming-events';
import { useMe, usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';

export function DashboardRoute() {
  const { t } = useI18n();
  const { data: me } = useMe();
  const { can } = usePermissions();
  // The same queries as UpcomingEvents (shared cache): an organisation with no event at all is told where to begin.
  const canReadEvents = can('events.read');
  const upcoming = useQuery({ ...eventsQueryOptions({ when: 'upcoming', pageSize: 6 }), enabled: canReadEvents });
  const past = useQuery({ ...eventsQueryOptions({ when: 'past', pageSize: 3 }), enabled: canReadEvents });
  const hasNoEvents = upcoming.data?.total === 0 && past.data?.total === 0;

  const candidates: (GettingStartedStep | false)[] = [
    can('events.create') &&
      hasNoEvents && {
        to: '/events/new',
        icon: IconCalendarPlus,
        title: t('dashboard.step.firstEvent'),
        description: t('dashboard.step.firstEventHint'),
      },
    can('invitations.create') && {
      to: '/users/invitations',
      icon: IconUserPlus,
      title: t('dashboard.step.invite'),
      description: t('dashboard.step.inviteHint'),
    },
    can('roles.read') && {
      to: '/roles',
      icon: IconShieldLock,
      title: t('dashboard.step.roles'),
      description: t('dashboard.step.rolesHint'),
    },
    can('organizations.update') && {
      to: '/settings',
      icon: IconBuilding,
      title: t('dashboard.step.settings'),
      description: t('dashboard.step.settingsHint'),
    },
  ];
  const steps = candidates.filter((step): step is GettingStartedStep => step !== false);

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('dashboard.greeting', { name: me?.user.firstName ?? '' })}
        description={t('dashboard.subtitle', { organization: me?.organization?.name ?? '' })}
      />
      {hasNoEvents && <GettingStarted steps={steps} />}
      {canReadEvents && <UpcomingEvents canReadRegistrations={can('registrations.read')} />}
      {!hasNoEvents && <GettingStarted steps={steps} />}
    </Stack>
  );
}
