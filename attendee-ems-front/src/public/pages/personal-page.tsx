import type { Locale } from '@shared/registration-form';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { calendarUrl, cancelRegistration, getPersonalPage, qrCodeUrl } from '../api';
import { formatEventDates } from '../format';
import type { PublicKey, PublicTranslate } from '../i18n';
import { useLoad } from '../use-load';
import { LoadFailed, Loading, NotFound } from './page-states';

interface PersonalPageProps {
  credential: string;
  locale: Locale;
  t: PublicTranslate;
  languageSwitch: ReactNode;
}

/** /r/:credential — the attendee's own page: status, QR code, calendar, cancellation. */
export function PersonalPage({ credential, locale, t, languageSwitch }: PersonalPageProps) {
  const [loaded, reload] = useLoad(() => getPersonalPage(credential), credential);
  const [step, setStep] = useState<'idle' | 'confirming' | 'cancelling' | 'failed' | 'cancelled'>('idle');
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const cancelButtonRef = useRef<HTMLButtonElement>(null);
  const cancelledRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (step === 'confirming') confirmRef.current?.focus();
  }, [step]);
  // The confirmation and its buttons are gone once cancelled: the focus goes to what happened, not to the page's top.
  useEffect(() => {
    if (step === 'cancelled' && loaded.state === 'ready') cancelledRef.current?.focus();
  }, [step, loaded.state]);

  if (loaded.state === 'loading') return <Loading t={t} />;
  if (loaded.state === 'notFound') return (<>{languageSwitch}<NotFound t={t} what="personal" /></>);
  if (loaded.state === 'failed') return (<>{languageSwitch}<LoadFailed t={t} onRetry={reload} /></>);
  const page = loaded.data;
  const { event } = page;

  async function onConfirmCancel() {
    setStep('cancelling');
    if (await cancelRegistration(credential)) {
      setStep('cancelled');
      reload();
    } else setStep('failed');
  }

  return (
    <>
      <header className="pp-header">
        <div className="pp-header-top">
          <p className="pp-org">{t('personal.title')}</p>
          {languageSwitch}
        </div>
        <h1>{event.name}</h1>
        <p className="pp-meta">{formatEventDates(event.startAt, event.endAt, event.timezone, locale)}</p>
        {(event.locationName || event.address) && <p className="pp-meta">{[event.locationName, event.address].filter(Boolean).join(', ')}</p>}
      </header>
      <section className="pp-card" aria-labelledby="pp-personal-title">
        <h2 id="pp-personal-title">{t('personal.hello', { name: `${page.firstName} ${page.lastName}` })}</h2>
        <dl className="pp-facts">
          <div>
            <dt>{t('personal.status')}</dt>
            <dd>
              <span className={`pp-status pp-status-${page.status}`} data-testid="personal-status">
                {t(`status.${page.status}` as PublicKey)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('result.confirmationNumber')}</dt>
            <dd>
              <strong>{page.confirmationNumber}</strong>
            </dd>
          </div>
          {page.attendeeType && (
            <div>
              <dt>{t('personal.type')}</dt>
              <dd>{page.attendeeType}</dd>
            </div>
          )}
        </dl>
        {page.waitlistPosition !== null && <p className="pf-note">{t('personal.position', { position: page.waitlistPosition })}</p>}
        {step === 'cancelled' && (
          <p className="pf-note" role="status" ref={cancelledRef} tabIndex={-1}>
            {t('personal.cancelled')}
          </p>
        )}
        {page.hasPass ? (
          <figure className="pp-qr">
            <img src={qrCodeUrl(credential)} alt={t('personal.qrAlt')} width={220} height={220} />
            <figcaption>{t('personal.qrHint')}</figcaption>
          </figure>
        ) : (
          page.status !== 'cancelled' && page.status !== 'refused' && <p className="pp-muted-block">{t('personal.noPass')}</p>
        )}
        <div className="pp-actions">
          {page.status !== 'cancelled' && page.status !== 'refused' && (
            <a className="pp-secondary" href={calendarUrl(credential)} download="event.ics">
              {t('personal.calendar')}
            </a>
          )}
          {page.canCancel && step !== 'confirming' && step !== 'cancelling' && (
            <button ref={cancelButtonRef} type="button" className="pp-secondary pp-danger" onClick={() => setStep('confirming')}>
              {t('personal.cancel')}
            </button>
          )}
        </div>
        {(step === 'confirming' || step === 'cancelling' || step === 'failed') && page.canCancel && (
          <div className="pp-confirm" role="alertdialog" aria-labelledby="pp-confirm-title" aria-describedby="pp-confirm-text">
            <h3 id="pp-confirm-title" ref={confirmRef} tabIndex={-1}>
              {t('personal.cancelConfirmTitle')}
            </h3>
            <p id="pp-confirm-text">{t('personal.cancelConfirmText')}</p>
            {step === 'failed' && (
              <p className="pf-error" role="alert">
                {t('personal.cancelFailed')}
              </p>
            )}
            <div className="pp-actions">
              <button type="button" className="pf-button pp-danger-button" disabled={step === 'cancelling'} onClick={onConfirmCancel}>
                {t('personal.cancelConfirm')}
              </button>
              <button
                type="button"
                className="pp-secondary"
                onClick={() => {
                  setStep('idle');
                  requestAnimationFrame(() => cancelButtonRef.current?.focus());
                }}
              >
                {t('personal.cancelKeep')}
              </button>
            </div>
          </div>
        )}
      </section>
    </>
  );
}
