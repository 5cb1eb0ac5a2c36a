import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { sampleEvent } from '../test-fixtures';
import { EventSettingsForm } from './event-settings-form';

const EVENT = sampleEvent({ status: 'draft', tags: ['vip'], isRegistrationOpen: false });

/** The API as the form meets it: the tags in use, and a PATCH answered by `onPatch`. */
function stubApi(onPatch: (body: Record<string, unknown>) => Response) {
  const patches: Record<string, unknown>[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/events/tags') return jsonResponse(200, { tags: ['presse', 'vip'] });
      if (request.method === 'PATCH' && url.pathname === `/api/events/${EVENT.id}`) {
        const body = (await request.json()) as Record<string, unknown>;
        patches.push(body);
        return onPatch(body);
      }
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
    }),
  );
  return patches;
}

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));

// Mantine inputs are slow to render in jsdom on a busy machine.
describe('EventSettingsForm: description, type, tags and reminder', { timeout: 20_000 }, () => {
  // jsdom has no FontFaceSet; Mantine's autosizing textarea listens to it.
  beforeAll(() => {
    if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { configurable: true, value: { addEventListener: () => {}, removeEventListener: () => {} } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('previews the Markdown description with the public renderer, then saves every new field', async () => {
    const patches = stubApi((body) => jsonResponse(200, { ...EVENT, ...body }));
    renderWithProviders(<EventSettingsForm event={EVENT} canEdit />);

    const description = screen.getByRole('textbox', { name: /^Description/ });
    fireEvent.change(description, { target: { value: '# Programme\n\n**Accueil** à 9 h, [plan](https://example.org/plan)\n\n[piège](javascript:alert(1))' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Aperçu' }));
    const preview = await screen.findByRole('region', { name: 'Aperçu de la description, tel que les visiteurs le verront' });
    expect(within(preview).getByRole('heading', { name: 'Programme' })).toBeTruthy();
    expect(within(preview).getByText('Accueil').tagName).toBe('STRONG');
    expect(within(preview).getByRole('link', { name: 'plan' }).getAttribute('href')).toBe('https://example.org/plan');
    expect(within(preview).queryByRole('link', { name: 'piège' })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Écrire' }));
    expect((screen.getByRole('textbox', { name: /^Description/ }) as HTMLTextAreaElement).value).toContain('# Programme');

    fireEvent.change(screen.getByRole('textbox', { name: /^Type d’événement/ }), { target: { value: ' Salon professionnel ' } });
    const tags = screen.getByRole('combobox', { name: /^Étiquettes/ });
    await userEvent.type(tags, 'presse{Enter}');
    fireEvent.change(screen.getByRole('textbox', { name: /^Rappel avant l’événement/ }), { target: { value: '48' } });
    save();

    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({
      descriptionMd: expect.stringContaining('**Accueil**'),
      eventType: 'Salon professionnel',
      tags: ['vip', 'presse'],
      reminderHoursBefore: 48,
    });
  });

  it('clearing the type and the reminder sends null, so the server clears them too', async () => {
    const patches = stubApi((body) => jsonResponse(200, { ...EVENT, ...body }));
    renderWithProviders(<EventSettingsForm event={{ ...EVENT, eventType: 'Atelier', reminderHoursBefore: 24 }} canEdit />);
    fireEvent.change(screen.getByRole('textbox', { name: /^Type d’événement/ }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Rappel avant l’événement/ }), { target: { value: '' } });
    save();
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({ eventType: null, reminderHoursBefore: null, tags: ['vip'], descriptionMd: '' });
  });

  it('refuses a reminder out of range before asking the server', async () => {
    const patches = stubApi((body) => jsonResponse(200, { ...EVENT, ...body }));
    renderWithProviders(<EventSettingsForm event={EVENT} canEdit />);
    const reminder = screen.getByRole('textbox', { name: /^Rappel avant l’événement/ });
    fireEvent.change(reminder, { target: { value: '900' } });
    save();
    expect(await screen.findByText('Indiquez un nombre entier d’heures entre 1 et 720.')).toBeTruthy();
    expect(reminder.getAttribute('aria-invalid')).toBe('true');
    expect(patches).toHaveLength(0);
  });

  it('puts the server’s field errors on the description, tags and reminder, and brings the description back from the preview', async () => {
    stubApi(() =>
      jsonResponse(400, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Some fields are invalid.',
        errors: [
          { field: 'descriptionMd', code: 'maxLength', message: 'descriptionMd must be shorter than or equal to 20000 characters' },
          { field: 'tags', code: 'maxLength', message: 'each value in tags must be shorter than or equal to 40 characters' },
          { field: 'reminderHoursBefore', code: 'max', message: 'reminderHoursBefore must not be greater than 720' },
        ],
      }),
    );
    renderWithProviders(<EventSettingsForm event={{ ...EVENT, descriptionMd: 'Bonjour' }} canEdit />);
    fireEvent.click(screen.getByRole('radio', { name: 'Aperçu' }));
    await screen.findByRole('region', { name: /Aperçu de la description/ });
    save();

    await waitFor(() => expect(screen.getByRole('textbox', { name: /^Description/ }).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.queryByRole('region', { name: /Aperçu de la description/ })).toBeNull();
    expect(screen.getByRole('combobox', { name: /^Étiquettes/ }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { name: /^Rappel avant l’événement/ }).getAttribute('aria-invalid')).toBe('true');
  });
});
