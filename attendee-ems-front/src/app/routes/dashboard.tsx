import { Grid, SimpleGrid, Stack } from '@mantine/core';
import { IconBuilding, IconShieldLock, IconUserPlus } from '@tabler/icons-react';
import { PageHeader } from '@/components/page-header';
import type { GettingStartedStep } from '@/features/dashboard/components/getting-started';
import { GettingStarted } from '@/features/dashboard/components/getting-started';
import { MetricSlot, UpcomingEventsSlot } from '@/features/dashboard/components/upcoming-events-slot';
import { UpcomingEvents } from '@/features/events/components/upcoming-events';
import { useMe, usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';

export function DashboardRoute() {
  const { t } = useI18n();
  const { data: me } = useMe();
  const { can } = usePermissions();

  const candidates: (GettingStartedStep | false)[] = [
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
      {can('events.read') ? (
        <UpcomingEvents canReadRegistrations={can('registrations.read')} />
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <MetricSlot label={t('dashboard.metric.events')} hint={t('dashboard.metricHint')} />
          <MetricSlot label={t('dashboard.metric.registrations')} hint={t('dashboard.metricHint')} />
          <MetricSlot label={t('dashboard.metric.checkins')} hint={t('dashboard.metricHint')} />
        </SimpleGrid>
      )}
      <Grid>
        {!can('events.read') && (
          <Grid.Col span={{ base: 12, md: steps.length ? 7 : 12 }}>
            <UpcomingEventsSlot />
          </Grid.Col>
        )}
        {steps.length > 0 && (
          <Grid.Col span={{ base: 12, md: can('events.read') ? 12 : 5 }}>
            <GettingStarted steps={steps} />
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
