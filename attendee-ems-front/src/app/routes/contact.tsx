import { useParams } from 'react-router';
import { ContactPage } from '@/features/contacts/components/contact-page';
import { CONTACT_LIFECYCLE_AVAILABLE } from '@/features/contacts/hooks/contact-filters';
import { usePermissions } from '@/lib/auth/me';

export function ContactRoute() {
  const { contactId = '' } = useParams();
  const { can } = usePermissions();
  return (
    <ContactPage
      key={contactId}
      contactId={contactId}
      hasLifecycle={CONTACT_LIFECYCLE_AVAILABLE}
      permissions={{
        canUpdate: can('attendees.update'),
        canExport: can('attendees.export'),
        canErase: can('attendees.erase'),
        canDelete: can('attendees.delete'),
        canListUsers: can('users.read'),
      }}
    />
  );
}
