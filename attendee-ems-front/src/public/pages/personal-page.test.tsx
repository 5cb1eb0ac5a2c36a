import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PersonalPage } from '../api';
import { PublicApp } from '../public-app';
import { samplePublicEvent } from '../test-fixtures';

const CREDENTIAL = 'cred_Abc-123';
const PAGE_URL = `/api/public/registrations/${CREDENTIAL}`;

const event = samplePublicEvent({ remainingSeats: 10, waitlist: true });

function page(overrides: Partial<PersonalPage> = {}): PersonalPage {
  return {
    status: 'approved',
    confirmationNumber: 'FDM-0042',
    firstName: 'Léa',
    lastName: 'Martin',
    attendeeType: 'Visiteur',
    waitlistPosition: null,
    canCancel: true,
    hasPass: true,
    event,
    ...overrides,
  };
}

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: body === undefined ? {} : { 'Content-Type': 'application/json' } });

/** The personal page API: answers the pages (or error statuses) given in turn, the last one repeating; every call is kept. */
function stubApi(pages: (PersonalPage | number)[], cancelStatus = 200) {
  const calls: { url: string; method: string }[] = [];
  let served = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, method: init?.method ?? 'GET' });
      if (url === `${PAGE_URL}/cancel`) return json(cancelStatus, cancelStatus === 200 ? { status: 'cancelled' } : { statusCode: cancelStatus, code: 'CONFLICT', message: 'No.' });
      if (url !== PAGE_URL) return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      const answer = pages[Math.min(served++, pages.length - 1)]!;
      if (typeof answer === 'number') return json(answer, { statusCode: answer, code: answer === 404 ? 'REGISTRATION_NOT_FOUND' : 'INTERNAL', message: 'No.' });
      return json(200, answer);
    }),
  );
  return calls;
}

function openPersonalPage(search = '?lang=fr', credential = CREDENTIAL) {
  window.history.replaceState(null, '', `/r/${credential}${search}`);
  return render(<PublicApp />);
}

const status = () => screen.getByTestId('personal-status').textContent;

