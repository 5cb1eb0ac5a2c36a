import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useNavigate, useParams } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { usePublicInvitation } from '@/features/invitations/api/get-public-invitation';
import { AcceptInvitationForm } from '@/features/invitations/components/accept-invitation-form';
import { describeError } from '@/lib/api/error-message';
import { useI18n } from '@/lib/i18n/i18n';

export function AcceptInvitationRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { token = '' } = useParams();
  const invitation = usePublicInvitation(token);
  useDocumentTitle(`${t('invitations.accept.title')} · Attendee EMS`);

  if (invitation.isPending) return <SectionLoader />;
  if (invitation.error) {
    return (
      <Stack gap="lg">
        <Title order={1} fz={26}>
          {t('invitations.accept.title')}
        </Title>
        <Alert color="red" variant="light" role="alert">
          {describeError(invitation.error, t)}
        </Alert>
        <Anchor component={Link} to="/login" size="sm">
          {t('auth.backToLogin')}
        </Anchor>
      </Stack>
    );
  }

  const { data } = invitation;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz={26}>
          {t('invitations.accept.joinTitle', { organization: data.organization.name })}
        </Title>
        <Text c="dimmed" size="sm" mt={4}>
          {t('invitations.accept.subtitle', { role: data.role.name })}
        </Text>
      </div>
      <AcceptInvitationForm token={token} invitation={data} onAccepted={() => navigate('/', { replace: true })} />
    </Stack>
  );
}
