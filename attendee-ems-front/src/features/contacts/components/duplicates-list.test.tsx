import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { DuplicatePair } from '../api/get-duplicates';
import { DuplicatesList } from './duplicates-list';

function person(id: string, firstName: string, lastName: string, extra: Partial<DuplicatePair['a']> = {}): DuplicatePair['a'] {
  const now = new Date().toISOString();
  return {
    id,
    email: null,
    firstName,
    lastName,
    phone: null,
    company: null,
    jobTitle: null,
    country: null,
    labels: [],
    customFields: {},
    eventsCount: 0,
    attendedCount: 0,
    lastEventAt: null,
    anonymizedAt: null,
    deactivatedAt: null,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

const PAIRS: DuplicatePair[] = [
  {
    a: person('c1', 'Marie', 'Dupont', { email: 'marie.dupont@acme.fr', company: 'ACME', eventsCount: 3 }),
    b: person('c2', 'Marie-Anne', 'Dupont', { email: 'marie.dupont+events@acme.fr', phone: '+33 6 12 34 56 78', eventsCount: 1 }),
    score: 0.9,
    reasons: ['email-variant'],
  },
  { a: person('c3', 'Paul', 'Martin', { phone: '0612345678' }), b: person('c4', 'Paolo', 'Martin', { phone: '0612345678' }), score: 0.8, reasons: ['phone'] },
  { a: person('c5', 'Jon', 'Smith', { company: 'Acme' }), b: person('c6', 'John', 'Smith', { company: 'ACME SA' }), score: 0.46, reasons: ['company', 'similar-name'] },
];

function stubApi(answer: () => Response) {
  const fetch = vi.fn(async () => answer());
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('DuplicatesList', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists each pair with why it looks like one person, links to both contacts, and hands the pair to the merge', async () => {
    stubApi(() => jsonResponse(200, { items: PAIRS, total: PAIRS.length, page: 1, pageSize: 50 }));
    const onMerge = vi.fn();
    renderWithProviders(<DuplicatesList canMerge onMerge={onMerge} />);

    expect(await screen.findByText('3 paire(s) à vérifier')).toBeTruthy();
    const [first, second, third] = screen.getAllByTestId('duplicate-pair') as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(first).getByRole('link', { name: 'Marie Dupont' }).getAttribute('href')).toBe('/contacts/c1');
    expect(within(first).getByRole('link', { name: 'Marie-Anne Dupont' }).getAttribute('href')).toBe('/contacts/c2');
    expect(within(first).getByText('marie.dupont@acme.fr · ACME')).toBeTruthy();
    expect(within(first).getByText('Événements : 3')).toBeTruthy();
    expect(within(first).getByText('Variante d’e-mail')).toBeTruthy();
    expect(within(first).getByText('Ressemblance 90 %')).toBeTruthy();
    expect(within(second).getByText('Même téléphone')).toBeTruthy();
    expect(within(third).getByText('Même société')).toBeTruthy();
    expect(within(third).getByText('Noms proches')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Fusionner Paul Martin et Paolo Martin' }));
    expect(onMerge).toHaveBeenCalledExactlyOnceWith(PAIRS[1]);
  });

  it('offers no merge to people who may not change contacts', async () => {
    stubApi(() => jsonResponse(200, { items: PAIRS, total: PAIRS.length, page: 1, pageSize: 50 }));
    renderWithProviders(<DuplicatesList canMerge={false} onMerge={vi.fn()} />);
    await screen.findByText('3 paire(s) à vérifier');
    expect(screen.queryByRole('button', { name: /^Fusionner/ })).toBeNull();
  });

  it('pages through many pairs, most likely first, asking the API for each page', async () => {
    const fetch = stubApi(() => jsonResponse(200, { items: PAIRS, total: 45, page: 1, pageSize: 20 }));
    renderWithProviders(<DuplicatesList canMerge onMerge={vi.fn()} />);
    expect(await screen.findByText('45 paire(s) à vérifier')).toBeTruthy();
    const url = (call: number) => new URL(((fetch.mock.calls[call] as unknown[])[0] as Request).url);
    expect(url(0).searchParams.get('page')).toBe('1');
    expect(url(0).searchParams.get('pageSize')).toBe('20');
    fireEvent.click(screen.getByRole('button', { name: '3' }));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    expect(url(1).searchParams.get('page')).toBe('3');
  });

  it('says when there is nothing to review', async () => {
    stubApi(() => jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 50 }));
    renderWithProviders(<DuplicatesList canMerge onMerge={vi.fn()} />);
    expect(await screen.findByText('Aucun doublon détecté')).toBeTruthy();
    expect(screen.queryByTestId('duplicate-pair')).toBeNull();
  });

  it('shows a failed load with a way to try again', async () => {
    let calls = 0;
    const fetch = stubApi(() => (calls++ === 0 ? jsonResponse(403, { statusCode: 403, code: 'FORBIDDEN', message: 'no' }) : jsonResponse(200, { items: PAIRS, total: PAIRS.length, page: 1, pageSize: 50 })));
    renderWithProviders(<DuplicatesList canMerge onMerge={vi.fn()} />);

    expect((await screen.findByRole('alert')).textContent).toContain('Vous n’avez pas la permission');
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByText('3 paire(s) à vérifier')).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
