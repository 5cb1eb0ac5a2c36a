import { ActionIcon, Alert, Anchor, Badge, Box, Button, Card, Grid, Group, Loader, Menu, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowForwardUp, IconArrowLeft, IconDeviceFloppy, IconPhoto, IconPlus, IconQrcode, IconSquare, IconTypography } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useReducer, useState, type KeyboardEvent } from 'react';
import { Link, useBlocker } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { describeError } from '@/lib/api/error-message';
import { ApiError, type ApiFieldError } from '@/lib/api/errors';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useEventAttendeeTypes } from '../api/get-event-attendee-types';
import { useEventFormFields } from '../api/get-event-form-fields';
import type { BadgeTemplate } from '../api/get-badge-templates';
import { SAMPLE_NAMES, type SampleName } from '../api/preview-badge-layout';
import { useUpdateBadgeTemplate } from '../api/update-badge-template';
import {
  BADGE_VARIABLES,
  createElement,
  elementIndexOfField,
  MAX_ELEMENTS,
  newElementId,
  normalizeLayout,
  pageSizeMm,
  type BadgeElement,
  type BadgeLayout,
  type BadgePage,
  type ElementType,
} from '../hooks/badge-layout';
import { fitOnPage, fitZoom, type Rect } from '../hooks/geometry';
import { canRedo, canUndo, historyReducer, initialHistory } from '../hooks/history';
import { SAMPLE_ATTENDEES } from '../hooks/samples';
import { useServerPreview } from '../hooks/use-server-preview';
import { DesignerCanvas, type TypeColour } from './designer-canvas';
import { ElementProperties, type VariableOption } from './element-properties';
import { LayersList } from './layers-list';
import { PageSettings } from './page-settings';

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3];
const ADDABLE: Array<{ type: ElementType; icon: typeof IconTypography }> = [
  { type: 'text', icon: IconTypography },
  { type: 'qr', icon: IconQrcode },
  { type: 'rect', icon: IconSquare },
  { type: 'image', icon: IconPhoto },
];
const SAMPLE_TYPE = 'sample';
const NO_TYPE = 'none';

const isEditableTarget = (target: EventTarget) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

function localLabel(label: Record<string, string> | string, locale: string): string {
  return typeof label === 'string' ? label : (label[locale] ?? label.fr ?? Object.values(label)[0] ?? '');
}

