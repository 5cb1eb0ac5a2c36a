import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { ImportJob } from '../../api/import-types';
import { MappingStep } from './mapping-step';

const FIELDS = [
  { key: 'email', label: { fr: 'E-mail', en: 'Email' }, required: true, type: 'email' },
  { key: 'firstName', label: { fr: 'Prénom', en: 'First name' }, required: false, type: 'text' },
  { key: 'lastName', label: { fr: 'Nom', en: 'Last name' }, required: false, type: 'text' },
];

const job = (mapping: ImportJob['mapping']): ImportJob => ({
  id: 'imp-1',
  kind: 'contacts',
  eventId: null,
  fileName: 'contacts.csv',
  status: 'uploaded',
  rowCount: 3,
  columns: [
    { index: 0, header: 'Courriel', samples: ['zoe@example.org'] },
    { index: 1, header: 'Prénom', samples: ['Zoé'] },
    { index: 2, header: 'Nom', samples: ['Durand'] },
  ],
  mapping,
  options: { updateExisting: false, dateFormat: 'auto' },
  progress: 0,
  total: 3,
  counts: { created: 0, updated: 0, skipped: 0, errors: 0 },
  error: null,
  createdAt: new Date().toISOString(),
});

function stubApi() {
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/imports/fields') return jsonResponse(200, FIELDS);
    if (url.pathname === '/api/import-presets') return jsonResponse(200, []);
    if (url.pathname === '/api/imports/imp-1/mapping') return jsonResponse(200, job({ email: 'Courriel' }));
    if (url.pathname === '/api/imports/imp-1/dry-run') return jsonResponse(200, { counts: { created: 2, updated: 0, skipped: 0, errors: 1 }, rows: [], status: 'validated' });
    return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('MappingStep', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('preselects the guessed columns, shows samples, and sends the mapping before the dry run', async () => {
    const fetch = stubApi();
    const onChecked = vi.fn();
    renderWithProviders(<MappingStep job={job({ email: 'Courriel', firstName: 'Prénom', lastName: null })} onBack={vi.fn()} onChecked={onChecked} />);

    const email = (await screen.findByRole('combobox', { name: /E-mail/ })) as HTMLInputElement;
    expect(email.value).toBe('Courriel');
    expect(screen.getByText('Exemples : zoe@example.org')).toBeTruthy();
    // "Nom" is not mapped: the column shows among those not imported.
    expect(screen.getByText('Colonnes non importées')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Vérifier le fichier' }));
    await waitFor(() => expect(onChecked).toHaveBeenCalledWith(expect.objectContaining({ counts: expect.objectContaining({ created: 2 }) })));
    const put = fetch.mock.calls.map(([request]) => request as Request).find((request) => request.method === 'PUT');
    expect(await put!.clone().json()).toEqual({ mapping: { email: 'Courriel', firstName: 'Prénom', lastName: null }, options: { updateExisting: false, dateFormat: 'auto' } });
  });

  it('will not go on while the email has no column', async () => {
    const fetch = stubApi();
    renderWithProviders(<MappingStep job={job({ email: null, firstName: 'Prénom' })} onBack={vi.fn()} onChecked={vi.fn()} />);

    expect(await screen.findByText('Champ obligatoire sans colonne : E-mail.')).toBeTruthy();
    const check = screen.getByRole('button', { name: 'Vérifier le fichier' }) as HTMLButtonElement;
    expect(check.disabled).toBe(true);
    fireEvent.click(check);
    expect(fetch.mock.calls.some(([request]) => (request as Request).method === 'PUT')).toBe(false);
  });
});