describe('Personal page (/r/:credential)', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.history.replaceState(null, '', '/');
  });

  it('an approved registration shows its status, the QR code of its pass and the calendar link', async () => {
    stubApi([page()]);
    openPersonalPage();

    expect(await screen.findByRole('heading', { level: 2, name: 'Bonjour Léa Martin' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Forum des métiers' })).toBeTruthy();
    expect(status()).toBe('confirmée');
    expect(screen.getByText('FDM-0042')).toBeTruthy();
    expect(screen.getByText('Visiteur')).toBeTruthy();
    const qr = screen.getByRole('img', { name: 'QR code à présenter à l’entrée' });
    expect(qr.getAttribute('src')).toBe(`${PAGE_URL}/qr.svg`);
    expect(screen.queryByText(/Votre QR code apparaîtra ici/)).toBeNull();
    const calendar = screen.getByRole('link', { name: 'Ajouter à mon agenda' });
    expect(calendar.getAttribute('href')).toBe(`${PAGE_URL}/calendar.ics`);
    expect(calendar.hasAttribute('download')).toBe(true);
  });

  it('awaiting approval: no QR code yet, a note says when it will come', async () => {
    stubApi([page({ status: 'awaiting', hasPass: false })]);
    openPersonalPage();

    await screen.findByTestId('personal-status');
    expect(status()).toBe('en attente de validation');
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText('Votre QR code apparaîtra ici lorsque votre inscription sera confirmée.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Ajouter à mon agenda' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Annuler mon inscription' })).toBeTruthy();
  });

  it('waitlisted: shows the position on the waiting list and no QR code', async () => {
    stubApi([page({ status: 'waitlisted', hasPass: false, waitlistPosition: 4 })]);
    openPersonalPage();

    await screen.findByTestId('personal-status');
    expect(status()).toBe('sur liste d’attente');
    expect(screen.getByText('Position sur la liste d’attente : 4')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('cancelled or refused: the status only, no QR code, calendar, cancel button or "QR code to come" note', async () => {
    for (const [registrationStatus, label] of [
      ['cancelled', 'annulée'],
      ['refused', 'refusée'],
    ] as const) {
      stubApi([page({ status: registrationStatus, hasPass: false, canCancel: false })]);
      const { unmount } = openPersonalPage();

      await screen.findByTestId('personal-status');
      expect(status()).toBe(label);
      expect(screen.queryByRole('img')).toBeNull();
      expect(screen.queryByRole('link', { name: 'Ajouter à mon agenda' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Annuler mon inscription' })).toBeNull();
      expect(screen.queryByText(/Votre QR code apparaîtra ici/)).toBeNull();
      unmount();
      vi.unstubAllGlobals();
    }
  });

  it('cancelling asks for confirmation first, sends the request only once confirmed, then shows the cancelled state', async () => {
    const calls = stubApi([page(), page({ status: 'cancelled', hasPass: false, canCancel: false })]);
    openPersonalPage();

    fireEvent.click(await screen.findByRole('button', { name: 'Annuler mon inscription' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Annuler votre inscription ?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { name: 'Annuler votre inscription ?' }));
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);

    // "Keep it" closes the question, sends nothing and gives the focus back to the button.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Non, la garder' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Annuler mon inscription' })));
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Annuler mon inscription' }));
    fireEvent.click(screen.getByRole('button', { name: 'Oui, annuler mon inscription' }));

    const cancelled = await screen.findByText('Votre inscription est annulée.');
    await waitFor(() => expect(document.activeElement).toBe(cancelled));
    expect(calls.filter((call) => call.method === 'POST')).toEqual([{ url: `${PAGE_URL}/cancel`, method: 'POST' }]);
    await waitFor(() => expect(status()).toBe('annulée'));
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Annuler mon inscription' })).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('a refused cancellation says so and keeps the registration as it was', async () => {
    const calls = stubApi([page()], 409);
    openPersonalPage();

    fireEvent.click(await screen.findByRole('button', { name: 'Annuler mon inscription' }));
    fireEvent.click(screen.getByRole('button', { name: 'Oui, annuler mon inscription' }));

    expect((await screen.findByRole('alert')).textContent).toBe('L’annulation n’a pas abouti. Réessayez.');
    expect(status()).toBe('confirmée');
    expect(screen.getByRole('img', { name: 'QR code à présenter à l’entrée' })).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
    expect(screen.queryByText('Votre inscription est annulée.')).toBeNull();
  });

  it('speaks English with ?lang=en and switches language from its own buttons', async () => {
    stubApi([page({ status: 'waitlisted', hasPass: false, waitlistPosition: 2 })]);
    openPersonalPage('?lang=en');

    expect(await screen.findByRole('heading', { level: 2, name: 'Hello Léa Martin' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(status()).toBe('on the waiting list');
    expect(screen.getByText('Position on the waiting list: 2')).toBeTruthy();
    expect(screen.getByText('Your QR code will appear here once your registration is confirmed.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Add to my calendar' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel my registration' }));
    expect(screen.getByRole('alertdialog', { name: 'Cancel your registration?' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Yes, cancel my registration' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'No, keep it' })).toBeTruthy();

    const languages = screen.getByRole('group', { name: 'Language' });
    expect(within(languages).getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(languages).getByRole('button', { name: 'Français' }));
    expect(status()).toBe('sur liste d’attente');
    expect(screen.getByRole('heading', { level: 2, name: 'Bonjour Léa Martin' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
    expect(new URL(window.location.href).searchParams.get('lang')).toBe('fr');
  });

  it('an unknown credential says the registration cannot be found, in the visitor’s language', async () => {
    stubApi([404]);
    openPersonalPage('?lang=fr', 'nope');
    expect(await screen.findByRole('heading', { name: 'Inscription introuvable' })).toBeTruthy();
    expect(screen.getByText(/Ce lien ne correspond à aucune inscription/)).toBeTruthy();
    expect(screen.queryByTestId('personal-status')).toBeNull();
    cleanup();
    vi.unstubAllGlobals();

    stubApi([404]);
    openPersonalPage('?lang=en', 'nope');
    expect(await screen.findByRole('heading', { name: 'Registration not found' })).toBeTruthy();
    expect(screen.getByText(/This link does not match any registration/)).toBeTruthy();
  });

  it('a failing service offers to try again, which loads the page', async () => {
    const calls = stubApi([503, page()]);
    openPersonalPage();
    expect(await screen.findByRole('heading', { name: 'Le service ne répond pas' })).toBeTruthy();
    expect(screen.queryByTestId('personal-status')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    await waitFor(() => expect(status()).toBe('confirmée'));
    expect(calls.filter((call) => call.url === PAGE_URL)).toHaveLength(2);
  });
});
