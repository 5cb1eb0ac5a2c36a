import { Alert, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useI18n, type TranslationKey } from '@/lib/i18n/i18n';
import { PAGE_SIZE_NAMES, type BadgeLayout, type BadgePage, type PageSizeName } from '../hooks/badge-layout';
import { ColourField, ImageUpload } from './element-properties';

interface PageSettingsProps {
  layout: BadgeLayout;
  errors: string[];
  onPageChange: (page: BadgePage) => void;
  onBackgroundChange: (background: BadgeLayout['background'], group: string) => void;
}

export function pageSizeLabel(t: (key: TranslationKey) => string, size: PageSizeName) {
  return t(`badges.size.${size}` as TranslationKey);
}

export function PageSettings({ layout, errors, onPageChange, onBackgroundChange }: PageSettingsProps) {
  const { t } = useI18n();
  const { page, background } = layout;
  return (
    <Stack gap="sm" data-testid="page-settings">
      <Title order={3} size="h5">
        {t('badges.page.title')}
      </Title>
      {errors.length > 0 && (
        <Alert color="red" role="alert" p="xs">
          {errors.map((error) => (
            <Text key={error} size="sm">
              {error}
            </Text>
          ))}
        </Alert>
      )}
      <Select
        label={t('badges.page.size')}
        size="xs"
        allowDeselect={false}
        data={PAGE_SIZE_NAMES.map((size) => ({ value: size, label: pageSizeLabel(t, size) }))}
        value={page.size}
        onChange={(value) => {
          if (!value) return;
          const size = value as PageSizeName;
          onPageChange(size === 'custom' ? { size, orientation: page.orientation, widthMm: page.widthMm ?? 90, heightMm: page.heightMm ?? 60 } : { size, orientation: page.orientation });
        }}
      />
      {page.size === 'custom' ? (
        <Group grow gap="xs">
          <NumberInput label={t('badges.prop.width')} size="xs" min={10} max={2000} decimalScale={2} suffix=" mm" value={page.widthMm} onChange={(value) => typeof value === 'number' && value > 0 && onPageChange({ ...page, widthMm: value })} />
          <NumberInput label={t('badges.prop.height')} size="xs" min={10} max={2000} decimalScale={2} suffix=" mm" value={page.heightMm} onChange={(value) => typeof value === 'number' && value > 0 && onPageChange({ ...page, heightMm: value })} />
        </Group>
      ) : (
        <div>
          <Text size="xs" fw={500} mb={4} id="page-orientation">
            {t('badges.page.orientation')}
          </Text>
          <SegmentedControl
            size="xs"
            fullWidth
            aria-labelledby="page-orientation"
            data={[
              { value: 'portrait', label: t('badges.page.portrait') },
              { value: 'landscape', label: t('badges.page.landscape') },
            ]}
            value={page.orientation}
            onChange={(value) => onPageChange({ ...page, orientation: value as 'portrait' | 'landscape' })}
          />
        </div>
      )}
      <ColourField label={t('badges.page.background')} value={background.color ?? '#FFFFFF'} onChange={(color) => onBackgroundChange({ ...background, color }, 'background-color')} />
      <ImageUpload label={t('badges.page.backgroundImage')} value={background.image} onUploaded={(image) => onBackgroundChange({ ...background, image }, `background-image-${Date.now()}`)} />
      {background.image && (
        <Button size="xs" variant="subtle" color="red" onClick={() => onBackgroundChange({ color: background.color }, `background-image-${Date.now()}`)}>
          {t('badges.page.removeBackgroundImage')}
        </Button>
      )}
    </Stack>
  );
}
