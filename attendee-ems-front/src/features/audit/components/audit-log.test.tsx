import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { AuditLogEntry } from '../api/get-audit-logs';
import { AuditLog } from './audit-log';

const CONTACT_ID = 'c0000000-0000-4000-8000-000000000001';
const ACTOR_ID = 'a0000000-0000-4000-8000-000000000001';

const ENTRIES: AuditLogEntry[] = [
  {
    id: 'l1',
    action: 'contact.erased',
    targetType: 'contact',
    targetId: CONTACT_ID,
    actor: null,
    metadata: { reason: 'retention', registrations: 2 },
    ip: null,
    createdAt: '2027-03-01T03:23:00.000Z',
  },
  {
    id: 'l2',
    action: 'registrations.exported',
    targetType: 'export',
    targetId: 'f0000000-0000-4000-8000-000000000009',
    actor: { id: ACTOR_ID, email: 'admin@example.com', name: 'Alice Admin' },
    metadata: { format: 'xlsx' },
    ip: '203.0.113.7',
    createdAt: '2027-03-02T10:00:00.000Z',
  },
];

function stubApi(total = ENTRIES.length) {
  const queries: URLSearchParams[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/audit-logs') {
      queries.push(url.searchParams);
      return jsonResponse(200, { items: ENTRIES, total, page: Number(url.searchParams.get('page')), pageSize: 50 });
    }
    if (url.pathname === '/api/users') return jsonResponse(200, { items: [{ id: ACTOR_ID, email: 'admin@example.com', firstName: 'Alice', lastName: 'Admin' }], total: 1, page: 1, pageSize: 100 });
    return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
  });
  vi.stubGlobal('fetch', fetch);
  return { queries, fetch };
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

function renderLog(canListUsers = false, route = '/audit-log') {
  renderWithProviders(
    <Routes>
      <Route
        path="/audit-log"
        element={
          <>
            <AuditLog canListUsers={canListUsers} />
            <LocationProbe />
          </>
        }
      />
    </Routes>,
    { route },
  );
}

const lastQuery = (queries: URLSearchParams[]) => Object.fromEntries(queries[queries.length - 1]!);

describe('AuditLog', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists who did what to which target, the system for scheduled work, with details on demand', async () => {
    const { queries } = stubApi();
    renderLog();

    const table = await screen.findByRole('table', { name: 'Journal d’audit' });
    expect(screen.getByText('2 entrée(s)')).toBeTruthy();
    const [, erased, exported] = within(table).getAllByRole('row') as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(erased).getByText('Système')).toBeTruthy();
    expect(within(erased).getByText('contact.erased')).toBeTruthy();
    expect(within(erased).getByRole('link', { name: 'contact · c0000000' }).getAttribute('href')).toBe(`/contacts/${CONTACT_ID}`);
    expect(within(exported).getByText('Alice Admin')).toBeTruthy();
    // Targets the SPA has no page for are named, not linked.
    expect(within(exported).getByText('export · f0000000')).toBeTruthy();
    expect(within(exported).queryByRole('link')).toBeNull();
    expect(lastQuery(queries)).toEqual({ page: '1', pageSize: '50' });

    fireEvent.click(within(exported).getByRole('button', { name: /^Détails de registrations.exported du / }));
    const drawer = await screen.findByRole('dialog', { name: 'registrations.exported' });
    expect(within(drawer).getByText(/Alice Admin <admin@example\.com> · IP 203\.0\.113\.7/)).toBeTruthy();
    expect(within(drawer).getByText(/"format": "xlsx"/)).toBeTruthy();
  });

  it('filters by action (after typing stops) and by day, mirrored in the address so the view can be shared', async () => {
    const { queries } = stubApi();
    renderLog();
    await screen.findByRole('table');

    fireEvent.change(screen.getByRole('combobox', { name: /^Action/ }), { target: { value: 'contact.' } });
    await waitFor(() => expect(lastQuery(queries).action).toBe('contact.'));
    expect(screen.getByTestId('location').textContent).toBe('?action=contact.');

    fireEvent.change(screen.getByLabelText('Du'), { target: { value: '2027-03-01' } });
    await waitFor(() => expect(lastQuery(queries).from).toBe(new Date('2027-03-01T00:00:00').toISOString()));
    expect(lastQuery(queries).action).toBe('contact.');
    expect(screen.getByTestId('location').textContent).toBe('?action=contact.&from=2027-03-01');
  });

  it('opens on the filters and page given in the address, and pages through long logs', async () => {
    const { queries } = stubApi(120);
    renderLog(false, '/audit-log?action=contact.erased&page=2');
    await screen.findByRole('table');
    expect(lastQuery(queries)).toEqual({ page: '2', pageSize: '50', action: 'contact.erased' });
    expect((screen.getByRole('combobox', { name: /^Action/ }) as HTMLInputElement).value).toBe('contact.erased');

    fireEvent.click(screen.getByRole('button', { name: 'Page suivante' }));
    await waitFor(() => expect(lastQuery(queries).page).toBe('3'));
    expect(screen.getByTestId('location').textContent).toBe('?action=contact.erased&page=3');
  });

  it('offers the “who” filter only to people who may list users', async () => {
    const usersFetched = (fetch: ReturnType<typeof stubApi>['fetch']) => fetch.mock.calls.some(([request]) => new URL((request as Request).url).pathname === '/api/users');
    const denied = stubApi();
    renderLog(false);
    await screen.findByRole('table');
    expect(screen.queryAllByLabelText('Auteur')).toEqual([]);
    expect(usersFetched(denied.fetch)).toBe(false);
  });

  it('lets people who may list users pick who did it', async () => {
    const allowed = stubApi();
    renderLog(true);
    await screen.findByRole('table');
    expect(screen.getAllByLabelText('Auteur').length).toBeGreaterThan(0);
    await waitFor(() => expect(allowed.fetch.mock.calls.some(([request]) => new URL((request as Request).url).pathname === '/api/users')).toBe(true));
  });
});
