import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { ContactDetail } from '../api/get-contact';
import { ContactActions, type ContactPermissions } from './contact-actions';

const ID = 'c0000000-0000-4000-8000-000000000001';
const ALL: ContactPermissions = { canUpdate: true, canExport: true, canErase: true, canDelete: true };

function contact(registrations: number, extra: Partial<ContactDetail> = {}): ContactDetail {
  const now = new Date().toISOString();
  return {
    id: ID,
    email: 'zoe.durand@example.org',
    firstName: 'Zoé',
    lastName: 'Durand',
    phone: null,
    company: null,
    jobTitle: null,
    country: null,
    labels: [],
    customFields: {},
    eventsCount: registrations,
    attendedCount: 0,
    lastEventAt: null,
    anonymizedAt: null,
    deactivatedAt: null,
    createdAt: now,
    updatedAt: now,
    notes: [],
    registrations: [],
    stats: { registrations, approved: registrations, attended: 0, cancelled: 0, noShows: 0, attendanceRate: 0 },
    ...extra,
  };
}

interface Answer {
  status: number;
  body?: unknown;
}

/** Records every write; answers erase and delete as told. */
function stubApi({ erase = { status: 200, body: { contactId: ID, registrations: 2, emails: 3, revisions: 4 } }, remove = { status: 200, body: { contactId: ID, mode: 'deleted', cancelledRegistrations: 0 } } }: { erase?: Answer; remove?: Answer } = {}) {
  const writes: Array<{ method: string; path: string; search: string }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (request.method !== 'GET') writes.push({ method: request.method, path: url.pathname, search: url.search });
      if (request.method === 'POST' && url.pathname === `/api/contacts/${ID}/erase`) return jsonResponse(erase.status, erase.body);
      if (request.method === 'DELETE' && url.pathname === `/api/contacts/${ID}`) return jsonResponse(remove.status, remove.body);
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }),
  );
  return writes;
}

function renderActions(detail: ContactDetail, permissions: ContactPermissions = ALL) {
  renderWithProviders(
    <Routes>
      <Route path="/contacts/:id" element={<ContactActions contact={detail} permissions={permissions} hasLifecycle />} />
      <Route path="/contacts" element={<p>contacts list</p>} />
    </Routes>,
    { route: `/contacts/${ID}` },
  );
}

async function choose(item: string) {
  fireEvent.click(screen.getByRole('button', { name: 'Actions' }));
  fireEvent.click(await screen.findByRole('menuitem', { name: item }));
  return screen.findByRole('dialog');
}

describe('ContactActions', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  describe('erasure', () => {
    it('does nothing until the confirmation word is typed, then erases once', async () => {
      const writes = stubApi();
      renderActions(contact(2));

      const dialog = await choose('Effacer ses données…');
      expect(within(dialog).getByText(/les statistiques de vos événements ne changent pas/)).toBeTruthy();
      const confirm = within(dialog).getByRole('button', { name: 'Effacer définitivement' }) as HTMLButtonElement;
      const word = within(dialog).getByRole('textbox', { name: 'Pour confirmer, tapez EFFACER' });
      expect(confirm.disabled).toBe(true);

      fireEvent.change(word, { target: { value: 'EFFACE' } });
      expect(confirm.disabled).toBe(true);
      // Enter in the field submits the form: still refused with the wrong word.
      fireEvent.submit(word.closest('form')!);
      expect(writes).toEqual([]);

      fireEvent.change(word, { target: { value: ' effacer ' } });
      expect(confirm.disabled).toBe(false);
      fireEvent.click(confirm);

      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(writes).toEqual([{ method: 'POST', path: `/api/contacts/${ID}/erase`, search: '' }]);
    });

    it('cancelling sends nothing, and the typed word does not survive a reopening', async () => {
      const writes = stubApi();
      renderActions(contact(0));

      let dialog = await choose('Effacer ses données…');
      fireEvent.change(within(dialog).getByRole('textbox', { name: /Pour confirmer/ }), { target: { value: 'EFFACER' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

      dialog = await choose('Effacer ses données…');
      expect((within(dialog).getByRole('textbox', { name: /Pour confirmer/ }) as HTMLInputElement).value).toBe('');
      expect((within(dialog).getByRole('button', { name: 'Effacer définitivement' }) as HTMLButtonElement).disabled).toBe(true);
      expect(writes).toEqual([]);
    });

    it('keeps the dialog open with the API’s reason when the erasure is refused', async () => {
      stubApi({ erase: { status: 409, body: { statusCode: 409, code: 'CONTACT_ERASED', message: 'already' } } });
      renderActions(contact(0));
      const dialog = await choose('Effacer ses données…');
      fireEvent.change(within(dialog).getByRole('textbox', { name: /Pour confirmer/ }), { target: { value: 'EFFACER' } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Effacer définitivement' }));

      expect((await within(dialog).findByRole('alert')).textContent).toBe('Les données de ce contact ont déjà été effacées.');
      expect(screen.getByRole('dialog')).toBe(dialog);
    });

    it('is not offered for a contact already erased, nor without the permission', async () => {
      stubApi();
      renderActions(contact(0, { anonymizedAt: new Date().toISOString() }), { ...ALL, canErase: false });
      fireEvent.click(screen.getByRole('button', { name: 'Actions' }));
      await screen.findByRole('menuitem', { name: 'Supprimer définitivement…' });
      expect(screen.queryByRole('menuitem', { name: 'Effacer ses données…' })).toBeNull();
    });
  });

  describe('deletion', () => {
    it('deletes only after the confirmation, then leaves for the contacts list', async () => {
      const writes = stubApi();
      renderActions(contact(0));

      let dialog = await choose('Supprimer définitivement…');
      // No registration: nothing to anonymise, so no such choice.
      expect(within(dialog).queryByRole('checkbox')).toBeNull();
      fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(writes).toEqual([]);

      dialog = await choose('Supprimer définitivement…');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
      expect(await screen.findByText('contacts list')).toBeTruthy();
      expect(writes).toEqual([{ method: 'DELETE', path: `/api/contacts/${ID}`, search: '' }]);
    });

    it('asks for force only when the person has registrations, and sends it when ticked', async () => {
      const writes = stubApi({ remove: { status: 200, body: { contactId: ID, mode: 'anonymised', cancelledRegistrations: 2 } } });
      renderActions(contact(2));

      const dialog = await choose('Supprimer définitivement…');
      fireEvent.click(within(dialog).getByRole('checkbox', { name: /Anonymiser aussi ses 2 inscription\(s\)/ }));
      fireEvent.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
      await screen.findByText('contacts list');
      expect(writes).toEqual([{ method: 'DELETE', path: `/api/contacts/${ID}`, search: '?force=true' }]);
    });

    it('stays on the contact with the reason when active registrations block the deletion', async () => {
      const writes = stubApi({ remove: { status: 409, body: { statusCode: 409, code: 'CONTACT_HAS_REGISTRATIONS', message: 'active' } } });
      renderActions(contact(2));

      const dialog = await choose('Supprimer définitivement…');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
      expect((await within(dialog).findByRole('alert')).textContent).toContain('Ce contact a des inscriptions actives');
      expect(screen.queryByText('contacts list')).toBeNull();
      expect(writes).toEqual([{ method: 'DELETE', path: `/api/contacts/${ID}`, search: '' }]);
    });
  });

  it('shows no menu at all to someone who may do none of this', () => {
    stubApi();
    renderActions(contact(0), { canUpdate: false, canExport: false, canErase: false, canDelete: false });
    expect(screen.queryByRole('button', { name: 'Actions' })).toBeNull();
  });
});
