import { defaultFormDefinition, type FormDefinition } from '@shared/registration-form';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicEvent } from '../api';
import { PublicApp } from '../public-app';
import { samplePublicEvent } from '../test-fixtures';

const EVENT_URL = '/api/public/events/tok';

const form: FormDefinition = {
  version: 1,
  sections: [],
  fields: [
    ...defaultFormDefinition().fields,
    {
      id: 'diet',
      type: 'select',
      label: { fr: 'Régime', en: 'Diet' },
      required: false,
      options: [{ value: 'veg', label: { fr: 'Végétarien', en: 'Vegetarian' } }],
    },
  ],
};

const publicEvent = (overrides: Partial<PublicEvent> = {}) => samplePublicEvent({ form: form as unknown as PublicEvent['form'], ...overrides });

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: body === undefined ? {} : { 'Content-Type': 'application/json' } });

type Answer = { status: number; body: unknown };

/** The public event API: the event, and the given answers to registrations in turn (the last repeats); the bodies POSTed are kept. */
function stubApi(event: PublicEvent, registration: Answer | Answer[] = { status: 201, body: {} }) {
  const answers = Array.isArray(registration) ? registration : [registration];
  const posted: Record<string, unknown>[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url === EVENT_URL && !init?.method) return json(200, event);
      if (url === `${EVENT_URL}/registrations` && init?.method === 'POST') {
        posted.push(JSON.parse(String(init.body)) as Record<string, unknown>);
        const answer = answers[Math.min(posted.length - 1, answers.length - 1)]!;
        return json(answer.status, answer.body);
      }
      return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
    }),
  );
  return posted;
}

function openEventPage(lang: 'fr' | 'en') {
  window.history.replaceState(null, '', `/e/tok?lang=${lang}`);
  return render(<PublicApp />);
}

function fillIn(labels: { first: string; last: string; email: string }, email = 'lea@example.org') {
  fireEvent.change(screen.getByRole('textbox', { name: labels.first }), { target: { value: 'Léa' } });
  fireEvent.change(screen.getByRole('textbox', { name: labels.last }), { target: { value: 'Martin' } });
  fireEvent.change(screen.getByRole('textbox', { name: labels.email }), { target: { value: email } });
}

const EN = { first: 'First name', last: 'Last name', email: 'Email' };
const FR = { first: 'Prénom', last: 'Nom', email: 'E-mail' };

const approved = { status: 'approved', confirmationNumber: 'FDM-0042', credential: 'cred1', waitlistPosition: null, personalPageUrl: '/r/cred1' };

