import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventSummary } from '@/features/events/api/get-events';
import type { EventStats } from '@/features/events/api/get-event-stats';
import { sampleEvent } from '@/features/events/test-fixtures';
import { createTestQueryClient, jsonResponse, renderWithProviders } from '@/test/render';
import { DashboardRoute } from './dashboard';

const DAY = 86_400_000;
/** A UTC day `offset` days from today, as the stats' byDay gives it. */
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

function event(id: string, name: string, overrides: Partial<EventSummary> = {}): EventSummary {
  return sampleEvent({ id, code: id.toUpperCase(), name, locationName: 'Lyon', capacity: 100, seatsTaken: 30, publicToken: `t-${id}`, ...overrides });
}

function stats(registered: number, checkedIn: number, byDay: { day: string; count: number }[]): EventStats {
  return {
    registered,
    approved: registered,
    awaiting: 0,
    waitlisted: 0,
    refused: 0,
    cancelled: 0,
    checkedIn,
    capacity: 100,
    seatsTaken: registered,
    remaining: 100 - registered,
    attendanceRate: 0,
    byType: [],
    byDay: byDay as unknown as EventStats['byDay'],
  };
}

interface Organisation {
  upcoming: EventSummary[];
  past: EventSummary[];
  stats: Record<string, EventStats>;
}

/** The events API of one organisation; every path asked for is kept. */
function stubApi(organisation: Organisation) {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      paths.push(url.pathname + url.search);
      if (url.pathname === '/api/events') {
        const items = url.searchParams.get('when') === 'past' ? organisation.past : organisation.upcoming;
        return jsonResponse(200, { items, total: items.length, page: 1, pageSize: Number(url.searchParams.get('pageSize')) });
      }
      const statsOf = /^\/api\/events\/([^/]+)\/stats$/.exec(url.pathname)?.[1];
      if (statsOf && organisation.stats[statsOf]) return jsonResponse(200, organisation.stats[statsOf]);
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }),
  );
  return paths;
}

const MANAGER = ['events.read', 'events.create', 'registrations.read', 'invitations.create', 'roles.read'];

function renderAs(permissions: string[]) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(['auth', 'me'], {
    user: { firstName: 'Léa', isSuperAdmin: false },
    organization: { name: 'Ville de Lyon' },
    permissions: permissions.map((key) => ({ key, scope: 'org' })),
  });
  return renderWithProviders(<DashboardRoute />, { queryClient });
}

/** A metric card's figure, found from its label. */
const metric = (label: string) => screen.getByText(label).parentElement!.textContent!.replace(label, '');

describe('Home dashboard', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the upcoming events with their totals, the recent ones, and the registrations of the last four weeks', async () => {
    const paths = stubApi({
      upcoming: [event('e1', 'Forum des métiers'), event('e2', 'Salon du livre'), event('e3', 'Brouillon', { status: 'draft' })],
      past: [event('p1', 'Forum 2029', { endAt: '2029-03-10T17:00:00.000Z' })],
      stats: {
        // The 40-day-old registrations are outside the four weeks; the two events add up on the same day.
        e1: stats(30, 5, [{ day: day(-40), count: 9 }, { day: day(-3), count: 2 }, { day: day(-1), count: 5 }]),
        e2: stats(12, 1, [{ day: day(-1), count: 1 }]),
      },
    });
    renderAs(MANAGER);

    expect(screen.getByRole('heading', { level: 1, name: 'Bonjour Léa' })).toBeTruthy();
    const upcoming = (await screen.findByRole('heading', { name: 'Prochains événements' })).closest('div.mantine-Card-root') as HTMLElement;
    expect(within(upcoming).getAllByRole('article').map((card) => within(card).getAllByRole('link')[0]!.textContent)).toEqual(['Forum des métiers', 'Salon du livre', 'Brouillon']);
    expect(within(upcoming).getByRole('link', { name: 'Forum des métiers' }).getAttribute('href')).toBe('/events/e1');
    expect(within(upcoming).getByRole('link', { name: 'Tous les événements' }).getAttribute('href')).toBe('/events');

    const recent = screen.getByRole('heading', { name: 'Événements récents' }).closest('div.mantine-Card-root') as HTMLElement;
    expect(within(recent).getByRole('link', { name: 'Forum 2029' }).getAttribute('href')).toBe('/events/p1');

    // The trend: 2 then 6 registrations, up to today (4 days), drafts' stats never asked for.
    const chart = await screen.findByRole('img', { name: '8 inscription(s) sur 4 jour(s), au plus 6 par jour' });
    expect(chart.closest('div.mantine-Card-root')!.querySelector('h2')!.textContent).toBe('Inscriptions des quatre dernières semaines');
    expect(metric('Événements à venir')).toBe('3');
    await waitFor(() => expect(metric('Inscriptions')).toBe('42'));
    expect(metric('Entrées enregistrées')).toBe('6');
    expect(paths.filter((path) => path.endsWith('/stats')).sort()).toEqual(['/api/events/e1/stats', '/api/events/e2/stats']);

    // An organisation with events is not asked to create its first one.
    expect(screen.queryByRole('link', { name: /Créer votre premier événement/ })).toBeNull();
    expect(screen.getByRole('link', { name: /Inviter votre équipe/ }).getAttribute('href')).toBe('/users/invitations');
  });

  it('an organisation without events starts with "create your first event", and shows no recent events or trend bars', async () => {
    const paths = stubApi({ upcoming: [], past: [], stats: {} });
    renderAs(MANAGER);

    const first = await screen.findByRole('link', { name: /Créer votre premier événement/ });
    expect(first.getAttribute('href')).toBe('/events/new');
    const steps = screen.getByRole('heading', { name: 'Pour bien démarrer' }).closest('div.mantine-Card-root') as HTMLElement;
    expect(within(steps).getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual(['/events/new', '/users/invitations', '/roles']);
    // It comes before the (empty) events, as the first thing to do.
    expect(steps.compareDocumentPosition(screen.getByRole('heading', { name: 'Prochains événements' })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByText('Aucun événement à venir')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Événements récents' })).toBeNull();
    expect(screen.getByText('Pas encore d’inscription.')).toBeTruthy();
    expect(metric('Événements à venir')).toBe('0');
    expect(paths.filter((path) => path.endsWith('/stats'))).toEqual([]);
  });

  it('without the right to create events, no "create your first event"; without registrations, no stats or trend', async () => {
    const paths = stubApi({ upcoming: [], past: [], stats: {} });
    renderAs(['events.read']);
    expect(await screen.findByText('Aucun événement à venir')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Créer votre premier événement/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Pour bien démarrer' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Inscriptions des quatre dernières semaines' })).toBeNull();
    expect(paths.every((path) => path.startsWith('/api/events?'))).toBe(true);
  });

  it('a member who may not see events gets neither event figures nor event requests, only their steps', async () => {
    const paths = stubApi({ upcoming: [], past: [], stats: {} });
    renderAs(['organizations.update']);
    expect(await screen.findByRole('link', { name: /Configurer l’organisation/ })).toBeTruthy();
    expect(screen.queryByText('Événements à venir')).toBeNull();
    expect(screen.queryByText(/Bientôt disponible/)).toBeNull();
    expect(paths).toEqual([]);
  });
});
