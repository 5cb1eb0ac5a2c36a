import { ActionIcon, Badge, Button, Card, EmptyState, Group, Image, Menu, Select, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconDots, IconEdit, IconId, IconPlus, IconStar, IconStarOff, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { SectionLoader } from '@/components/full-page-loader';
import { PageHeader } from '@/components/page-header';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { usePermissions } from '@/lib/auth/me';
import { useI18n } from '@/lib/i18n/i18n';
import { useDeleteBadgeTemplate } from '../api/delete-badge-template';
import { useDuplicateBadgeTemplate } from '../api/duplicate-badge-template';
import { useBadgeTemplates, type BadgeTemplate } from '../api/get-badge-templates';
import { useEventOptions } from '../api/get-event-options';
import { useTemplateThumbnail } from '../api/get-template-thumbnail';
import { useUpdateBadgeTemplate } from '../api/update-badge-template';
import { normalizeLayout, pageSizeMm } from '../hooks/badge-layout';
import { useObjectUrl } from '../hooks/use-object-url';
import { CreateTemplateModal } from './create-template-modal';
import { pageSizeLabel } from './page-settings';

/** The organisation's templates (and one event's, when chosen), with their server-drawn thumbnails. */
export function TemplatesList() {
  const { t } = useI18n();
  const { can } = usePermissions();
  const navigate = useNavigate();
  const [eventId, setEventId] = useState<string | null>(null);
  const templates = useBadgeTemplates(eventId ?? undefined);
  const events = useEventOptions();
  const [isCreating, setIsCreating] = useState(false);
  const [toDelete, setToDelete] = useState<BadgeTemplate | null>(null);
  const remove = useDeleteBadgeTemplate();
  const duplicate = useDuplicateBadgeTemplate();
  const update = useUpdateBadgeTemplate();
  const eventOptions = (events.data?.items ?? []).map((event) => ({ id: event.id, name: event.name }));
  const eventName = (id: string | null) => (id ? (eventOptions.find((event) => event.id === id)?.name ?? t('badges.scope.event')) : t('badges.scope.organization'));

  const fail = (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
  };

  async function onDuplicate(template: BadgeTemplate) {
    try {
      const copy = await duplicate.mutateAsync({ id: template.id, body: { name: t('badges.list.copyName', { name: template.name }).slice(0, 120) } });
      notifications.show({ color: 'green', message: t('badges.list.duplicated') });
      navigate(`/badges/${copy.id}`);
    } catch (cause) {
      fail(cause);
    }
  }

  async function onToggleDefault(template: BadgeTemplate) {
    try {
      await update.mutateAsync({ id: template.id, body: { isDefault: !template.isDefault } });
      notifications.show({ color: 'green', message: template.isDefault ? t('badges.list.defaultUnset') : t('badges.list.defaultSet') });
    } catch (cause) {
      fail(cause);
    }
  }

  async function onDelete() {
    if (!toDelete) return;
    try {
      await remove.mutateAsync(toDelete.id);
      notifications.show({ color: 'green', message: t('badges.list.deleted') });
      setToDelete(null);
    } catch (cause) {
      fail(cause);
    }
  }

  return (
    <>
      <PageHeader
        title={t('badges.list.title')}
        description={t('badges.list.subtitle')}
        actions={
          can('badge_templates.create') && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setIsCreating(true)}>
              {t('badges.list.new')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Select
          label={t('badges.list.scopeFilter')}
          placeholder={t('badges.list.scopeAll')}
          clearable
          searchable
          data={eventOptions.map((event) => ({ value: event.id, label: event.name }))}
          value={eventId}
          onChange={setEventId}
          w={{ base: '100%', sm: 320 }}
        />
        {templates.error && !templates.data ? (
          <QueryError error={templates.error} onRetry={() => templates.refetch()} />
        ) : !templates.data ? (
          <SectionLoader />
        ) : templates.data.length === 0 ? (
          <EmptyState py="xl" icon={<IconId size={24} />} title={t('badges.list.empty')} description={t('badges.list.emptyHint')} />
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} data-testid="badge-templates">
            {templates.data.map((template) => {
              const page = normalizeLayout(template.layout).page;
              const size = pageSizeMm(page);
              return (
                <Card key={template.id} withBorder padding="sm" radius="md" data-testid="badge-template-card">
                  <Card.Section>
                    <Thumbnail template={template} />
                  </Card.Section>
                  <Stack gap={4} mt="sm">
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Text fw={600} component={Link} to={`/badges/${template.id}`} style={{ overflowWrap: 'anywhere' }}>
                        {template.name}
                      </Text>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon variant="subtle" aria-label={t('badges.list.actions', { name: template.name })}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconEdit size={14} />} component={Link} to={`/badges/${template.id}`}>
                            {t('badges.list.edit')}
                          </Menu.Item>
                          {can('badge_templates.create') && (
                            <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => void onDuplicate(template)}>
                              {t('badges.list.duplicate')}
                            </Menu.Item>
                          )}
                          {can('badge_templates.update') && (
                            <Menu.Item leftSection={template.isDefault ? <IconStarOff size={14} /> : <IconStar size={14} />} onClick={() => void onToggleDefault(template)}>
                              {template.isDefault ? t('badges.list.unsetDefault') : t('badges.list.setDefault')}
                            </Menu.Item>
                          )}
                          {can('badge_templates.delete') && (
                            <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={() => setToDelete(template)}>
                              {t('common.delete')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                    <Group gap={6}>
                      <Badge variant="light" color={template.eventId ? 'grape' : 'gray'}>
                        {eventName(template.eventId)}
                      </Badge>
                      {template.isDefault && <Badge color="green">{t('badges.list.default')}</Badge>}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {pageSizeLabel(t, page.size)} · {size.width} × {size.height} mm
                    </Text>
                  </Stack>
                </Card>
              );
            })}
          </SimpleGrid>
        )}
      </Stack>
      <CreateTemplateModal opened={isCreating} events={eventOptions} defaultEventId={eventId} onClose={() => setIsCreating(false)} onCreated={(template) => navigate(`/badges/${template.id}`)} />
      <ConfirmDialog
        opened={toDelete !== null}
        title={t('badges.list.deleteTitle')}
        message={t('badges.list.deleteMessage', { name: toDelete?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isDanger
        isLoading={remove.isPending}
        onClose={() => setToDelete(null)}
        onConfirm={() => void onDelete()}
      />
    </>
  );
}

function Thumbnail({ template }: { template: BadgeTemplate }) {
  const { t } = useI18n();
  const thumbnail = useTemplateThumbnail(template.id, template.updatedAt);
  const url = useObjectUrl(thumbnail.data);
  return (
    <div style={{ height: 180, display: 'grid', placeItems: 'center', background: 'var(--mantine-color-gray-1)' }}>
      {url ? (
        <Image src={url} alt={t('badges.list.thumbnail', { name: template.name })} h={170} w="auto" fit="contain" />
      ) : thumbnail.isPending ? (
        <Skeleton h={150} w={110} />
      ) : (
        <IconId size={40} color="var(--mantine-color-gray-5)" aria-hidden />
      )}
    </div>
  );
}
