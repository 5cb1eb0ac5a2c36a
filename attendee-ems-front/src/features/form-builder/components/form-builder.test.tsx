import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { defaultFormDefinition, type FormDefinition } from '@shared/registration-form';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { FormBuilder } from './form-builder';

// The field editor's autosizing text areas listen to document.fonts, which jsdom lacks.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { configurable: true, value: { addEventListener() {}, removeEventListener() {} } });

const EVENT_ID = '0b9e5c1a-3f2d-4e6b-8a7c-1d2e3f4a5b6c';
const initial: FormDefinition = {
  version: 1,
  sections: [],
  fields: [...defaultFormDefinition().fields, { id: 'badge_code', type: 'text', label: { fr: 'Code badge' }, required: false }],
};

function stubApi(answer: (body: unknown) => Response) {
  const puts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      if (request.method !== 'PUT') return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      const body = await request.json();
      puts.push(body);
      return answer(body);
    }),
  );
  return puts;
}

async function typePattern(pattern: string) {
  fireEvent.click(screen.getByRole('button', { name: /^Code badge/ }));
  fireEvent.change(await screen.findByRole('textbox', { name: /^Format attendu/ }), { target: { value: pattern } });
  fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le formulaire' }));
}

describe('FormBuilder: a refused pattern', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows why on the pattern input and in the summary, without calling the API, when the pattern could freeze the server', async () => {
    const puts = stubApi(() => jsonResponse(200, {}));
    renderWithProviders(<FormBuilder eventId={EVENT_ID} initial={initial} canEdit attendeeTypes={[]} />);
    await typePattern('(a+)+$');

    const input = screen.getByRole('textbox', { name: /^Format attendu/ });
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    const errorId = input.getAttribute('aria-describedby')!.split(' ').find((id) => document.getElementById(id)?.textContent?.includes('bloquer le serveur'));
    expect(errorId).toBeDefined();
    expect(within(screen.getByRole('alert', { name: 'Le formulaire ne peut pas être enregistré' })).getByText(/^Code badge : le format attendu pourrait bloquer le serveur/)).toBeTruthy();
    expect(puts).toHaveLength(0);
  });

  it('puts the API’s field error on the pattern input of that field', async () => {
    const puts = stubApi(() =>
      jsonResponse(400, {
        statusCode: 400,
        code: 'INVALID_FORM_DEFINITION',
        message: 'The form definition is not valid.',
        errors: [{ field: 'definition.fields[3].validation.pattern', code: 'unsafePattern', message: 'pattern could take too long on some answers' }],
      }),
    );
    renderWithProviders(<FormBuilder eventId={EVENT_ID} initial={initial} canEdit attendeeTypes={[]} />);
    await typePattern('^[A-Z]{2}\\d+$');

    await waitFor(() => expect(puts).toHaveLength(1));
    const input = screen.getByRole('textbox', { name: /^Format attendu/ });
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(within(screen.getByRole('alert', { name: 'Le formulaire ne peut pas être enregistré' })).getByText(/^Code badge : le format attendu pourrait bloquer le serveur/)).toBeTruthy();
  });
});
