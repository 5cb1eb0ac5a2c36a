import { useAttendeeTypes } from '@/features/events/api/get-attendee-types';
import { useEvents } from '@/features/events/api/get-events';
import { ContactsPage } from '@/features/contacts/components/contacts-page';
import { CONTACT_LIFECYCLE_AVAILABLE } from '@/features/contacts/hooks/contact-filters';
import { usePermissions } from '@/lib/auth/me';

export function ContactsRoute() {
  const { can } = usePermissions();
  const events = useEvents({ when: 'all', pageSize: 100 });
  const attendeeTypes = useAttendeeTypes();
  return (
    <ContactsPage
      events={(events.data?.items ?? []).map((event) => ({ value: event.id, label: event.name }))}
      attendeeTypes={(attendeeTypes.data ?? []).map((type) => ({ value: type.id, label: type.name }))}
      canImport={can('attendees.import')}
      canExport={can('attendees.export')}
      hasStatusFilter={CONTACT_LIFECYCLE_AVAILABLE}
    />
  );
}
