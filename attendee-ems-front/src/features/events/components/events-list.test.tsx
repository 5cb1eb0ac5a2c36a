import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { EventSummary } from '../api/get-events';
import { sampleEvent } from '../test-fixtures';
import { EventsList } from './events-list';

function event(index: number, tags: string[]): EventSummary {
  return sampleEvent({ id: `00000000-0000-4000-8000-00000000000${index}`, code: `E${index}`, name: `Événement ${index}`, publicToken: `t${index}`, tags });
}

/** The list API filtering by tags (any of) like the server does; every request's URL is kept. */
function stubApi() {
  const all = [event(1, ['vip', 'presse']), event(2, ['presse']), event(3, [])];
  const lists: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/events/tags') return jsonResponse(200, { tags: ['presse', 'vip'] });
      lists.push(url);
      const tags = url.searchParams.getAll('tags');
      const items = all.filter((item) => !tags.length || item.tags.some((tag) => tags.includes(tag)));
      return jsonResponse(200, { items, total: items.length, page: 1, pageSize: 12 });
    }),
  );
  return lists;
}

describe('EventsList: tag filter', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the tags from the URL, shows each event’s tags on its card, and a click on a tag filters by it', async () => {
    const lists = stubApi();
    renderWithProviders(<EventsList />, { route: '/events?tag=presse&when=all' });

    await screen.findByText('Événement 2');
    expect(lists.at(-1)!.searchParams.getAll('tags')).toEqual(['presse']);
    expect(lists.at(-1)!.searchParams.get('when')).toBe('all');
    expect(screen.queryByText('Événement 3')).toBeNull();
    const card = screen.getByText('Événement 1').closest('article')!;
    expect(within(within(card).getByRole('list', { name: 'Étiquettes de l’événement' })).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['vip', 'presse']);

    fireEvent.click(within(card).getByRole('button', { name: 'Afficher les événements étiquetés « vip »' }));
    await waitFor(() => expect(lists.at(-1)!.searchParams.getAll('tags')).toEqual(['presse', 'vip']));

    fireEvent.click(screen.getByRole('button', { name: 'Effacer les filtres' }));
    await waitFor(() => expect(lists.at(-1)!.searchParams.getAll('tags')).toEqual([]));
    expect(lists.at(-1)!.searchParams.get('when')).toBe('upcoming');
    expect(await screen.findByText('Événement 3')).toBeTruthy();
  });

  it('shows the tags in the table view too', async () => {
    stubApi();
    localStorage.setItem('ems.events.view', JSON.stringify('table'));
    renderWithProviders(<EventsList />, { route: '/events' });
    const row = (await screen.findByText('Événement 1')).closest('tr')!;
    expect(within(row).getByRole('button', { name: 'Afficher les événements étiquetés « presse »' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Étiquettes' })).toBeTruthy();
  });
});
