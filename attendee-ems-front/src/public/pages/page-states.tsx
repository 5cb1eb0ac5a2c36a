import { useEffect, useRef, type ReactNode } from 'react';
import type { PublicTranslate } from '../i18n';

/** A titled message that takes focus when it appears, so screen readers announce the new state. */
export function StatePanel({ title, tone = 'info', children }: { title: string; tone?: 'info' | 'success' | 'warning' | 'danger'; children?: ReactNode }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className={`pp-state pp-state-${tone}`} aria-labelledby="pp-state-title">
      <h2 id="pp-state-title" ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** An unknown link: an event's by default, a registration's on the personal page. */
export function NotFound({ t, what = 'page' }: { t: PublicTranslate; what?: 'page' | 'personal' }) {
  return (
    <StatePanel title={t(`${what}.notFound.title`)} tone="warning">
      <p>{t(`${what}.notFound.text`)}</p>
    </StatePanel>
  );
}

export function LoadFailed({ t, onRetry }: { t: PublicTranslate; onRetry: () => void }) {
  return (
    <StatePanel title={t('page.error.title')} tone="danger">
      <p>{t('page.error.text')}</p>
      <button type="button" className="pf-button" onClick={onRetry}>
        {t('page.retry')}
      </button>
    </StatePanel>
  );
}

export function Loading({ t }: { t: PublicTranslate }) {
  return (
    <p className="pp-loading" role="status">
      {t('page.loading')}
    </p>
  );
}
