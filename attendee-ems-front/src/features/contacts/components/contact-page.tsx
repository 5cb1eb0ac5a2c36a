import { Alert, Anchor, Badge, Breadcrumbs, Card, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconHistory, IconNotes, IconTimeline } from '@tabler/icons-react';
import { Link } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { useI18n } from '@/lib/i18n/i18n';
import { useContact } from '../api/get-contact';
import { useUserNames } from '../api/get-user-names';
import { ContactActions, type ContactPermissions } from './contact-actions';
import { ContactNotes } from './contact-notes';
import { ContactProfile } from './contact-profile';
import { ContactRevisions } from './contact-revisions';
import { ContactStats, ContactTimeline } from './contact-timeline';
import { contactName } from './contacts-table';

interface ContactPageProps {
  contactId: string;
  permissions: ContactPermissions & { canListUsers: boolean };
  hasLifecycle: boolean;
}

export function ContactPage({ contactId, permissions, hasLifecycle }: ContactPageProps) {
  const { t, formatDateTime } = useI18n();
  const { data: contact, error, isPending, refetch } = useContact(contactId);
  const userNames = useUserNames(permissions.canListUsers);
  const name = contact ? contactName(contact) || t('contacts.unnamed') : t('contacts.title');
  useDocumentTitle(`${name} · Attendee EMS`);

  if (isPending) return <SectionLoader />;
  if (error) return <QueryError error={error} onRetry={() => refetch()} />;
  const deactivatedAt = (contact as { deactivatedAt?: string | null }).deactivatedAt ?? null;

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to="/contacts" size="sm">
          {t('contacts.title')}
        </Anchor>
        <Text size="sm">{name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={1} fz={{ base: 24, sm: 28 }}>
              {name}
            </Title>
            {deactivatedAt && <Badge color="gray">{t('contacts.status.inactive')}</Badge>}
            {contact.anonymizedAt && <Badge color="gray">{t('contacts.erased')}</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            {[contact.jobTitle, contact.company].filter(Boolean).join(' · ') || contact.email}
          </Text>
        </Stack>
        <ContactActions contact={contact} permissions={permissions} hasLifecycle={hasLifecycle} />
      </Group>
      {contact.anonymizedAt && (
        <Alert color="gray" role="status">
          {t('contacts.erasedNotice', { date: formatDateTime(contact.anonymizedAt) })}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ContactProfile contact={contact} canUpdate={permissions.canUpdate} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ContactStats stats={contact.stats} />
        </Grid.Col>
      </Grid>
      <Card withBorder radius="md" padding="lg">
        <Tabs defaultValue="timeline" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />}>
              {t('contacts.tab.timeline')}
            </Tabs.Tab>
            <Tabs.Tab value="notes" leftSection={<IconNotes size={16} />}>
              {t('contacts.tab.notes', { count: contact.notes.length })}
            </Tabs.Tab>
            <Tabs.Tab value="revisions" leftSection={<IconHistory size={16} />}>
              {t('contacts.tab.revisions')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="timeline">
            <ContactTimeline registrations={contact.registrations} />
          </Tabs.Panel>
          <Tabs.Panel value="notes">
            <ContactNotes contactId={contact.id} notes={contact.notes} canUpdate={permissions.canUpdate && !contact.anonymizedAt} userNames={userNames} />
          </Tabs.Panel>
          <Tabs.Panel value="revisions">
            <ContactRevisions contactId={contact.id} userNames={userNames} />
          </Tabs.Panel>
        </Tabs>
      </Card>
    </Stack>
  );
}
