import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '@/lib/i18n/i18n';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { RegistrationHistory as History, RegistrationHistoryEntry } from '../api/get-registration-history';
import { RegistrationHistory } from './registration-history';

const EVENT_ID = '6f1c2b1e-7a51-4c55-9a8e-0d1f3b2c4e5a';
const REGISTRATION_ID = '0b8f0c9e-2f7a-4c37-9a55-3c1d2e4f5a6b';

function entry(patch: Partial<RegistrationHistoryEntry> & Pick<RegistrationHistoryEntry, 'id' | 'kind' | 'at'>): RegistrationHistoryEntry {
  return {
    actor: null,
    action: null,
    fromStatus: null,
    toStatus: null,
    source: null,
    bulk: false,
    fields: [],
    gate: null,
    sessionName: null,
    undoneAt: null,
    undoneBy: null,
    template: null,
    subject: null,
    emailStatus: null,
    email: null,
    ...patch,
  };
}

const alice = { kind: 'user' as const, userId: 'u1', name: 'Alice Martin' };
const HISTORY: History = {
  registrationId: REGISTRATION_ID,
  // 8:00 UTC is 4:00 in New York (EDT) on this day: the times must be the event's.
  timezone: 'America/New_York',
  items: [
    entry({ id: 'created', kind: 'created', at: '2030-06-01T08:00:00.000Z', source: 'public', toStatus: 'awaiting', actor: { kind: 'attendee', userId: null, name: null } }),
    entry({ id: 'email:1', kind: 'email', at: '2030-06-01T08:00:01.000Z', template: 'registration.received', subject: 'Inscription reçue : Forum', emailStatus: 'sent', email: 'lea@example.org' }),
    entry({ id: 'audit:1', kind: 'status_changed', at: '2030-06-01T09:30:00.000Z', fromStatus: 'awaiting', toStatus: 'approved', actor: alice, bulk: true }),
    entry({ id: 'scan:1', kind: 'checked_in', at: '2030-06-02T13:05:00.000Z', gate: 'Porte A', actor: alice, undoneAt: '2030-06-02T13:06:00.000Z', undoneBy: { kind: 'user', userId: 'u2', name: 'Bruno Petit' } }),
    entry({ id: 'audit:2', kind: 'updated', at: '2030-06-02T14:00:00.000Z', fields: ['answers', 'attendeeTypeId'], actor: { kind: 'user', userId: 'gone', name: null } }),
    entry({ id: 'audit:3', kind: 'status_changed', at: '2030-06-03T10:00:00.000Z', fromStatus: 'approved', toStatus: 'cancelled', actor: { kind: 'attendee', userId: null, name: null } }),
  ],
};

function stubApi(body: unknown, status = 200) {
  const urls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      urls.push(new URL(request.url).pathname);
      return jsonResponse(status, body);
    }),
  );
  return urls;
}

describe('RegistrationHistory', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLocale('fr');
  });

  it('lists the story oldest first, with who did what, in the event’s time zone', async () => {
    const urls = stubApi(HISTORY);
    renderWithProviders(<RegistrationHistory eventId={EVENT_ID} registrationId={REGISTRATION_ID} />);

    const list = await screen.findByRole('list', { name: 'Historique' });
    expect(urls).toEqual([`/api/events/${EVENT_ID}/registrations/${REGISTRATION_ID}/history`]);
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(6);
    expect(items[0]!.textContent).toContain('Inscription');
    expect(items[0]!.textContent).toContain('En attente');
    expect(items[0]!.textContent).toContain('via le formulaire public');
    expect(items[0]!.textContent).toContain('par la personne elle-même');
    expect(items[1]!.textContent).toContain('E-mail : Inscription reçue : Forum');
    expect(items[1]!.textContent).toContain('lea@example.org');
    expect(items[1]!.textContent).toContain('Envoyé');
    expect(items[2]!.textContent).toContain('Statut : En attente → Confirmée');
    expect(items[2]!.textContent).toContain('action groupée');
    expect(items[2]!.textContent).toContain('par Alice Martin');
    expect(items[3]!.textContent).toContain('Arrivée');
    expect(items[3]!.textContent).toContain('entrée « Porte A »');
    expect(items[3]!.textContent).toMatch(/Annulé le .* par Bruno Petit/);
    expect(items[4]!.textContent).toContain('Inscription modifiée : réponses au formulaire, type de participant');
    expect(items[4]!.textContent).toContain('par un compte supprimé');
    expect(items[5]!.textContent).toContain('Statut : Confirmée → Annulée');

    // Times are the event's (New York), and machine-readable.
    expect(screen.getByText('Heures de l’événement (America/New_York)')).toBeTruthy();
    const time = items[0]!.querySelector('time')!;
    expect(time.getAttribute('dateTime')).toBe('2030-06-01T08:00:00.000Z');
    expect(time.textContent).toMatch(/04:00|4:00/);
  });

  it('speaks English when the interface does', async () => {
    setLocale('en');
    stubApi(HISTORY);
    renderWithProviders(<RegistrationHistory eventId={EVENT_ID} registrationId={REGISTRATION_ID} />);
    const list = await screen.findByRole('list', { name: 'History' });
    const items = within(list).getAllByRole('listitem');
    expect(items[2]!.textContent).toContain('Status: Awaiting → Confirmed');
    expect(items[2]!.textContent).toContain('by Alice Martin');
    expect(items[3]!.textContent).toContain('Checked in');
    expect(items[5]!.textContent).toContain('by the person themselves');
  });

  it('says so when the history cannot be loaded', async () => {
    stubApi({ statusCode: 404, code: 'REGISTRATION_NOT_FOUND', message: 'Registration not found.' }, 404);
    renderWithProviders(<RegistrationHistory eventId={EVENT_ID} registrationId={REGISTRATION_ID} />);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeTruthy();
  });
});
