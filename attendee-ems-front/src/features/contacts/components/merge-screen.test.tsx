import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useParams } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { ContactDetail } from '../api/get-contact';
import { MergeScreen } from './merge-screen';

const A = 'a0000000-0000-4000-8000-00000000000a';
const B = 'b0000000-0000-4000-8000-00000000000b';

function contact(id: string, fields: Partial<ContactDetail>, registrations: number, notes: number): ContactDetail {
  const now = new Date().toISOString();
  return {
    id,
    email: null,
    firstName: '',
    lastName: '',
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
    notes: Array.from({ length: notes }, (_, index) => ({ id: `${id}-n${index}`, body: 'note', authorId: null, createdAt: now })),
    registrations: Array.from({ length: registrations }, (_, index) => ({
      id: `${id}-r${index}`,
      eventId: `e${index}`,
      eventName: `Event ${index}`,
      eventStartAt: now,
      status: 'approved',
      attendeeTypeName: null,
      checkedInAt: null,
      createdAt: now,
    })),
    stats: { registrations, approved: registrations, attended: 0, cancelled: 0, noShows: 0, attendanceRate: 0 },
    ...fields,
  };
}

// Same person twice: A has more history (survives by default) but no phone; B has a phone, another company, a label.
const MARIE = contact(A, { email: 'marie.dupont@acme.fr', firstName: 'Marie', lastName: 'Dupont', company: 'ACME', jobTitle: 'CTO', country: 'FR' }, 3, 0);
const MARIE_ANNE = contact(B, { email: 'm.dupont@gmail.com', firstName: 'Marie-Anne', lastName: 'Dupont', phone: '+33 6 12 34 56 78', company: 'Acme SAS', country: 'FR', labels: ['VIP'] }, 1, 2);

function stubApi(mergeAnswer: { status: number; body: unknown } = { status: 200, body: { id: A } }) {
  const merges: Array<{ path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET' && path === `/api/contacts/${A}`) return jsonResponse(200, MARIE);
      if (request.method === 'GET' && path === `/api/contacts/${B}`) return jsonResponse(200, MARIE_ANNE);
      if (request.method === 'POST' && path.endsWith('/merge')) {
        merges.push({ path, body: await request.json() });
        return jsonResponse(mergeAnswer.status, mergeAnswer.body);
      }
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }),
  );
  return merges;
}

function ContactProbe() {
  return <p>contact page {useParams().id}</p>;
}

function renderMerge(onCancel = vi.fn()) {
  renderWithProviders(
    <Routes>
      <Route path="/contacts/duplicates" element={<MergeScreen firstId={A} secondId={B} onCancel={onCancel} />} />
      <Route path="/contacts/:id" element={<ContactProbe />} />
    </Routes>,
    { route: '/contacts/duplicates' },
  );
  return onCancel;
}

const keep = (field: string, value: string) => screen.getByRole('radio', { name: `${field} : garder « ${value} »` }) as HTMLInputElement;

describe('MergeScreen', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks only about fields that differ, starts from sensible choices, and sends the chosen side of each after a confirmation', async () => {
    const merges = stubApi();
    renderMerge();

    await screen.findByRole('heading', { name: 'Fusionner deux contacts' });
    // Equal fields are shown once, not asked about.
    expect(screen.queryByRole('radio', { name: /^Nom : garder/ })).toBeNull();
    expect(screen.queryByRole('radio', { name: /^Pays : garder/ })).toBeNull();
    expect(screen.getAllByText('(identique)')).toHaveLength(2);
    // The survivor's values by default, except where it has none.
    expect(keep('E-mail', 'marie.dupont@acme.fr').checked).toBe(true);
    expect(keep('Téléphone', '—').checked).toBe(false);
    expect(keep('Téléphone', '+33 6 12 34 56 78').checked).toBe(true);
    expect(keep('Fonction', 'CTO').checked).toBe(true);
    expect(screen.getByText(/Marie-Anne Dupont sera supprimé : 1 inscription\(s\) et 2 note\(s\) passeront à Marie Dupont\./)).toBeTruthy();
    expect(screen.getByText(/Étiquettes ajoutées : VIP\./)).toBeTruthy();

    fireEvent.click(keep('Société', 'Acme SAS'));
    fireEvent.click(keep('Prénom', 'Marie-Anne'));
    fireEvent.click(screen.getByRole('button', { name: 'Fusionner' }));

    const dialog = await screen.findByRole('dialog', { name: 'Confirmer la fusion' });
    expect(dialog.textContent).toContain('Marie-Anne Dupont sera fusionné dans Marie Dupont puis supprimé.');
    expect(merges).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Fusionner' }));

    expect(await screen.findByText(`contact page ${A}`)).toBeTruthy();
    expect(merges).toEqual([
      { path: `/api/contacts/${A}/merge`, body: { otherId: B, fields: { email: 'this', firstName: 'other', phone: 'other', company: 'other', jobTitle: 'this' } } },
    ]);
  });

  it('keeps every chosen value when the other contact becomes the one kept', async () => {
    const merges = stubApi({ status: 200, body: { id: B } });
    renderMerge();
    await screen.findByRole('heading', { name: 'Fusionner deux contacts' });

    fireEvent.click(keep('Société', 'Acme SAS'));
    fireEvent.click(screen.getByRole('radio', { name: 'Marie-Anne Dupont' }));

    expect(keep('Société', 'Acme SAS').checked).toBe(true);
    expect(keep('E-mail', 'marie.dupont@acme.fr').checked).toBe(true);
    expect(screen.getByText(/Marie Dupont sera supprimé : 3 inscription\(s\) et 0 note\(s\) passeront à Marie-Anne Dupont\./)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Fusionner' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Fusionner' }));
    await screen.findByText(`contact page ${B}`);
    expect(merges).toEqual([
      { path: `/api/contacts/${B}/merge`, body: { otherId: A, fields: { email: 'other', firstName: 'other', phone: 'this', company: 'this', jobTitle: 'other' } } },
    ]);
  });

  it('cancelling the confirmation merges nothing; the API’s refusal is shown and the screen stays', async () => {
    const merges = stubApi({ status: 409, body: { statusCode: 409, code: 'MERGE_CONFLICTING_REGISTRATIONS', message: 'Both are registered to the same event.' } });
    const onCancel = renderMerge();
    await screen.findByRole('heading', { name: 'Fusionner deux contacts' });

    fireEvent.click(screen.getByRole('button', { name: 'Fusionner' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(merges).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Fusionner' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Fusionner' }));
    expect((await screen.findByText(/Les deux contacts sont inscrits au même événement/)).closest('[role="alert"]')).toBeTruthy();
    expect(merges).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Fusionner deux contacts' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
