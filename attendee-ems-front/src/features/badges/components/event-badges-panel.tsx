import { Anchor, Button, Card, Group, NumberInput, Pagination, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { SectionLoader } from '@/components/full-page-loader';
import { QueryError } from '@/components/query-error';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { usePermissions } from '@/lib/auth/me';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { duplicateBadgeTemplate } from '../api/duplicate-badge-template';
import { useBadgePrints, type BadgePrint } from '../api/get-badge-prints';
import { useBadgeRules } from '../api/get-badge-rules';
import { useBadgeTemplates, type BadgeTemplate } from '../api/get-badge-templates';
import { useEventAttendeeTypes } from '../api/get-event-attendee-types';
import type { SheetLayout } from '../api/print-badges';
import { usePutBadgeRules } from '../api/put-badge-rules';
import { useUpdateBadgeTemplate } from '../api/update-badge-template';
import { BulkProgress, PrintBadgeButton, useBulkPrint } from './print-badge-button';

/** The event's badges: which template applies (default, rules per attendee type), printing everyone, the print history. */
export function EventBadgesPanel({ eventId }: { eventId: string }) {
  const { t } = useI18n();
  const { can } = usePermissions();
  const templates = useBadgeTemplates(eventId);
  if (templates.error && !templates.data) return <QueryError error={templates.error} onRetry={() => templates.refetch()} />;
  if (!templates.data) return <SectionLoader />;
  const canEdit = can('badge_templates.update');
  return (
    <Stack gap="lg" data-testid="event-badges">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DefaultTemplateCard eventId={eventId} templates={templates.data} canEdit={canEdit && can('badge_templates.create')} />
        {can('badges.print') && <PrintAllCard eventId={eventId} hasTemplate={templates.data.some((template) => template.isDefault)} />}
      </SimpleGrid>
      <RulesCard eventId={eventId} templates={templates.data} canEdit={canEdit} />
      <PrintHistory eventId={eventId} canPrint={can('badges.print')} />
      <Text size="sm">
        <Anchor component={Link} to="/badges">
          {t('badges.event.manageTemplates')}
        </Anchor>
      </Text>
    </Stack>
  );
}

function useFail() {
  const { t } = useI18n();
  return (cause: unknown) => {
    if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
  };
}

function DefaultTemplateCard({ eventId, templates, canEdit }: { eventId: string; templates: BadgeTemplate[]; canEdit: boolean }) {
  const { t } = useI18n();
  const update = useUpdateBadgeTemplate();
  const fail = useFail();
  const [isBusy, setIsBusy] = useState(false);
  const eventDefault = templates.find((template) => template.eventId === eventId && template.isDefault) ?? null;
  const orgDefault = templates.find((template) => template.eventId === null && template.isDefault) ?? null;

  async function choose(templateId: string | null) {
    setIsBusy(true);
    try {
      if (!templateId) {
        if (eventDefault) await update.mutateAsync({ id: eventDefault.id, body: { isDefault: false } });
      } else {
        let template = templates.find((candidate) => candidate.id === templateId)!;
        // The event default is one of the event's own templates: an organisation template is copied in.
        if (template.eventId !== eventId) template = await duplicateBadgeTemplate(template.id, { eventId, name: template.name });
        await update.mutateAsync({ id: template.id, body: { isDefault: true } });
      }
      notifications.show({ color: 'green', message: t('badges.event.defaultSaved') });
    } catch (cause) {
      fail(cause);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('badges.event.defaultTitle')}
        </Title>
        <Select
          label={t('badges.event.default')}
          placeholder={orgDefault ? t('badges.event.inheritOrg', { name: orgDefault.name }) : t('badges.event.noDefault')}
          data={[
            { group: t('badges.scope.event'), items: templates.filter((template) => template.eventId === eventId).map((template) => ({ value: template.id, label: template.name })) },
            { group: t('badges.scope.organization'), items: templates.filter((template) => template.eventId === null).map((template) => ({ value: template.id, label: template.name })) },
          ]}
          value={eventDefault?.id ?? null}
          clearable
          disabled={!canEdit || isBusy}
          onChange={(value) => void choose(value)}
        />
        <Text size="sm" c="dimmed">
          {t('badges.event.resolution')}
        </Text>
        {eventDefault && (
          <Anchor component={Link} to={`/badges/${eventDefault.id}`} size="sm">
            {t('badges.event.editDefault')}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

function PrintAllCard({ eventId, hasTemplate }: { eventId: string; hasTemplate: boolean }) {
  const { t } = useI18n();
  const [layout, setLayout] = useState<SheetLayout>('single');
  const bulk = useBulkPrint(eventId);
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('badges.event.printTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('badges.event.printHint')}
        </Text>
        <Select
          label={t('badges.event.sheet')}
          allowDeselect={false}
          data={(['single', 'a4', 'letter'] as const).map((value) => ({ value, label: t(`badges.sheet.${value}` as TranslationKey) }))}
          value={layout}
          onChange={(value) => value && setLayout(value as SheetLayout)}
        />
        <Group>
          <Button leftSection={<IconPrinter size={16} />} loading={bulk.isRunning} onClick={() => void bulk.run({ layout })}>
            {t('badges.event.printAll')}
          </Button>
        </Group>
        {!hasTemplate && (
          <Text size="xs" c="dimmed">
            {t('badges.event.printNeedsTemplate')}
          </Text>
        )}
        <div aria-live="polite">{bulk.progress && <BulkProgress progress={bulk.progress} />}</div>
      </Stack>
    </Card>
  );
}

function RulesCard({ eventId, templates, canEdit }: { eventId: string; templates: BadgeTemplate[]; canEdit: boolean }) {
  const { t } = useI18n();
  const types = useEventAttendeeTypes(eventId);
  const rules = useBadgeRules(eventId);
  const put = usePutBadgeRules(eventId);
  const fail = useFail();
  const [draft, setDraft] = useState<Record<string, { templateId: string | null; priority: number }>>({});

  useEffect(() => {
    if (!rules.data) return;
    const next: Record<string, { templateId: string | null; priority: number }> = {};
    for (const rule of rules.data.rules) if (!next[rule.eventAttendeeTypeId]) next[rule.eventAttendeeTypeId] = { templateId: rule.templateId, priority: rule.priority };
    setDraft(next);
  }, [rules.data]);

  const offered = (types.data ?? []).filter((type) => type.enabled);
  const templateOptions = templates.map((template) => ({ value: template.id, label: template.eventId ? template.name : `${template.name} (${t('badges.scope.organization')})` }));

  async function save() {
    try {
      await put.mutateAsync(
        Object.entries(draft)
          .filter(([, rule]) => rule.templateId)
          .map(([eventAttendeeTypeId, rule]) => ({ eventAttendeeTypeId, templateId: rule.templateId!, priority: rule.priority })),
      );
      notifications.show({ color: 'green', message: t('badges.rules.saved') });
    } catch (cause) {
      fail(cause);
    }
  }

  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('badges.rules.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('badges.rules.hint')}
        </Text>
        {(types.error && !types.data) || (rules.error && !rules.data) ? (
          <QueryError error={types.error ?? rules.error} onRetry={() => void Promise.all([types.refetch(), rules.refetch()])} />
        ) : !types.data || !rules.data ? (
          <SectionLoader />
        ) : offered.length === 0 ? (
          <Text size="sm">{t('badges.rules.noTypes')}</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('badges.rules.type')}</Table.Th>
                    <Table.Th>{t('badges.rules.template')}</Table.Th>
                    <Table.Th w={120}>{t('badges.rules.priority')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {offered.map((type) => {
                    const rule = draft[type.id] ?? { templateId: null, priority: 0 };
                    return (
                      <Table.Tr key={type.id}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <span aria-hidden style={{ width: 12, height: 12, borderRadius: 3, background: type.color, display: 'inline-block' }} />
                            {type.name}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Select
                            aria-label={t('badges.rules.templateFor', { type: type.name })}
                            placeholder={t('badges.rules.useDefault')}
                            data={templateOptions}
                            value={rule.templateId}
                            clearable
                            size="xs"
                            disabled={!canEdit}
                            onChange={(value) => setDraft((current) => ({ ...current, [type.id]: { ...rule, templateId: value } }))}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NumberInput
                            aria-label={t('badges.rules.priorityFor', { type: type.name })}
                            size="xs"
                            min={-1000}
                            max={1000}
                            value={rule.priority}
                            disabled={!canEdit || !rule.templateId}
                            onChange={(value) => typeof value === 'number' && setDraft((current) => ({ ...current, [type.id]: { ...rule, priority: value } }))}
                          />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {canEdit && (
              <Group>
                <Button onClick={() => void save()} loading={put.isPending}>
                  {t('badges.rules.save')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

function PrintHistory({ eventId, canPrint }: { eventId: string; canPrint: boolean }) {
  const { t, formatDateTime } = useI18n();
  const [page, setPage] = useState(1);
  const prints = useBadgePrints(eventId, page);
  const bulk = useBulkPrint(eventId);
  const kindLabel = (print: BadgePrint) => (print.kind === 'single' ? (print.attendeeName ?? '—') : t(`badges.history.kind.${print.kind}` as TranslationKey));
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('badges.history.title')}
        </Title>
        {prints.error && !prints.data ? (
          <QueryError error={prints.error} onRetry={() => prints.refetch()} />
        ) : !prints.data ? (
          <SectionLoader />
        ) : (
          <>
            <Text size="sm" data-testid="badge-print-stats">
              {t('badges.history.stats', { badges: prints.data.badgesPrinted, people: prints.data.registrationsPrinted, reprinted: prints.data.reprinted })}
            </Text>
            {bulk.progress && <BulkProgress progress={bulk.progress} />}
            {prints.data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('badges.history.empty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('badges.history.when')}</Table.Th>
                      <Table.Th>{t('badges.history.what')}</Table.Th>
                      <Table.Th>{t('badges.history.count')}</Table.Th>
                      <Table.Th>{t('badges.history.by')}</Table.Th>
                      {canPrint && <Table.Th>{t('common.actions')}</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {prints.data.items.map((print) => (
                      <Table.Tr key={print.id}>
                        <Table.Td>{formatDateTime(print.createdAt)}</Table.Td>
                        <Table.Td>{kindLabel(print)}</Table.Td>
                        <Table.Td>{print.badgeCount}</Table.Td>
                        <Table.Td>{print.printedByName ?? '—'}</Table.Td>
                        {canPrint && (
                          <Table.Td>
                            {print.registrationId ? (
                              <PrintBadgeButton eventId={eventId} registrationId={print.registrationId} variant="subtle" aria-label={t('badges.history.reprintFor', { name: print.attendeeName ?? '' })} />
                            ) : print.kind === 'event' ? (
                              <Button size="xs" variant="subtle" leftSection={<IconRefresh size={14} />} loading={bulk.isRunning} onClick={() => void bulk.run({})}>
                                {t('badges.history.reprintAll')}
                              </Button>
                            ) : null}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {prints.data.total > prints.data.pageSize && (
              <Pagination total={Math.ceil(prints.data.total / prints.data.pageSize)} value={page} onChange={setPage} size="sm" getControlProps={(control) => ({ 'aria-label': control === 'next' ? t('common.nextPage') : t('common.previousPage') })} />
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
