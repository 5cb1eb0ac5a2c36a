import type { Locale } from '@shared/registration-form';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { initialLocale, publicTranslator } from './i18n';
import { EventPage } from './pages/event-page';
import { Loading, NotFound } from './pages/page-states';

// Only /r/ needs it: kept out of the form's bundle.
const PersonalPage = lazy(() => import('./pages/personal-page').then((module) => ({ default: module.PersonalPage })));

export type PublicRoute = { page: 'event'; token: string; isEmbed: boolean } | { page: 'personal'; credential: string } | { page: 'notFound' };

/** Three pages only, so no router library: the path decides. */
export function matchPublicRoute(pathname: string): PublicRoute {
  const [, first, second, ...rest] = pathname.split('/');
  if (!second || rest.filter(Boolean).length > 0) return { page: 'notFound' };
  const value = decodeURIComponent(second);
  if (first === 'e' || first === 'embed') return { page: 'event', token: value, isEmbed: first === 'embed' };
  if (first === 'r') return { page: 'personal', credential: value };
  return { page: 'notFound' };
}

export function PublicApp() {
  const route = useMemo(() => matchPublicRoute(window.location.pathname), []);
  const [locale, setLocale] = useState<Locale>(() => initialLocale(window.location.search, navigator.languages ?? [navigator.language]));
  const t = useMemo(() => publicTranslator(locale), [locale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    const url = new URL(window.location.href);
    if (url.searchParams.get('lang') !== locale) {
      url.searchParams.set('lang', locale);
      window.history.replaceState(null, '', url);
    }
  }, [locale]);

  const isEmbed = route.page === 'event' && route.isEmbed;
  useEffect(() => {
    document.body.classList.toggle('pp-embed', isEmbed);
  }, [isEmbed]);

  const switcher = (
    <div className="pp-lang" role="group" aria-label={t('lang.label')}>
      {(['fr', 'en'] as const).map((candidate) => (
        <button
          key={candidate}
          type="button"
          lang={candidate}
          aria-pressed={candidate === locale}
          onClick={() => setLocale(candidate)}
        >
          {t(candidate === 'fr' ? 'lang.fr' : 'lang.en')}
        </button>
      ))}
    </div>
  );

  return (
    <main className={isEmbed ? 'pp-main pp-main-embed' : 'pp-main'}>
      {route.page === 'event' && <EventPage token={route.token} isEmbed={route.isEmbed} locale={locale} t={t} languageSwitch={switcher} />}
      {route.page === 'personal' && (
        <Suspense fallback={<Loading t={t} />}>
          <PersonalPage credential={route.credential} locale={locale} t={t} languageSwitch={switcher} />
        </Suspense>
      )}
      {route.page === 'notFound' && (
        <>
          {switcher}
          <NotFound t={t} />
        </>
      )}
    </main>
  );
}
