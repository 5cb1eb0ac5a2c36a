import type { FormDefinition, Locale } from '@shared/registration-form';
import { useCallback, useState, type ReactNode } from 'react';
import { getPublicEvent, register, type PublicEvent } from '../api';
import { formatDateTime, formatEventDates } from '../format';
import type { PublicKey, PublicTranslate } from '../i18n';
import { Markdown } from '../markdown';
import type { FormState } from '../form/form-state';
import { RegistrationForm } from '../form/registration-form';
import { useLoad } from '../use-load';
import { LoadFailed, Loading, NotFound, StatePanel } from './page-states';

interface EventPageProps {
  token: string;
  isEmbed: boolean;
  locale: Locale;
  t: PublicTranslate;
  languageSwitch: ReactNode;
}

export function EventPage({ token, isEmbed, locale, t, languageSwitch }: EventPageProps) {
  const [loaded, reload] = useLoad(() => getPublicEvent(token), token);
  const [outcome, setOutcome] = useState<FormState | null>(null);
  const onOutcome = useCallback((state: FormState) => setOutcome(state), []);

  if (loaded.state === 'loading') return <Loading t={t} />;
  if (loaded.state === 'notFound') return (<>{languageSwitch}<NotFound t={t} /></>);
  if (loaded.state === 'failed') return (<>{languageSwitch}<LoadFailed t={t} onRetry={reload} /></>);
  const event = loaded.data;

  return (
    <>
      <header className={isEmbed ? 'pp-header pp-header-embed' : 'pp-header'}>
        <div className="pp-header-top">
          {!isEmbed && <p className="pp-org">{t('event.by', { organization: event.organizationName })}</p>}
          {languageSwitch}
        </div>
        <h1>{event.name}</h1>
        <p className="pp-meta">{formatEventDates(event.startAt, event.endAt, event.timezone, locale)}</p>
        {(event.locationName || event.address || event.locationType === 'online') && (
          <p className="pp-meta">{[event.locationName, event.address].filter(Boolean).join(', ') || t('event.online')}</p>
        )}
        {!isEmbed && event.descriptionMd && <Markdown source={event.descriptionMd} />}
      </header>
      {/* Each state below is its own section named by its own heading. */}
      <div className="pp-card">
        {outcome ? <Outcome state={outcome} t={t} /> : <RegistrationBody event={event} token={token} locale={locale} t={t} onOutcome={onOutcome} />}
      </div>
    </>
  );
}

function RegistrationBody({ event, token, locale, t, onOutcome }: { event: PublicEvent; token: string; locale: Locale; t: PublicTranslate; onOutcome: (state: FormState) => void }) {
  const closed = closedReason(event, locale, t);
  if (closed) {
    return (
      <StatePanel title={closed.title} tone="warning">
        <p>{closed.text}</p>
      </StatePanel>
    );
  }
  if (event.isFull && !event.waitlist) {
    return (
      <StatePanel title={t('state.full.title')} tone="warning">
        <p>{t('state.full.text')}</p>
      </StatePanel>
    );
  }
  return (
    <section className="pp-register" aria-labelledby="pp-form-title">
      <h2 id="pp-form-title">{t('form.title')}</h2>
      {event.remainingSeats !== null && !event.isFull && <p className="pp-seats">{t('event.seatsLeft', { count: event.remainingSeats })}</p>}
      {event.isFull && event.waitlist && <p className="pf-alert">{t('event.waitlistNotice')}</p>}
      {event.requiresApproval && <p className="pf-note">{t('event.approvalNotice')}</p>}
      <RegistrationForm
        definition={event.form as unknown as FormDefinition}
        attendeeTypes={event.attendeeTypes}
        locale={locale}
        t={t}
        send={(payload, key) => register(token, payload, key)}
        onOutcome={onOutcome}
      />
    </section>
  );
}

function closedReason(event: PublicEvent, locale: Locale, t: PublicTranslate): { title: string; text: string } | null {
  if (event.isRegistrationOpen) return null;
  if (event.status === 'cancelled') return { title: t('state.cancelled.title'), text: t('state.cancelled.text') };
  if (event.status === 'postponed') return { title: t('state.postponed.title'), text: t('state.postponed.text') };
  if (event.status === 'published' && event.registrationOpensAt && new Date(event.registrationOpensAt) > new Date()) {
    return { title: t('state.closed.title'), text: t('state.notYetOpen.text', { date: formatDateTime(event.registrationOpensAt, event.timezone, locale) }) };
  }
  return { title: t('state.closed.title'), text: t('state.closed.text') };
}

function Outcome({ state, t }: { state: FormState; t: PublicTranslate }) {
  const { phase } = state;
  const name = typeof state.answers.firstName === 'string' ? state.answers.firstName.trim() : '';
  if (phase.name === 'registered') {
    const { result } = phase;
    const kind = result.status === 'approved' ? 'approved' : result.status === 'waitlisted' ? 'waitlisted' : 'awaiting';
    return (
      <StatePanel title={t(`result.${kind}.title`)} tone={kind === 'approved' ? 'success' : 'info'}>
        <p>{t(`result.${kind}.text`, { name, position: result.waitlistPosition ?? '—' })}</p>
        <p className="pp-confirmation">
          {t('result.confirmationNumber')} <strong data-testid="confirmation-number">{result.confirmationNumber}</strong>
        </p>
        <a className="pf-button pp-link-button" href={`/r/${encodeURIComponent(result.credential)}`}>
          {t('result.personalPage')}
        </a>
      </StatePanel>
    );
  }
  if (phase.name === 'alreadyRegistered') {
    const statusKey = `status.${phase.status}` as PublicKey;
    return (
      <StatePanel title={t('result.already.title')} tone="info">
        <p>{t('result.already.text', { status: t(statusKey) })}</p>
      </StatePanel>
    );
  }
  if (phase.name === 'full') {
    return (
      <StatePanel title={t('state.full.title')} tone="warning">
        <p>{t('state.full.text')}</p>
      </StatePanel>
    );
  }
  return (
    <StatePanel title={t('state.closed.title')} tone="warning">
      <p>{t('state.closed.text')}</p>
    </StatePanel>
  );
}
