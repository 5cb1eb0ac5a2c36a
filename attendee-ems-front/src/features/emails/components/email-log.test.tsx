import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { EmailLogEntry } from '../api/get-email-log';
import { EmailLog } from './email-log';

const EVENT_ID = '6f1c2b1e-7a51-4c55-9a8e-0d1f3b2c4e5a';

function entry(index: number, patch: Partial<EmailLogEntry> = {}): EmailLogEntry {
  return {
    id: `e${index}`,
    registrationId: null,
    to: `person${index}@example.com`,
    subject: `Sujet ${index}`,
    template: 'registration.approved',
    locale: 'fr',
    status: 'sent',
    attempts: 1,
    lastError: null,
    nextAttemptAt: null,
    sentAt: '2026-11-20T10:00:00.000Z',
    createdAt: '2026-11-20T09:59:00.000Z',
    ...patch,
  };
}

/** 45 emails, the third one failing and waiting for a retry; filters and pages answered like the API. */
function stubApi() {
  const all = Array.from({ length: 45 }, (_, index) =>
    index === 2 ? entry(index, { status: 'pending', attempts: 2, lastError: 'SMTP 451 greylisted', nextAttemptAt: '2026-11-20T10:05:00.000Z' }) : entry(index),
  );
  const urls: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      urls.push(url);
      const page = Number(url.searchParams.get('page') ?? 1);
      const pageSize = Number(url.searchParams.get('pageSize') ?? 50);
      const status = url.searchParams.get('status');
      const items = all.filter((item) => !status || item.status === status);
      return jsonResponse(200, { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize });
    }),
  );
  return urls;
}

// Mantine tables and popovers are slow to render in jsdom on a busy machine.
describe('EmailLog', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the event’s emails with their status, last error and next retry, page by page', async () => {
    const urls = stubApi();
    renderWithProviders(<EmailLog eventId={EVENT_ID} />);

    expect(await screen.findByText('person0@example.com')).toBeTruthy();
    expect(screen.getByText('45 e-mail(s)')).toBeTruthy();
    expect(urls[0]!.pathname).toBe(`/api/events/${EVENT_ID}/emails`);
    const failing = screen.getByText('person2@example.com').closest('tr')!;
    expect(within(failing).getByText('En attente')).toBeTruthy();
    expect(within(failing).getByRole('button', { name: 'Dernière erreur : SMTP 451 greylisted' })).toBeTruthy();
    expect(within(failing).getAllByText('Inscription confirmée').length).toBe(1);

    expect(screen.getByText('Page 1 sur 3')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Page suivante' }));
    expect(await screen.findByText('person20@example.com')).toBeTruthy();
    expect(urls.at(-1)!.searchParams.get('page')).toBe('2');
  });

  it('filters by status and starts again from the first page', async () => {
    const urls = stubApi();
    renderWithProviders(<EmailLog eventId={EVENT_ID} />);
    await screen.findByText('person0@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Page suivante' }));
    await screen.findByText('person20@example.com');

    fireEvent.click(screen.getByRole('combobox', { name: 'État' }));
    fireEvent.click(await screen.findByRole('option', { name: 'En attente' }));

    await waitFor(() => expect(screen.getByText('1 e-mail(s)')).toBeTruthy());
    expect(urls.at(-1)!.searchParams.get('status')).toBe('pending');
    expect(urls.at(-1)!.searchParams.get('page')).toBe('1');
    expect(screen.queryByText('person0@example.com')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Page suivante' })).toBeNull();
  });
});