/** The visual editor of one template: canvas, layers, properties, the server's preview, undo/redo and save. */
export function BadgeDesigner({ template }: { template: BadgeTemplate }) {
  const { t, locale } = useI18n();
  const [history, dispatch] = useReducer(historyReducer<BadgeLayout>, template.layout, (layout) => initialHistory(normalizeLayout(layout)));
  const layout = history.present;
  const [saved, setSaved] = useState(() => ({ layout: JSON.stringify(normalizeLayout(template.layout)), name: template.name }));
  const [name, setName] = useState(template.name);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ id: string; at: number } | null>(null);
  const [zoom, setZoom] = useState(() => fitZoom(pageSizeMm(normalizeLayout(template.layout).page), { width: 520, height: 560 }));
  const [grid, setGrid] = useState('1');
  const [sample, setSample] = useState<SampleName>('default');
  const [previewType, setPreviewType] = useState(SAMPLE_TYPE);
  const [showOverlay, setShowOverlay] = useState(false);
  const [saveErrors, setSaveErrors] = useState<ApiFieldError[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const update = useUpdateBadgeTemplate();
  const types = useEventAttendeeTypes(template.eventId);
  const formFields = useEventFormFields(template.eventId);

  const page = pageSizeMm(layout.page);
  const layoutJson = useMemo(() => JSON.stringify(layout), [layout]);
  const isDirty = layoutJson !== saved.layout || name.trim() !== saved.name;
  const preview = useServerPreview(layout, sample, template.eventId);
  const selected = layout.elements.find((element) => element.id === selectedId) ?? null;

  // Server errors name elements by index: map them to ids (after a save, or from the live preview).
  const fieldErrors = saveErrors.length ? saveErrors : preview.fieldErrors;
  const { errorsById, pageErrors } = useMemo(() => {
    const byId = new Map<string, string[]>();
    const rest: string[] = [];
    for (const error of fieldErrors) {
      const index = elementIndexOfField(error.field);
      const element = index === null ? undefined : layout.elements[index];
      if (element) byId.set(element.id, [...(byId.get(element.id) ?? []), error.message]);
      else rest.push(`${error.field.replace(/^layout\./, '')}: ${error.message}`);
    }
    return { errorsById: byId, pageErrors: rest };
  }, [fieldErrors, layout.elements]);
  const invalidIds = useMemo(() => new Set(errorsById.keys()), [errorsById]);

  const variables: VariableOption[] = useMemo(() => {
    const standard = BADGE_VARIABLES.map((variable) => ({ value: variable, label: t(`badges.variable.${variable}` as TranslationKey) }));
    const standardFields = new Set(['firstName', 'lastName', 'email', 'phone', 'company', 'jobTitle', 'country']);
    const answers = (formFields.data ?? [])
      .filter((field) => !standardFields.has(field.id) && /^[A-Za-z0-9_-]{1,64}$/.test(field.id))
      .map((field) => ({ value: `answers.${field.id}`, label: t('badges.variable.answer', { label: localLabel(field.label, locale) || field.id }) }));
    return [...standard, ...answers];
  }, [formFields.data, locale, t]);

  const typeColour: TypeColour | null = useMemo(() => {
    if (previewType === NO_TYPE) return null;
    if (previewType === SAMPLE_TYPE) return SAMPLE_ATTENDEES[sample].attendeeType;
    const type = types.data?.find((candidate) => candidate.id === previewType);
    return type ? { color: type.color, textColor: type.textColor } : null;
  }, [previewType, sample, types.data]);

  const setLayout = useCallback((next: BadgeLayout, group?: string) => {
    setSaveErrors([]);
    dispatch({ type: 'set', value: next, group });
  }, []);

  const updateElement = useCallback(
    (id: string, patch: Partial<BadgeElement>, group?: string) =>
      setLayout({ ...layout, elements: layout.elements.map((element) => (element.id === id ? ({ ...element, ...patch } as BadgeElement) : element)) }, group),
    [layout, setLayout],
  );

  const select = (id: string | null, focus = false) => {
    if (id !== selectedId) dispatch({ type: 'seal' });
    setSelectedId(id);
    if (focus && id) setFocusRequest({ id, at: Date.now() });
  };

  function addElement(type: ElementType) {
    if (layout.elements.length >= MAX_ELEMENTS) return;
    const id = newElementId(layout.elements.map((element) => element.id));
    const element = createElement(type, page, id);
    if (element.type === 'text') element.content = '{{fullName}}';
    setLayout({ ...layout, elements: [...layout.elements, element] });
    select(id, true);
    setAnnouncement(t('badges.designer.added', { element: t(`badges.element.${type}` as TranslationKey) }));
  }

  function removeElement(id: string) {
    const index = layout.elements.findIndex((element) => element.id === id);
    const remaining = layout.elements.filter((element) => element.id !== id);
    setLayout({ ...layout, elements: remaining });
    const next = remaining[Math.min(index, remaining.length - 1)];
    select(next?.id ?? null, Boolean(next));
    setAnnouncement(t('badges.designer.removed'));
  }

  function duplicateElement(id: string) {
    const source = layout.elements.find((element) => element.id === id);
    if (!source || layout.elements.length >= MAX_ELEMENTS) return;
    const copyId = newElementId(layout.elements.map((element) => element.id));
    const moved = fitOnPage({ x: source.x + 2, y: source.y + 2, width: source.width, height: source.height }, page);
    setLayout({ ...layout, elements: [...layout.elements, { ...source, ...moved, id: copyId }] });
    select(copyId, true);
  }

  function reorder(id: string, delta: 1 | -1) {
    const index = layout.elements.findIndex((element) => element.id === id);
    const target = index + delta;
    if (index < 0 || target < 0 || target >= layout.elements.length) return;
    const elements = [...layout.elements];
    [elements[index], elements[target]] = [elements[target]!, elements[index]!];
    setLayout({ ...layout, elements });
  }

  function changePage(next: BadgePage) {
    const size = pageSizeMm(next);
    // Elements follow the page: a smaller page pulls them back onto it.
    setLayout({ ...layout, page: next, elements: layout.elements.map((element) => ({ ...element, ...fitOnPage(element, size) })) }, next.size === 'custom' ? 'page-custom' : undefined);
  }

  const undo = () => {
    dispatch({ type: 'undo' });
    setAnnouncement(t('badges.designer.undone'));
  };
  const redo = () => {
    dispatch({ type: 'redo' });
    setAnnouncement(t('badges.designer.redone'));
  };

  async function save() {
    const trimmed = name.trim();
    if (!trimmed) {
      notifications.show({ color: 'red', message: t('badges.designer.nameRequired') });
      return;
    }
    try {
      const result = await update.mutateAsync({ id: template.id, body: { name: trimmed, layout: layout as unknown as Record<string, unknown> } });
      // What was sent is what the server kept (it answers the same layout, keys in its own order).
      setSaved({ layout: layoutJson, name: result.name });
      setSaveErrors([]);
      dispatch({ type: 'seal' });
      notifications.show({ color: 'green', message: t('badges.designer.saved') });
    } catch (cause) {
      if (cause instanceof ApiError && cause.statusCode === 400 && cause.fieldErrors.length) {
        setSaveErrors(cause.fieldErrors);
        const first = cause.fieldErrors.map((error) => elementIndexOfField(error.field)).find((index) => index !== null);
        const element = first === undefined || first === null ? undefined : layout.elements[first];
        if (element) select(element.id, true);
        notifications.show({ color: 'red', message: t('badges.designer.invalid', { count: cause.fieldErrors.length }) });
      } else if (!(cause instanceof ApiError && cause.isAlreadyReported)) {
        notifications.show({ color: 'red', message: describeError(cause, t) });
      }
    }
  }

  async function toggleDefault(isDefault: boolean) {
    try {
      await update.mutateAsync({ id: template.id, body: { isDefault } });
      notifications.show({ color: 'green', message: isDefault ? t('badges.list.defaultSet') : t('badges.list.defaultUnset') });
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const mod = event.ctrlKey || event.metaKey;
    if (!mod) return;
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      void save();
      return;
    }
    if (isEditableTarget(event.target)) return; // fields keep their own undo
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      undo();
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      redo();
    }
  }

  // Leaving with unsaved changes: ask inside the app, and let the browser ask on reload/close.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!isDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [isDirty]);

  const eventSample = { name: t('badges.sample.eventName'), date: t('badges.sample.eventDate') };
  const gridStep = Number(grid);

  return (
    <Stack gap="md" onKeyDown={onKeyDown}>
      <Anchor component={Link} to="/badges" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('badges.designer.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput label={t('badges.designer.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} maxLength={120} w={{ base: '100%', sm: 300 }} />
          <Switch
            label={template.eventId ? t('badges.designer.isEventDefault') : t('badges.designer.isOrgDefault')}
            checked={template.isDefault}
            disabled={update.isPending}
            onChange={(event) => void toggleDefault(event.currentTarget.checked)}
            mb={8}
          />
        </Group>
        <Group gap="xs">
          {isDirty && (
            <Badge color="yellow" variant="light" data-testid="dirty-badge">
              {t('badges.designer.unsaved')}
            </Badge>
          )}
          <Tooltip label={t('badges.designer.undo')}>
            <ActionIcon variant="default" size="lg" aria-label={t('badges.designer.undo')} disabled={!canUndo(history)} onClick={undo}>
              <IconArrowBackUp size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('badges.designer.redo')}>
            <ActionIcon variant="default" size="lg" aria-label={t('badges.designer.redo')} disabled={!canRedo(history)} onClick={redo}>
              <IconArrowForwardUp size={18} />
            </ActionIcon>
          </Tooltip>
          <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()} loading={update.isPending} disabled={!isDirty}>
            {t('badges.designer.save')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" aria-live="polite" className="visually-hidden" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        {announcement}
      </Text>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }} order={{ base: 2, md: 1 }}>
          <Stack gap="md">
            <Card withBorder padding="sm">
              <Menu position="bottom-start">
                <Menu.Target>
                  <Button leftSection={<IconPlus size={16} />} fullWidth disabled={layout.elements.length >= MAX_ELEMENTS}>
                    {t('badges.designer.addElement')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {ADDABLE.map(({ type, icon: Icon }) => (
                    <Menu.Item key={type} leftSection={<Icon size={16} />} onClick={() => addElement(type)}>
                      {t(`badges.element.${type}` as TranslationKey)}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
              <Box mt="sm">
                <LayersList elements={layout.elements} selectedId={selectedId} invalidIds={invalidIds} onPick={(id) => select(id, true)} />
              </Box>
            </Card>
            <Card withBorder padding="sm">
              <PageSettings layout={layout} errors={pageErrors} onPageChange={changePage} onBackgroundChange={(background, group) => setLayout({ ...layout, background }, group)} />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }} order={{ base: 1, md: 2 }}>
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap">
              <Select
                label={t('badges.designer.zoom')}
                size="xs"
                w={100}
                allowDeselect={false}
                data={[...new Set([...ZOOMS, zoom])].sort((a, b) => a - b).map((value) => ({ value: String(value), label: `${Math.round(value * 100)} %` }))}
                value={String(zoom)}
                onChange={(value) => value && setZoom(Number(value))}
              />
              <Select
                label={t('badges.designer.grid')}
                size="xs"
                w={130}
                allowDeselect={false}
                data={[
                  { value: '0', label: t('badges.designer.gridOff') },
                  { value: '1', label: '1 mm' },
                  { value: '5', label: '5 mm' },
                ]}
                value={grid}
                onChange={(value) => value && setGrid(value)}
              />
              <Select
                label={t('badges.designer.sample')}
                size="xs"
                w={190}
                allowDeselect={false}
                data={SAMPLE_NAMES.map((value) => ({ value, label: t(`badges.sample.${value}` as TranslationKey) }))}
                value={sample}
                onChange={(value) => value && setSample(value as SampleName)}
              />
              <Select
                label={t('badges.designer.typeColour')}
                size="xs"
                w={170}
                allowDeselect={false}
                data={[
                  { value: SAMPLE_TYPE, label: t('badges.designer.typeSample') },
                  { value: NO_TYPE, label: t('badges.designer.typeNone') },
                  ...(types.data ?? []).filter((type) => type.enabled).map((type) => ({ value: type.id, label: type.name })),
                ]}
                value={previewType}
                onChange={(value) => value && setPreviewType(value)}
              />
            </Group>
            <DesignerCanvas
              layout={layout}
              page={page}
              zoom={zoom}
              grid={gridStep}
              selectedId={selectedId}
              focusRequest={focusRequest}
              invalidIds={invalidIds}
              sample={SAMPLE_ATTENDEES[sample]}
              event={eventSample}
              typeColour={typeColour}
              overlayUrl={showOverlay ? preview.url : null}
              onSelect={(id) => select(id)}
              onChangeBox={(id, box: Rect, group) => updateElement(id, box, group)}
              onRemove={removeElement}
            />
            <Text size="xs" c="dimmed">
              {t('badges.designer.keyboardHint', { width: page.width, height: page.height })}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }} order={3}>
          <Stack gap="md">
            <Card withBorder padding="sm">
              {selected ? (
                <ElementProperties
                  key={selected.id}
                  element={selected}
                  variables={variables}
                  errors={errorsById.get(selected.id) ?? []}
                  canRaise={layout.elements.indexOf(selected) < layout.elements.length - 1}
                  canLower={layout.elements.indexOf(selected) > 0}
                  onChange={(patch, group) => updateElement(selected.id, patch, group)}
                  onRaise={() => reorder(selected.id, 1)}
                  onLower={() => reorder(selected.id, -1)}
                  onDuplicate={() => duplicateElement(selected.id)}
                  onRemove={() => removeElement(selected.id)}
                />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('badges.designer.noSelection')}
                </Text>
              )}
            </Card>
            <Card withBorder padding="sm" data-testid="server-preview">
              <Group justify="space-between" mb="xs">
                <Text fw={600} size="sm">
                  {t('badges.preview.title')}
                </Text>
                {(preview.isLoading || preview.isStale) && !preview.failure && <Loader size="xs" aria-label={t('badges.preview.loading')} />}
              </Group>
              <div aria-live="polite">
                {preview.failure ? (
                  <Alert color={preview.failure.statusCode === 400 ? 'orange' : 'red'} p="xs">
                    <Text size="sm">{preview.failure.statusCode === 400 ? t('badges.preview.invalid') : describeError(preview.failure, t)}</Text>
                  </Alert>
                ) : null}
              </div>
              {preview.url && (
                <img
                  src={preview.url}
                  alt={t('badges.preview.alt', { sample: t(`badges.sample.${sample}` as TranslationKey) })}
                  data-testid="server-preview-image"
                  style={{ width: '100%', border: '1px solid var(--mantine-color-gray-3)', opacity: preview.isStale || preview.failure ? 0.5 : 1 }}
                />
              )}
              <Switch mt="xs" size="xs" label={t('badges.preview.overlay')} checked={showOverlay} onChange={(event) => setShowOverlay(event.currentTarget.checked)} />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={blocker.state === 'blocked'}
        title={t('badges.designer.leaveTitle')}
        message={t('badges.designer.leaveMessage')}
        confirmLabel={t('badges.designer.leave')}
        isDanger
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
      />
    </Stack>
  );
}

