import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { Registration } from '../api/get-registrations';
import { RegistrationsPanel } from './registrations-panel';

const EVENT_ID = '5d0c8a3e-1b2f-4c6d-8e9f-0a1b2c3d4e5f';
const REGISTRATIONS_PATH = `/api/events/${EVENT_ID}/registrations`;
const ANSWERS = [{ id: 'diet', label: 'Régime', options: { veg: 'Végétarien' } }];

function registration(index: number, lastName: string): Registration {
  return {
    id: `00000000-0000-4000-8000-00000000000${index}`,
    eventId: EVENT_ID,
    contactId: `c${index}`,
    email: `${lastName.toLowerCase()}@example.org`,
    firstName: 'Léa',
    lastName,
    phone: null,
    company: `Société ${lastName}`,
    jobTitle: null,
    country: null,
    status: 'awaiting',
    confirmationNumber: `N${index}`,
    credential: `cred${index}`,
    attendeeTypeId: null,
    attendeeTypeName: null,
    attendeeTypeColor: null,
    answers: { diet: 'veg' },
    profileDiff: null,
    waitlistPosition: null,
    source: 'public',
    checkedInAt: null,
    deletedAt: null,
    createdAt: '2030-02-01T09:00:00.000Z',
    updatedAt: '2030-02-01T09:00:00.000Z',
  };
}

const PEOPLE = [registration(1, 'Martin'), registration(2, 'Marchand'), registration(3, 'Durand')];

/** The registrations API: searches by name like the server; `total` may exceed what is listed. Every list URL and bulk body is kept. */
function stubApi({ total }: { total?: number } = {}) {
  const lists: URL[] = [];
  const bulks: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === REGISTRATIONS_PATH && request.method === 'GET') {
        lists.push(url);
        const search = url.searchParams.get('search')?.toLowerCase() ?? '';
        const items = PEOPLE.filter((person) => person.lastName.toLowerCase().includes(search));
        return jsonResponse(200, { items, total: search ? items.length : (total ?? items.length), totalCapped: false, hasMore: false, page: 1, pageSize: 100 });
      }
      if (url.pathname === `${REGISTRATIONS_PATH}/bulk-operations` && request.method === 'POST') {
        const body = (await request.json()) as { ids?: string[] };
        bulks.push(body);
        const count = body.ids?.length ?? total ?? 0;
        return jsonResponse(201, { id: 'op-1', eventId: EVENT_ID, action: 'approved', status: 'done', total: count, done: count, updated: count, skipped: {}, error: null, createdAt: '2030-02-02T09:00:00.000Z', finishedAt: '2030-02-02T09:00:01.000Z' });
      }
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }),
  );
  return { lists, bulks };
}

function renderPanel({ canApprove = true } = {}) {
  return renderWithProviders(
    <RegistrationsPanel eventId={EVENT_ID} answerColumns={ANSWERS} attendeeTypes={[]} canCreate={false} canApprove={canApprove} canUpdate canDelete={false} />,
  );
}

const headers = () => screen.getAllByRole('columnheader').map((header) => header.textContent);
const rowOf = (lastName: string) => screen.getByRole('button', { name: `Ouvrir la fiche de Léa ${lastName}` }).closest('tr')!;

