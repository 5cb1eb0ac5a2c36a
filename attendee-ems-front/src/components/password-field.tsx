import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { forwardRef } from 'react';
import { useI18n } from '@/lib/i18n/i18n';

/** Mantine's PasswordInput with its show/hide button labelled in the interface language. */
export const PasswordField = forwardRef<HTMLInputElement, PasswordInputProps>(function PasswordField(props, ref) {
  const { t } = useI18n();
  return <PasswordInput ref={ref} visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePasswordVisibility') }} {...props} />;
});
