import { Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n } from '@/lib/i18n/i18n';
import { useCreateBadgeTemplate } from '../api/create-badge-template';
import type { BadgeTemplate } from '../api/get-badge-templates';
import { emptyLayout, PAGE_SIZE_NAMES, type Orientation, type PageSizeName } from '../hooks/badge-layout';
import { pageSizeLabel } from './page-settings';

interface CreateTemplateModalProps {
  opened: boolean;
  events: Array<{ id: string; name: string }>;
  defaultEventId: string | null;
  onClose: () => void;
  onCreated: (template: BadgeTemplate) => void;
}

/** Name, size preset (or custom mm) and scope: the designer opens on the new, empty template. */
export function CreateTemplateModal({ opened, events, defaultEventId, onClose, onCreated }: CreateTemplateModalProps) {
  const { t } = useI18n();
  const create = useCreateBadgeTemplate();
  const [name, setName] = useState('');
  const [size, setSize] = useState<PageSizeName>('A6');
  const [orientation, setOrientation] = useState<Orientation>('portrait');
  const [width, setWidth] = useState<number>(90);
  const [height, setHeight] = useState<number>(60);
  const [eventId, setEventId] = useState<string | null>(defaultEventId);
  const [nameError, setNameError] = useState<string | null>(null);

  async function submit() {
    if (!name.trim()) {
      setNameError(t('badges.create.nameRequired'));
      return;
    }
    const page = size === 'custom' ? { size, orientation, widthMm: width, heightMm: height } : { size, orientation };
    try {
      const template = await create.mutateAsync({ name: name.trim(), layout: emptyLayout(page) as unknown as Record<string, unknown>, ...(eventId ? { eventId } : {}) });
      setName('');
      onCreated(template);
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) notifications.show({ color: 'red', message: describeError(cause, t) });
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('badges.create.title')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('badges.create.name')}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameError(null);
            }}
            error={nameError}
            required
            maxLength={120}
            data-autofocus
          />
          <Select
            label={t('badges.page.size')}
            allowDeselect={false}
            data={PAGE_SIZE_NAMES.map((value) => ({ value, label: pageSizeLabel(t, value) }))}
            value={size}
            onChange={(value) => value && setSize(value as PageSizeName)}
          />
          {size === 'custom' ? (
            <Group grow>
              <NumberInput label={t('badges.prop.width')} min={10} max={2000} decimalScale={2} suffix=" mm" value={width} onChange={(value) => typeof value === 'number' && setWidth(value)} />
              <NumberInput label={t('badges.prop.height')} min={10} max={2000} decimalScale={2} suffix=" mm" value={height} onChange={(value) => typeof value === 'number' && setHeight(value)} />
            </Group>
          ) : (
            <div>
              <Text size="sm" fw={500} mb={4} id="create-orientation">
                {t('badges.page.orientation')}
              </Text>
              <SegmentedControl
                fullWidth
                aria-labelledby="create-orientation"
                data={[
                  { value: 'portrait', label: t('badges.page.portrait') },
                  { value: 'landscape', label: t('badges.page.landscape') },
                ]}
                value={orientation}
                onChange={(value) => setOrientation(value as Orientation)}
              />
            </div>
          )}
          <Select
            label={t('badges.create.scope')}
            description={t('badges.create.scopeHint')}
            placeholder={t('badges.scope.organization')}
            clearable
            searchable
            data={events.map((event) => ({ value: event.id, label: event.name }))}
            value={eventId}
            onChange={setEventId}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('badges.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
