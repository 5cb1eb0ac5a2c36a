import { Anchor, Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconCalendarEvent, IconCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import type { ContactDetail } from '../api/get-contact';

const STATUS_COLORS: Record<string, string> = { approved: 'teal', awaiting: 'yellow', waitlisted: 'grape', refused: 'red', cancelled: 'gray' };

export function ContactStats({ stats }: { stats: ContactDetail['stats'] }) {
  const { t } = useI18n();
  const rate = Math.round(stats.attendanceRate * 100);
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} fz="lg" mb="md">
        {t('contacts.stats.title')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label={t('contacts.stats.registered')} value={stats.registrations} />
        <Stat label={t('contacts.stats.attended')} value={stats.attended} />
        <Stat label={t('contacts.stats.noShows')} value={stats.noShows} />
        <Stat label={t('contacts.stats.rate')} value={`${rate} %`} />
      </SimpleGrid>
      <Progress mt="md" value={rate} color={rate >= 70 ? 'teal' : rate >= 40 ? 'yellow' : 'red'} aria-label={t('contacts.stats.rateLabel', { rate })} />
    </Card>
  );
}

function Stat({ label, value }: { label: string; value: number | string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {value}
      </Text>
    </div>
  );
}

export function ContactTimeline({ registrations }: { registrations: ContactDetail['registrations'] }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const sorted = [...registrations].sort((a, b) => b.eventStartAt.localeCompare(a.eventStartAt));
  if (sorted.length === 0) return <Text c="dimmed" size="sm">{t('contacts.timeline.empty')}</Text>;
  return (
    <Timeline bulletSize={24} lineWidth={2} active={sorted.length}>
      {sorted.map((registration) => (
        <Timeline.Item
          key={registration.id}
          bullet={registration.checkedInAt ? <IconCheck size={14} /> : <IconCalendarEvent size={14} />}
          title={
            <Anchor component={Link} to={`/events/${registration.eventId}`} fw={600} fz="sm">
              {registration.eventName}
            </Anchor>
          }
        >
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {formatDate(registration.eventStartAt)}
            </Text>
            <Group gap={6}>
              <Badge size="sm" variant="light" color={STATUS_COLORS[registration.status] ?? 'gray'}>
                {t(`contacts.registrationStatus.${registration.status}` as TranslationKey)}
              </Badge>
              {registration.attendeeTypeName && <Badge size="sm" variant="outline" color="gray">{registration.attendeeTypeName}</Badge>}
            </Group>
            <Text size="xs">
              {t('contacts.timeline.registeredOn', { date: formatDate(registration.createdAt) })}
              {' · '}
              {registration.checkedInAt ? t('contacts.timeline.checkedIn', { date: formatDateTime(registration.checkedInAt) }) : t('contacts.timeline.notCheckedIn')}
            </Text>
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
