import { ActionIcon, Alert, Button, ColorInput, FileButton, Group, Menu, NumberInput, SegmentedControl, Select, Stack, Switch, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconCopy, IconTrash, IconUpload, IconVariable } from '@tabler/icons-react';
import { describeError } from '@/lib/api/error-message';
import { ApiError } from '@/lib/api';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { useUploadBadgeImage, MAX_IMAGE_BYTES } from '../api/upload-badge-image';
import { boundVariable, FONT_WEIGHTS, type BadgeElement, type Colour } from '../hooks/badge-layout';

export interface VariableOption {
  value: string;
  label: string;
}

interface ElementPropertiesProps {
  element: BadgeElement;
  variables: VariableOption[];
  errors: string[];
  canRaise: boolean;
  canLower: boolean;
  onChange: (patch: Partial<BadgeElement>, group: string) => void;
  onRaise: () => void;
  onLower: () => void;
  onDuplicate: () => void;
  onRemove: () => void;
}

const mmInput = { decimalScale: 2, step: 0.5, min: 0, suffix: ' mm', size: 'xs' } as const;

/** The selected element's settings: position and size in mm, then what its type offers. */
export function ElementProperties({ element, variables, errors, canRaise, canLower, onChange, onRaise, onLower, onDuplicate, onRemove }: ElementPropertiesProps) {
  const { t } = useI18n();
  const set = (field: string, patch: Partial<BadgeElement>) => onChange(patch, `prop-${element.id}-${field}`);
  const num = (field: 'x' | 'y' | 'width' | 'height') => (value: string | number) => {
    if (typeof value === 'number' && Number.isFinite(value)) set(field, { [field]: value });
  };

  return (
    <Stack gap="sm" data-testid="element-properties">
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="h5">
          {t(`badges.element.${element.type}` as TranslationKey)}
        </Title>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t('badges.element.raise')}>
            <ActionIcon variant="default" aria-label={t('badges.element.raise')} disabled={!canRaise} onClick={onRaise}>
              <IconArrowUp size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('badges.element.lower')}>
            <ActionIcon variant="default" aria-label={t('badges.element.lower')} disabled={!canLower} onClick={onLower}>
              <IconArrowDown size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('badges.element.duplicate')}>
            <ActionIcon variant="default" aria-label={t('badges.element.duplicate')} onClick={onDuplicate}>
              <IconCopy size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('badges.element.remove')}>
            <ActionIcon variant="light" color="red" aria-label={t('badges.element.remove')} onClick={onRemove}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {errors.length > 0 && (
        <Alert color="red" role="alert" p="xs" data-testid="element-errors">
          <Stack gap={2}>
            {errors.map((error) => (
              <Text key={error} size="sm">
                {error}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Group grow gap="xs">
        <NumberInput label={t('badges.prop.x')} value={element.x} onChange={num('x')} {...mmInput} />
        <NumberInput label={t('badges.prop.y')} value={element.y} onChange={num('y')} {...mmInput} />
      </Group>
      <Group grow gap="xs">
        <NumberInput label={t('badges.prop.width')} value={element.width} onChange={num('width')} {...mmInput} min={0.5} />
        <NumberInput label={t('badges.prop.height')} value={element.height} onChange={num('height')} {...mmInput} min={0.5} />
      </Group>
      {element.type === 'text' && (
        <>
          <Select
            label={t('badges.prop.variable')}
            description={t('badges.prop.variableHint')}
            placeholder={t('badges.prop.staticText')}
            data={variables}
            value={boundVariable(element.content)}
            clearable
            searchable
            size="xs"
            onChange={(value) => set('content', { content: value ? `{{${value}}}` : '' })}
          />
          <Textarea
            label={t('badges.prop.content')}
            value={element.content}
            autosize
            minRows={2}
            maxRows={6}
            size="xs"
            onChange={(event) => set('content', { content: event.currentTarget.value })}
            rightSection={
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" aria-label={t('badges.prop.insertVariable')}>
                    <IconVariable size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown mah={300} style={{ overflowY: 'auto' }}>
                  {variables.map((variable) => (
                    <Menu.Item key={variable.value} onClick={() => onChange({ content: `${element.content}${element.content && !element.content.endsWith(' ') ? ' ' : ''}{{${variable.value}}}` }, `insert-${Date.now()}`)}>
                      {variable.label}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            }
          />
          <Group grow gap="xs">
            <NumberInput label={t('badges.prop.fontSize')} value={element.fontSize} min={4} max={200} step={1} decimalScale={1} suffix=" pt" size="xs" onChange={(value) => typeof value === 'number' && set('fontSize', { fontSize: value, minFontSize: Math.min(element.minFontSize, value) })} />
            <Select
              label={t('badges.prop.fontWeight')}
              size="xs"
              data={FONT_WEIGHTS.map((weight) => ({ value: String(weight), label: t(`badges.weight.${weight}` as TranslationKey) }))}
              value={String(element.fontWeight)}
              allowDeselect={false}
              onChange={(value) => value && set('fontWeight', { fontWeight: Number(value) as (typeof FONT_WEIGHTS)[number] })}
            />
          </Group>
          <ColourField label={t('badges.prop.color')} value={element.color} allowType onChange={(color) => set('color', { color })} />
          <div>
            <Text size="xs" fw={500} mb={4} id={`align-${element.id}`}>
              {t('badges.prop.align')}
            </Text>
            <SegmentedControl
              size="xs"
              fullWidth
              aria-labelledby={`align-${element.id}`}
              data={(['left', 'center', 'right'] as const).map((value) => ({ value, label: t(`badges.align.${value}` as TranslationKey) }))}
              value={element.align}
              onChange={(value) => set('align', { align: value as 'left' | 'center' | 'right' })}
            />
          </div>
          <div>
            <Text size="xs" fw={500} mb={4} id={`valign-${element.id}`}>
              {t('badges.prop.verticalAlign')}
            </Text>
            <SegmentedControl
              size="xs"
              fullWidth
              aria-labelledby={`valign-${element.id}`}
              data={(['top', 'middle', 'bottom'] as const).map((value) => ({ value, label: t(`badges.valign.${value}` as TranslationKey) }))}
              value={element.verticalAlign}
              onChange={(value) => set('verticalAlign', { verticalAlign: value as 'top' | 'middle' | 'bottom' })}
            />
          </div>
          <Select
            label={t('badges.prop.fit')}
            size="xs"
            data={(['shrinkWrap', 'shrink', 'wrap'] as const).map((value) => ({ value, label: t(`badges.fit.${value}` as TranslationKey) }))}
            value={element.fit}
            allowDeselect={false}
            onChange={(value) => value && set('fit', { fit: value as 'shrink' | 'wrap' | 'shrinkWrap' })}
          />
          <Group grow gap="xs">
            <NumberInput label={t('badges.prop.minFontSize')} value={element.minFontSize} min={4} max={element.fontSize} step={1} suffix=" pt" size="xs" onChange={(value) => typeof value === 'number' && set('minFontSize', { minFontSize: value })} />
            <NumberInput label={t('badges.prop.maxLines')} value={element.maxLines} min={1} max={20} step={1} size="xs" disabled={element.fit === 'shrink'} onChange={(value) => typeof value === 'number' && set('maxLines', { maxLines: value })} />
          </Group>
          <Switch label={t('badges.prop.uppercase')} checked={element.uppercase} onChange={(event) => set('uppercase', { uppercase: event.currentTarget.checked })} />
        </>
      )}
      {element.type === 'image' && (
        <>
          <ImageUpload label={t('badges.prop.image')} value={element.src} onUploaded={(src) => onChange({ src }, `upload-${Date.now()}`)} />
          <Select
            label={t('badges.prop.imageFit')}
            size="xs"
            data={(['contain', 'cover'] as const).map((value) => ({ value, label: t(`badges.imageFit.${value}` as TranslationKey) }))}
            value={element.fit}
            allowDeselect={false}
            onChange={(value) => value && set('fit', { fit: value as 'contain' | 'cover' })}
          />
        </>
      )}
      {element.type === 'qr' && (
        <>
          <Text size="xs" c="dimmed">
            {t('badges.prop.qrHint')}
          </Text>
          <ColourField label={t('badges.prop.color')} value={element.color} onChange={(color) => set('color', { color })} />
          <ColourField label={t('badges.prop.background')} value={element.background} onChange={(background) => set('background', { background })} />
          <Select
            label={t('badges.prop.errorCorrection')}
            size="xs"
            data={(['L', 'M', 'Q', 'H'] as const).map((value) => ({ value, label: t(`badges.ecc.${value}` as TranslationKey) }))}
            value={element.errorCorrection}
            allowDeselect={false}
            onChange={(value) => value && set('errorCorrection', { errorCorrection: value as 'L' | 'M' | 'Q' | 'H' })}
          />
        </>
      )}
      {element.type === 'rect' && (
        <>
          <ColourField label={t('badges.prop.fill')} value={element.fill} allowType onChange={(fill) => set('fill', { fill })} />
          <NumberInput label={t('badges.prop.radius')} value={element.radius} min={0} max={100} step={0.5} decimalScale={2} suffix=" mm" size="xs" onChange={(value) => typeof value === 'number' && set('radius', { radius: value })} />
        </>
      )}
    </Stack>
  );
}

/** A fixed colour, or (for text and bands) the colour of the attendee's type. */
export function ColourField({ label, value, allowType, onChange }: { label: string; value: Colour; allowType?: boolean; onChange: (value: Colour) => void }) {
  const { t } = useI18n();
  const mode = value === 'attendeeType' || value === 'attendeeTypeText' ? value : 'fixed';
  return (
    <Stack gap={4}>
      {allowType && (
        <Select
          label={label}
          size="xs"
          allowDeselect={false}
          data={[
            { value: 'fixed', label: t('badges.colour.fixed') },
            { value: 'attendeeType', label: t('badges.colour.attendeeType') },
            { value: 'attendeeTypeText', label: t('badges.colour.attendeeTypeText') },
          ]}
          value={mode}
          onChange={(next) => next && onChange(next === 'fixed' ? '#111111' : next)}
        />
      )}
      {mode === 'fixed' && (
        <ColorInput
          label={allowType ? undefined : label}
          aria-label={label}
          size="xs"
          format="hex"
          value={value}
          onChange={(next) => /^#[0-9A-Fa-f]{6}$/.test(next) && onChange(next.toUpperCase())}
        />
      )}
    </Stack>
  );
}

/** PNG/JPEG up to 700 KB, stored by the API for the organisation. */
export function ImageUpload({ label, value, onUploaded }: { label: string; value: string | undefined; onUploaded: (key: string) => void }) {
  const { t } = useI18n();
  const upload = useUploadBadgeImage();
  async function onFile(file: File | null) {
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) {
      notifications.show({ color: 'red', message: t('badges.image.tooBig') });
      return;
    }
    try {
      const result = await upload.mutateAsync(file);
      onUploaded(result.key);
      notifications.show({ color: 'green', message: t('badges.image.uploaded') });
    } catch (cause) {
      if (!(cause instanceof ApiError && cause.isAlreadyReported)) {
        notifications.show({ color: 'red', message: cause instanceof ApiError && cause.fieldErrors[0] ? cause.fieldErrors[0].message : describeError(cause, t) });
      }
    }
  }
  return (
    <Stack gap={4}>
      <Text size="xs" fw={500}>
        {label}
      </Text>
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        {value ? value.split('/').pop() : t('badges.image.none')}
      </Text>
      <FileButton onChange={onFile} accept="image/png,image/jpeg">
        {(props) => (
          <Button {...props} size="xs" variant="default" leftSection={<IconUpload size={14} />} loading={upload.isPending}>
            {t('badges.image.upload')}
          </Button>
        )}
      </FileButton>
    </Stack>
  );
}
