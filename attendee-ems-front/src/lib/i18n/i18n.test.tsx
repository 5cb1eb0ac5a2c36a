import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, setLocale, translate, useI18n } from './i18n';

function Probe() {
  const { t, locale } = useI18n();
  return (
    <p>
      {locale}: {t('nav.users')}
    </p>
  );
}

describe('I18nProvider', () => {
  afterEach(() => act(() => setLocale('fr')));

  it('starts in French and follows a language switch, updating <html lang> and localStorage', () => {
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText('fr: Utilisateurs')).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');

    act(() => setLocale('en'));

    expect(screen.getByText('en: Users')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('ems.locale')).toBe('en');
    expect(translate('nav.users')).toBe('Users');
  });
});
