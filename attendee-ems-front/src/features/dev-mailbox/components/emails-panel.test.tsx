import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { DevEmail } from '../api/get-dev-emails';
import { EmailsPanel } from './emails-panel';

const CONFIRMATION_ID = '0b6d3c1e-2f4a-4d6b-9c8e-1a2b3c4d5e6f';
const RESET_ID = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

function email(patch: Partial<DevEmail>): DevEmail {
  return {
    id: CONFIRMATION_ID,
    to: 'lea@example.org',
    subject: 'Inscription confirmée : Forum des métiers',
    template: 'registration.approved',
    locale: 'fr',
    status: 'sent',
    transport: 'dev-outbox',
    attempts: 1,
    lastError: null,
    attachments: [],
    createdAt: '2030-03-01T09:00:00.000Z',
    sentAt: '2030-03-01T09:00:01.000Z',
    ...patch,
  };
}

const MAILBOX = [
  email({ attachments: ['qr-code.png', 'event.ics'] }),
  email({ id: RESET_ID, to: 'admin@example.org', subject: 'Réinitialisez votre mot de passe', template: 'auth.password-reset', status: 'failed', lastError: 'SMTP 550 mailbox unavailable' }),
];

/** The dev mailbox API: the list, and each email's HTML; every path asked for is kept. */
function stubApi(items: DevEmail[] | 'absent') {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      paths.push(path);
      if (items === 'absent') return jsonResponse(404, { statusCode: 404, code: 'ROUTE_NOT_FOUND', message: 'Cannot GET /api/dev/emails' });
      if (path === '/api/dev/emails') return jsonResponse(200, { items });
      const id = path.slice('/api/dev/emails/'.length);
      const found = items.find((item) => item.id === id);
      if (!found) return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Email not found.' });
      return new Response(`<html><body><h1>${found.subject}</h1><p>Bonjour Léa</p></body></html>`, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      });
    }),
  );
  return paths;
}

describe('Dev mailbox panel', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the emails with their recipient, subject, attachments and delivery state', async () => {
    stubApi(MAILBOX);
    renderWithProviders(<EmailsPanel />);

    expect(await screen.findByRole('heading', { name: 'Boîte mail de développement' })).toBeTruthy();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [confirmation, reset] = rows as [HTMLElement, HTMLElement];
    expect(within(confirmation).getByText('lea@example.org')).toBeTruthy();
    expect(within(confirmation).getByText('Envoyé')).toBeTruthy();
    expect(within(confirmation).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['qr-code.png', 'event.ics']);
    expect(within(reset).getByText('admin@example.org')).toBeTruthy();
    expect(within(reset).getByText('Échec')).toBeTruthy();
    // The reason is written out, not hidden in a hover-only title.
    expect(within(reset).getByText('SMTP 550 mailbox unavailable')).toBeTruthy();
    expect(within(confirmation).queryByText(/SMTP/)).toBeNull();
    expect(within(reset).queryAllByRole('listitem')).toEqual([]);
    expect(screen.getByRole('columnheader', { name: 'Pièces jointes' })).toBeTruthy();
  });

  it('opens an email: its HTML as sent in a sandboxed frame, with its recipient and attachments, then closes', async () => {
    const paths = stubApi(MAILBOX);
    renderWithProviders(<EmailsPanel />);

    const open = await screen.findByRole('button', { name: 'Ouvrir l’e-mail « Inscription confirmée : Forum des métiers »' });
    expect(paths).not.toContain(`/api/dev/emails/${CONFIRMATION_ID}`);
    fireEvent.click(open);

    const dialog = await screen.findByRole('dialog', { name: 'Inscription confirmée : Forum des métiers' });
    expect(within(dialog).getByText(/À : lea@example\.org/)).toBeTruthy();
    expect(within(dialog).getByText('Pièces jointes : qr-code.png, event.ics')).toBeTruthy();
    const frame = (await within(dialog).findByTitle('Contenu de l’e-mail « Inscription confirmée : Forum des métiers »')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<p>Bonjour Léa</p>');
    expect(paths).toContain(`/api/dev/emails/${CONFIRMATION_ID}`);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Fermer' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // Another email opens with its own content.
    fireEvent.click(screen.getByRole('button', { name: 'Ouvrir l’e-mail « Réinitialisez votre mot de passe »' }));
    const second = await screen.findByRole('dialog', { name: 'Réinitialisez votre mot de passe' });
    expect((await within(second).findByTitle(/Réinitialisez votre mot de passe/)).getAttribute('srcdoc')).toContain('<h1>Réinitialisez votre mot de passe</h1>');
    expect(within(second).queryByText(/Pièces jointes :/)).toBeNull();
  });

  it('an email that can no longer be read says so in the dialog', async () => {
    const items = [email({ subject: 'Gone' })];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) =>
        new URL(request.url).pathname === '/api/dev/emails' ? jsonResponse(200, { items }) : jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Email not found.' }),
      ),
    );
    renderWithProviders(<EmailsPanel />);
    fireEvent.click(await screen.findByRole('button', { name: 'Ouvrir l’e-mail « Gone »' }));
    const dialog = await screen.findByRole('dialog', { name: 'Gone' });
    expect(await within(dialog).findByRole('alert')).toBeTruthy();
    expect(within(dialog).queryByTitle(/Contenu de l’e-mail/)).toBeNull();
  });

  it('an empty mailbox says so', async () => {
    stubApi([]);
    renderWithProviders(<EmailsPanel />);
    expect(await screen.findByText('Aucun e-mail pour le moment')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('where the mailbox does not exist (production), shows nothing and stops asking', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const paths = stubApi('absent');
      const { container } = renderWithProviders(<EmailsPanel />);
      await waitFor(() => expect(paths).toEqual(['/api/dev/emails']));
      // Nothing rendered but Mantine's own style tags: no title, no error, no loader.
      const rendered = () => [...container.children].filter((element) => element.tagName !== 'STYLE');
      await waitFor(() => expect(rendered()).toEqual([]));
      await vi.advanceTimersByTimeAsync(35_000);
      expect(paths).toEqual(['/api/dev/emails']);
      expect(screen.queryByRole('alert')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
