import { SegmentedControl } from '@mantine/core';
import { LOCALES, useI18n, type Locale } from '@/lib/i18n/i18n';

export function LanguageSwitch({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <SegmentedControl
      size={size}
      value={locale}
      onChange={(value) => setLocale(value as Locale)}
      aria-label={t('language.label')}
      data={LOCALES.map((value) => ({
        value,
        label: <span title={t(`language.${value}`)}>{value.toUpperCase()}</span>,
      }))}
      data-testid="language-switch"
    />
  );
}