describe('Registrations panel', { timeout: 20_000 }, () => {
  // The table is virtualised: it renders the rows that fit in its box, which jsdom sizes 0×0.
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('the column picker shows and hides columns, says which are shown, and remembers the choice', async () => {
    stubApi();
    const view = renderPanel();
    await screen.findByText('martin@example.org');
    expect(headers()).toEqual(['', 'Nom', 'E-mail', 'Société', 'Type', 'Statut', 'Inscrit le']);

    fireEvent.click(screen.getByRole('button', { name: 'Colonnes' }));
    const menu = await screen.findByRole('menu');
    const company = within(menu).getByRole('menuitemcheckbox', { name: 'Société' });
    expect(company.getAttribute('aria-checked')).toBe('true');
    expect(within(menu).getByRole('menuitemcheckbox', { name: 'Présence' }).getAttribute('aria-checked')).toBe('false');

    fireEvent.click(company);
    expect(company.getAttribute('aria-checked')).toBe('false');
    expect(headers()).not.toContain('Société');
    expect(within(rowOf('Martin')).queryByText('Société Martin')).toBeNull();

    fireEvent.click(within(menu).getByRole('menuitemcheckbox', { name: 'Régime' }));
    expect(headers()).toContain('Régime');
    expect(within(rowOf('Martin')).getByText('Végétarien')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem('ems.registrations.columns')!)).toEqual(['email', 'type', 'status', 'createdAt', 'answer:diet']);

    // Coming back to the list keeps the choice.
    view.unmount();
    renderPanel();
    await screen.findByText('martin@example.org');
    expect(headers()).toEqual(['', 'Nom', 'E-mail', 'Type', 'Statut', 'Inscrit le', 'Régime']);
  });

  it('search as you type waits for a pause, then asks the API for what was typed', async () => {
    const { lists } = stubApi();
    renderPanel();
    await screen.findByText('martin@example.org');
    expect(lists.map((url) => url.searchParams.get('search'))).toEqual([null]);

    const search = screen.getByRole('searchbox', { name: 'Rechercher une inscription' });
    fireEvent.change(search, { target: { value: 'm' } });
    fireEvent.change(search, { target: { value: 'ma' } });
    fireEvent.change(search, { target: { value: 'mar' } });
    expect(lists).toHaveLength(1);

    await waitFor(() => expect(screen.queryByText('durand@example.org')).toBeNull());
    expect(lists.map((url) => url.searchParams.get('search'))).toEqual([null, 'mar']);
    expect(screen.getByText('martin@example.org')).toBeTruthy();
    expect(screen.getByText('marchand@example.org')).toBeTruthy();
    expect(screen.getByText('2 inscription(s) · 2 chargée(s)')).toBeTruthy();
  });

  it('selecting rows shows the bulk actions with the count, and approving sends exactly those', async () => {
    const { bulks } = stubApi();
    renderPanel();
    await screen.findByText('martin@example.org');
    expect(screen.queryByTestId('bulk-bar')).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner Léa Martin' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner Léa Durand' }));
    const bar = screen.getByTestId('bulk-bar');
    expect(within(bar).getByText('2 sélectionnée(s)')).toBeTruthy();
    expect(rowOf('Martin').getAttribute('aria-selected')).toBe('true');
    expect(rowOf('Marchand').getAttribute('aria-selected')).toBe('false');
    expect((screen.getByRole('checkbox', { name: 'Tout sélectionner' }) as HTMLInputElement).indeterminate).toBe(true);

    fireEvent.click(within(bar).getByRole('button', { name: 'Approuver' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approuver' });
    expect(within(dialog).getByText(/^Appliquer ce changement à 2 inscription\(s\) \?/)).toBeTruthy();
    expect(bulks).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approuver' }));

    await waitFor(() => expect(bulks).toHaveLength(1));
    expect(bulks[0]).toEqual({ status: 'approved', ids: [PEOPLE[0]!.id, PEOPLE[2]!.id] });
    await waitFor(() => expect(screen.queryByTestId('bulk-bar')).toBeNull());
  });

  it('"select all" takes the loaded rows, then offers every registration matching the filters', async () => {
    const { bulks } = stubApi({ total: 250 });
    renderPanel();
    await screen.findByText('martin@example.org');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Tout sélectionner' }));
    const bar = screen.getByTestId('bulk-bar');
    expect(within(bar).getByText('3 sélectionnée(s)')).toBeTruthy();
    fireEvent.click(within(bar).getByRole('button', { name: 'Sélectionner les 250 inscriptions correspondantes' }));
    expect(within(bar).getByText('Les 250 inscriptions correspondant aux filtres sont sélectionnées')).toBeTruthy();

    fireEvent.click(within(bar).getByRole('button', { name: 'Refuser' }));
    const dialog = await screen.findByRole('dialog', { name: 'Refuser' });
    expect(within(dialog).getByText(/^Appliquer ce changement à 250 inscription\(s\) \?/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Refuser' }));
    await waitFor(() => expect(bulks).toEqual([{ status: 'refused', filter: {} }]));
  });

  it('a new search clears the selection; without the right to approve there are no bulk status buttons', async () => {
    stubApi();
    renderPanel({ canApprove: false });
    await screen.findByText('martin@example.org');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner Léa Martin' }));
    expect(screen.queryByRole('button', { name: 'Approuver' })).toBeNull();
    expect(screen.queryByTestId('bulk-bar')).toBeNull();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Rechercher une inscription' }), { target: { value: 'mar' } });
    expect((screen.getByRole('checkbox', { name: 'Sélectionner Léa Martin' }) as HTMLInputElement).checked).toBe(false);
  });
});
