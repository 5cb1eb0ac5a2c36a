import { Anchor, Grid, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { localized, type FormDefinition } from '@shared/registration-form';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { AssignmentsSettings } from '@/features/events/components/assignments-settings';
import { AttendeeTypesSettings } from '@/features/events/components/attendee-types-settings';
import { EventBadgesPanel } from '@/features/badges/components/event-badges-panel';
import { PrintBadgeButton, PrintBadgesButton } from '@/features/badges/components/print-badge-button';
import { LiveDashboard } from '@/features/check-in/components/live-dashboard';
import { EventActions } from '@/features/events/components/event-actions';
import { EventOverview } from '@/features/events/components/event-overview';
import { EventSettingsForm } from '@/features/events/components/event-settings-form';
import { EventStatusBadge } from '@/features/events/components/event-status-badge';
import { PublicLink } from '@/features/events/components/public-link';
import { useEvent, type EventDetail } from '@/features/events/api/get-event';
import { useEventAttendeeTypes } from '@/features/events/api/get-event-attendee-types';
import { useEventForm } from '@/features/form-builder/api/get-event-form';
import { FormBuilder } from '@/features/form-builder/components/form-builder';
import { RegistrationsPanel } from '@/features/registrations/components/registrations-panel';
import { useUsers } from '@/features/users/api/get-users';
import { EmailsPanel } from '@/features/dev-mailbox/components/emails-panel';
import { EmailLog } from '@/features/emails/components/email-log';
import { EmailTemplatesEditor } from '@/features/emails/components/email-templates-editor';
import { usePermissions } from '@/lib/auth/me';
import { formatEventRange } from '@/lib/dates/zoned-time';
import { useI18n } from '@/lib/i18n/i18n';

const TABS = ['overview', 'live', 'registrations', 'badges', 'form', 'settings', 'emails'] as const;
type Tab = (typeof TABS)[number];

export function EventPageRoute() {
  const { eventId = '', tab } = useParams();
  const { t } = useI18n();
  const { data: event, error, refetch } = useEvent(eventId);
  if (error && !event) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!event) return <SectionLoader />;
  return <EventPage event={event} tab={TABS.includes(tab as Tab) ? (tab as Tab) : 'overview'} backLabel={t('events.back')} />;
}

function EventPage({ event, tab, backLabel }: { event: EventDetail; tab: Tab; backLabel: string }) {
  const { t, locale } = useI18n();
  const { can } = usePermissions();
  const navigate = useNavigate();
  const form = useEventForm(event.id);
  const types = useEventAttendeeTypes(event.id);
  const canReadRegistrations = can('registrations.read');

  const answerColumns = useMemo(
    () =>
      (form.data?.fields ?? [])
        .filter((field) => !['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country'].includes(field.id))
        .map((field) => ({
          id: field.id,
          label: localized(field.label, locale) || field.id,
          type: field.type,
          options: field.options ? Object.fromEntries(field.options.map((option) => [option.value, localized(option.label, locale)])) : undefined,
        })),
    [form.data, locale],
  );
  const offeredTypes = (types.data ?? []).filter((type) => type.enabled);
  const previewTypes = offeredTypes
    .filter((type) => type.isPublic)
    .map((type) => ({ key: type.name, name: type.name, color: type.color, remainingSeats: type.capacity === null ? null : Math.max(0, type.capacity - type.seatsTaken) }));

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/events" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {backLabel}
        </Group>
      </Anchor>
      <PageHeader
        title={event.name}
        description={formatEventRange(event.startAt, event.endAt, event.timezone, locale) + (event.locationName ? ` · ${event.locationName}` : '')}
        actions={
          <Group gap="sm">
            <EventStatusBadge status={event.status} />
            <EventActions
              event={event}
              canPublish={can('events.publish')}
              canCreate={can('events.create')}
              canDelete={can('events.delete')}
              onDuplicated={(copy) => navigate(`/events/${copy.id}`)}
              onDeleted={() => navigate('/events')}
            />
          </Group>
        }
      />
      <Tabs value={tab} onChange={(value) => navigate(`/events/${event.id}/${value === 'overview' ? '' : value}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">{t('events.tab.overview')}</Tabs.Tab>
          {can('registrations.read') && <Tabs.Tab value="live">{t('events.tab.live')}</Tabs.Tab>}
          {canReadRegistrations && <Tabs.Tab value="registrations">{t('events.tab.registrations')}</Tabs.Tab>}
          {can('badges.read') && <Tabs.Tab value="badges">{t('events.tab.badges')}</Tabs.Tab>}
          <Tabs.Tab value="form">{t('events.tab.form')}</Tabs.Tab>
          <Tabs.Tab value="settings">{t('events.tab.settings')}</Tabs.Tab>
          {can('emails.read') && <Tabs.Tab value="emails">{t('events.tab.emails')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="lg">
          <Grid>
            <Grid.Col span={12}>
              <EventOverview event={event} canReadRegistrations={canReadRegistrations} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <PublicLink event={event} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Text size="sm" c="dimmed">
                {event.requiresApproval ? t('events.review.approval') : t('events.review.autoApprove')}
                {' · '}
                {event.waitlist ? t('events.review.waitlist') : t('events.review.noWaitlist')}
              </Text>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="live" pt="lg">
          <LiveDashboard eventId={event.id} />
        </Tabs.Panel>
        <Tabs.Panel value="badges" pt="lg">
          <EventBadgesPanel eventId={event.id} />
        </Tabs.Panel>
        {canReadRegistrations && (
          <Tabs.Panel value="registrations" pt="lg">
            <RegistrationsPanel
              eventId={event.id}
              answerColumns={answerColumns}
              attendeeTypes={offeredTypes.map((type) => ({ id: type.id, name: type.name }))}
              canCreate={can('registrations.create')}
              canApprove={can('registrations.approve')}
              canUpdate={can('registrations.update')}
              canDelete={can('registrations.delete')}
              selectionActions={can('badges.print') ? (ids) => <PrintBadgesButton eventId={event.id} registrationIds={ids} /> : undefined}
              rowActions={can('badges.print') ? (registrationId) => <PrintBadgeButton eventId={event.id} registrationId={registrationId} /> : undefined}
            />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="form" pt="lg">
          {form.error && !form.data ? (
            <QueryError error={form.error} onRetry={() => form.refetch()} />
          ) : !form.data ? (
            <SectionLoader />
          ) : (
            <FormBuilder eventId={event.id} initial={form.data as FormDefinition} canEdit={can('events.update')} attendeeTypes={previewTypes} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="lg">
          <Stack gap="lg">
            <EventSettingsForm event={event} canEdit={can('events.update')} />
            <AttendeeTypesSettings eventId={event.id} canEdit={can('events.update')} />
            <StaffSettings eventId={event.id} canAssign={can('events.assign')} canListUsers={can('users.read')} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="emails" pt="lg">
          <Stack gap="lg">
            <EmailTemplatesEditor eventId={event.id} canEdit={can('emails.update')} />
            <EmailLog eventId={event.id} />
            <EmailsPanel />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Staff candidates come from the users feature; the route joins the two. */
function StaffSettings({ eventId, canAssign, canListUsers }: { eventId: string; canAssign: boolean; canListUsers: boolean }) {
  const users = useUsers({ pageSize: 100 });
  const candidates = canListUsers
    ? (users.data?.items ?? []).map((user) => ({ id: user.id, label: `${user.firstName} ${user.lastName} (${user.email})` }))
    : [];
  return <AssignmentsSettings eventId={eventId} candidates={candidates} canAssign={canAssign} />;
}