describe('Public event page in English and French', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.history.replaceState(null, '', '/');
  });

  it('?lang=en shows the event, the labels, the errors and the confirmation in English, and registers in English', async () => {
    const posted = stubApi(publicEvent(), { status: 201, body: approved });
    openEventPage('en');

    expect(await screen.findByRole('heading', { level: 2, name: 'Registration' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByText('Organised by Ville de Lyon')).toBeTruthy();
    expect(screen.getByText('12 seat(s) left')).toBeTruthy();
    expect(screen.getByText('Fields marked * are required.')).toBeTruthy();
    expect(screen.getByText(/Sunday, March 10, 2030/)).toBeTruthy();
    const diet = screen.getByRole('combobox', { name: 'Diet' });
    expect(within(diet).getByRole('option', { name: 'Vegetarian' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(screen.getByRole('alert').textContent).toBe('3 answer(s) need your attention.');
    expect(screen.getAllByText('This field is required.')).toHaveLength(3);
    expect(posted).toEqual([]);

    fillIn(EN, 'not-an-email');
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(screen.getByText('Invalid email address.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Email' }));

    fireEvent.change(screen.getByRole('textbox', { name: 'Email' }), { target: { value: 'lea@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));

    const confirmation = await screen.findByRole('heading', { name: 'Registration confirmed' });
    await waitFor(() => expect(document.activeElement).toBe(confirmation));
    expect(screen.getByText('Thank you Léa! Your seat is booked. A confirmation email with your QR code is on its way.')).toBeTruthy();
    expect(screen.getByText(/Confirmation number/).textContent).toContain('FDM-0042');
    expect(screen.getByRole('link', { name: 'See my registration' }).getAttribute('href')).toBe('/r/cred1');
    expect(posted).toEqual([{ firstName: 'Léa', lastName: 'Martin', email: 'lea@example.org', locale: 'en' }]);
  });

  it('a registration refused field by field shows the server’s messages on the fields', async () => {
    stubApi(publicEvent(), {
      status: 400,
      body: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid', errors: [{ field: 'email', message: 'This address cannot receive email.' }] },
    });
    openEventPage('en');
    await screen.findByRole('heading', { name: 'Registration' });
    fillIn(EN);
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));

    const message = await screen.findByText('This address cannot receive email.');
    const email = screen.getByRole('textbox', { name: 'Email' });
    expect(email.getAttribute('aria-describedby')).toBe(message.id);
    await waitFor(() => expect(document.activeElement).toBe(email));
  });

  it('the waiting list: a notice before registering, then the position, in both languages', async () => {
    const waitlisted = { ...approved, status: 'waitlisted', waitlistPosition: 3 };
    for (const [lang, labels, notice, title, text] of [
      ['en', EN, 'The event is full: registering puts you on the waiting list.', 'You are on the waiting list', 'You are number 3 on the waiting list'],
      ['fr', FR, 'L’événement est complet : en vous inscrivant, vous rejoignez la liste d’attente.', 'Vous êtes sur la liste d’attente', 'Vous êtes en position 3 sur la liste d’attente'],
    ] as const) {
      stubApi(publicEvent({ isFull: true, waitlist: true, remainingSeats: 0 }), { status: 201, body: waitlisted });
      openEventPage(lang);
      expect(await screen.findByText(notice)).toBeTruthy();
      expect(screen.queryByText(/seat\(s\) left|place\(s\) restante\(s\)/)).toBeNull();
      fillIn(labels);
      fireEvent.click(screen.getByRole('button', { name: lang === 'en' ? 'Register' : 'Je m’inscris' }));
      expect(await screen.findByRole('heading', { name: title })).toBeTruthy();
      expect(screen.getByText(new RegExp(text))).toBeTruthy();
      cleanup();
      vi.unstubAllGlobals();
    }
  });

  it('a full event without a waiting list, or closed, cancelled, postponed, not yet open: a message instead of the form, in both languages', async () => {
    const cases = [
      { event: publicEvent({ isFull: true, remainingSeats: 0 }), en: ['Event full', 'There are no seats left for this event.'], fr: ['Événement complet', 'Il n’y a plus de place pour cet événement.'] },
      { event: publicEvent({ isRegistrationOpen: false, status: 'registration_closed' }), en: ['Registration closed', 'Registration is not open for this event.'], fr: ['Inscriptions fermées', 'Les inscriptions ne sont pas ouvertes pour cet événement.'] },
      { event: publicEvent({ isRegistrationOpen: false, status: 'cancelled' }), en: ['Event cancelled', 'The organiser has cancelled this event.'], fr: ['Événement annulé', 'L’organisateur a annulé cet événement.'] },
      { event: publicEvent({ isRegistrationOpen: false, status: 'postponed' }), en: ['Event postponed', 'The organiser has postponed this event; registration will reopen later.'], fr: ['Événement reporté', 'L’organisateur a reporté cet événement ; les inscriptions rouvriront plus tard.'] },
      {
        event: publicEvent({ isRegistrationOpen: false, registrationOpensAt: '2029-12-01T09:00:00.000Z' }),
        en: ['Registration closed', 'Registration opens on December 1, 2029 at 10:00 AM.'],
        fr: ['Inscriptions fermées', 'Les inscriptions ouvrent le 1 décembre 2029 à 10:00.'],
      },
    ];
    for (const { event, en, fr } of cases) {
      for (const [lang, [title, text]] of [['en', en], ['fr', fr]] as const) {
        stubApi(event);
        openEventPage(lang);
        const heading = await screen.findByRole('heading', { name: title });
        expect(heading.closest('section')!.textContent).toContain(text);
        expect(screen.queryByRole('button', { name: /Register|Je m’inscris/ })).toBeNull();
        cleanup();
        vi.unstubAllGlobals();
      }
    }
  });

  it('answers the API gives on submit (already registered, full, closed) show their message in both languages', async () => {
    const cases = [
      {
        answer: { status: 409, body: { statusCode: 409, code: 'ALREADY_REGISTERED', message: '…', status: 'approved' } },
        en: ['You are already registered', '(status: confirmed)'],
        fr: ['Vous êtes déjà inscrit(e)', '(statut : confirmée)'],
      },
      {
        answer: { status: 409, body: { statusCode: 409, code: 'ALREADY_REGISTERED', message: '…', status: 'waitlisted' } },
        en: ['You are already registered', '(status: on the waiting list)'],
        fr: ['Vous êtes déjà inscrit(e)', '(statut : sur liste d’attente)'],
      },
      { answer: { status: 409, body: { statusCode: 409, code: 'EVENT_FULL', message: '…', scope: 'event' } }, en: ['Event full', 'There are no seats left'], fr: ['Événement complet', 'Il n’y a plus de place'] },
      {
        answer: { status: 409, body: { statusCode: 409, code: 'REGISTRATION_CLOSED', message: '…' } },
        en: ['Registration closed', 'Registration is not open'],
        fr: ['Inscriptions fermées', 'Les inscriptions ne sont pas ouvertes'],
      },
    ];
    for (const { answer, en, fr } of cases) {
      for (const [lang, labels, [title, text]] of [['en', EN, en], ['fr', FR, fr]] as const) {
        const posted = stubApi(publicEvent(), answer);
        openEventPage(lang);
        await screen.findByRole('textbox', { name: labels.first });
        fillIn(labels);
        fireEvent.click(screen.getByRole('button', { name: lang === 'en' ? 'Register' : 'Je m’inscris' }));
        const heading = await screen.findByRole('heading', { name: title });
        await waitFor(() => expect(document.activeElement).toBe(heading));
        expect(heading.closest('section')!.textContent).toContain(text);
        expect(screen.queryByRole('textbox', { name: labels.first })).toBeNull();
        expect(posted).toHaveLength(1);
        cleanup();
        vi.unstubAllGlobals();
      }
    }
  });

  it('switching to English keeps what was typed and translates the form', async () => {
    stubApi(publicEvent({ requiresApproval: true }));
    openEventPage('fr');
    await screen.findByRole('heading', { name: 'Inscription' });
    expect(screen.getByText('Les inscriptions sont validées par l’organisateur : vous recevrez un e-mail de confirmation.')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Prénom' }), { target: { value: 'Léa' } });
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect((screen.getByRole('textbox', { name: 'First name' }) as HTMLInputElement).value).toBe('Léa');
    expect(screen.getByText('The organiser approves each registration: you will receive a confirmation email.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Register' })).toBeTruthy();
    expect(new URL(window.location.href).searchParams.get('lang')).toBe('en');
  });

  it('when only the chosen attendee type is full, the form stays and asks for another type (EN/FR)', async () => {
    const types = [
      { key: 'exhibitor', name: 'Exposant', color: '#f00', remainingSeats: 1 },
      { key: 'visitor', name: 'Visiteur', color: '#00f', remainingSeats: null },
    ];
    const typeFull = { status: 409, body: { statusCode: 409, code: 'EVENT_FULL', message: 'Sorry, this event is full.', scope: 'attendeeType' } };
    for (const [lang, labels, legend, message, submit] of [
      ['en', EN, 'You are coming as', 'There are no seats left for this attendee type: choose another one.', 'Register'],
      ['fr', FR, 'Vous venez en tant que', 'Il n’y a plus de place pour ce type de participant : choisissez-en un autre.', 'Je m’inscris'],
    ] as const) {
      const posted = stubApi(publicEvent({ attendeeTypes: types }), [typeFull, { status: 201, body: approved }]);
      openEventPage(lang);
      const group = await screen.findByRole('group', { name: new RegExp(legend) });
      fillIn(labels);
      fireEvent.click(within(group).getByRole('radio', { name: /Exposant/ }));
      fireEvent.click(screen.getByRole('button', { name: submit }));

      expect(await within(group).findByText(message)).toBeTruthy();
      expect(screen.queryByRole('heading', { name: /Event full|Événement complet/ })).toBeNull();
      await waitFor(() => expect(document.activeElement).toBe(within(group).getByRole('radio', { name: /Exposant/ })));
      expect((screen.getByRole('textbox', { name: labels.first }) as HTMLInputElement).value).toBe('Léa');

      fireEvent.click(within(group).getByRole('radio', { name: /Visiteur/ }));
      expect(within(group).queryByText(message)).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: submit }));
      expect(await screen.findByRole('heading', { name: /Registration confirmed|Inscription confirmée/ })).toBeTruthy();
      expect(posted.map((body) => body.attendeeType)).toEqual(['exhibitor', 'visitor']);
      cleanup();
      vi.unstubAllGlobals();
    }
  });

  it('with a single attendee type, that type being full means the event is full', async () => {
    stubApi(publicEvent({ attendeeTypes: [{ key: 'visitor', name: 'Visiteur', color: '#00f', remainingSeats: 1 }] }), {
      status: 409,
      body: { statusCode: 409, code: 'EVENT_FULL', message: 'Sorry, this event is full.', scope: 'attendeeType' },
    });
    openEventPage('en');
    await screen.findByRole('textbox', { name: EN.first });
    fillIn(EN);
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(await screen.findByRole('heading', { name: 'Event full' })).toBeTruthy();
  });
});
