import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { RetentionPolicySettings } from './retention-policy-settings';

/** An in-memory policy behind GET/PUT /gdpr/retention-policy, recording what was saved. */
function stubApi(initial: number | null) {
  let days = initial;
  const saves: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      if (new URL(request.url).pathname !== '/api/gdpr/retention-policy') return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
      if (request.method === 'PUT') {
        const body = (await request.json()) as { contactRetentionDays: number | null };
        saves.push(body);
        days = body.contactRetentionDays;
      }
      return jsonResponse(200, { contactRetentionDays: days });
    }),
  );
  return saves;
}

const daysInput = () => screen.getByRole('textbox', { name: /Délai de conservation/ }) as HTMLInputElement;
const saveButton = () => screen.getByRole('button', { name: 'Enregistrer la règle' }) as HTMLButtonElement;
const toggle = () => screen.getByRole('switch', { name: /^Anonymiser automatiquement les contacts inactifs/ }) as HTMLInputElement;

describe('RetentionPolicySettings', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('explains what anonymisation does and turns the rule on only after a confirmation', async () => {
    const saves = stubApi(null);
    renderWithProviders(<RetentionPolicySettings canReadAudit />);

    expect(await screen.findByText('Règle actuelle : aucune anonymisation automatique.')).toBeTruthy();
    expect(screen.getByText(/Nom, e-mail, téléphone, société/)).toBeTruthy();
    expect(screen.getByText(/les statistiques des événements ne changent pas/)).toBeTruthy();
    expect(screen.getByText(/L’anonymisation est définitive/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Voir les anonymisations dans le journal d’audit' }).getAttribute('href')).toBe('/audit-log?action=contact.erased');
    expect(saveButton().disabled).toBe(true);

    fireEvent.click(toggle());
    fireEvent.change(daysInput(), { target: { value: '730' } });
    expect(await screen.findByText('Soit environ 2 an(s).')).toBeTruthy();
    fireEvent.click(saveButton());

    const dialog = await screen.findByRole('dialog', { name: 'Appliquer cette règle de conservation ?' });
    expect(dialog.textContent).toContain('plus de 730 jours seront anonymisés');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(saves).toEqual([]);

    fireEvent.click(saveButton());
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Appliquer la règle' }));
    await waitFor(() => expect(saves).toEqual([{ contactRetentionDays: 730 }]));
    expect(await screen.findByText('Règle actuelle : anonymisation 730 jours après le dernier événement.')).toBeTruthy();
  });

  it('asks again before shortening the period, not before lengthening it', async () => {
    const saves = stubApi(365);
    renderWithProviders(<RetentionPolicySettings canReadAudit={false} />);
    await screen.findByText('Règle actuelle : anonymisation 365 jours après le dernier événement.');
    expect(screen.queryByRole('link', { name: /journal d’audit/ })).toBeNull();

    fireEvent.change(daysInput(), { target: { value: '400' } });
    fireEvent.click(saveButton());
    await waitFor(() => expect(saves).toEqual([{ contactRetentionDays: 400 }]));
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.change(daysInput(), { target: { value: '90' } });
    fireEvent.click(saveButton());
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Le délai passe de 400 à 90 jours');
    expect(saves).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Appliquer la règle' }));
    await waitFor(() => expect(saves).toEqual([{ contactRetentionDays: 400 }, { contactRetentionDays: 90 }]));
  });

  it('turns the rule off without a confirmation (nothing is erased by that)', async () => {
    const saves = stubApi(365);
    renderWithProviders(<RetentionPolicySettings canReadAudit />);
    await screen.findByText('Règle actuelle : anonymisation 365 jours après le dernier événement.');

    fireEvent.click(toggle());
    expect(screen.queryByRole('textbox', { name: /Délai de conservation/ })).toBeNull();
    fireEvent.click(saveButton());
    await waitFor(() => expect(saves).toEqual([{ contactRetentionDays: null }]));
    expect(await screen.findByText('Règle actuelle : aucune anonymisation automatique.')).toBeTruthy();
  });

  it('refuses a period outside the API’s bounds before asking anything', async () => {
    const saves = stubApi(null);
    renderWithProviders(<RetentionPolicySettings canReadAudit />);
    await screen.findByText('Règle actuelle : aucune anonymisation automatique.');

    fireEvent.click(toggle());
    fireEvent.change(daysInput(), { target: { value: '10' } });
    fireEvent.click(saveButton());
    expect(await screen.findByText('Indiquez un nombre entier de jours entre 30 et 3 650.')).toBeTruthy();
    expect(daysInput().getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(saves).toEqual([]);
  });
});
