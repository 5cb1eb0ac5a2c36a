import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { CreateEventWizard } from './create-event-wizard';

function stubApi(onPost: (body: Record<string, unknown>) => Response) {
  const posts: Record<string, unknown>[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/events/tags') return jsonResponse(200, { tags: [] });
      if (request.method === 'POST' && url.pathname === '/api/events') {
        const body = (await request.json()) as Record<string, unknown>;
        posts.push(body);
        return onPost(body);
      }
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
    }),
  );
  return posts;
}

describe('CreateEventWizard: description, type, tags and reminder', { timeout: 30_000 }, () => {
  beforeAll(() => {
    if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { configurable: true, value: { addEventListener: () => {}, removeEventListener: () => {} } });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function fillFirstSteps() {
    fireEvent.change(screen.getByRole('textbox', { name: /^Nom de l’événement/ }), { target: { value: 'Forum 2030' } });
    fireEvent.change(screen.getByLabelText(/^Début/), { target: { value: '2030-06-01T09:00' } });
    fireEvent.change(screen.getByLabelText(/^Fin/), { target: { value: '2030-06-01T18:00' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Description/ }), { target: { value: 'Une journée *intense*.' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Type d’événement/ }), { target: { value: 'Forum' } });
    await userEvent.type(screen.getByRole('combobox', { name: /^Étiquettes/ }), 'emploi{Enter}');
    fireEvent.click(screen.getByRole('button', { name: 'Continuer' }));
    const reminder = await screen.findByRole('textbox', { name: /^Rappel avant l’événement/ });
    fireEvent.change(reminder, { target: { value: '24' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continuer' }));
    await screen.findByTestId('event-review');
  }

  it('carries the new fields through the steps, shows them in the review and sends them', async () => {
    const posts = stubApi((body) => jsonResponse(201, { id: 'e1', ...body }));
    const onCreated = vi.fn();
    renderWithProviders(<CreateEventWizard onCreated={onCreated} onCancel={() => {}} />);
    await fillFirstSteps();

    const review = screen.getByTestId('event-review');
    expect(review.textContent).toContain('Type : Forum');
    expect(review.textContent).toContain('Étiquettes : emploi');
    expect(review.textContent).toContain('Rappel par e-mail 24 h avant le début');
    fireEvent.click(screen.getByRole('button', { name: 'Créer l’événement' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({ name: 'Forum 2030', descriptionMd: 'Une journée *intense*.', eventType: 'Forum', tags: ['emploi'], reminderHoursBefore: 24 });
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
  });

  it('a server error on the reminder brings the organiser back to the step that holds it', async () => {
    stubApi(() =>
      jsonResponse(400, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Some fields are invalid.',
        errors: [{ field: 'reminderHoursBefore', code: 'max', message: 'reminderHoursBefore must not be greater than 720' }],
      }),
    );
    renderWithProviders(<CreateEventWizard onCreated={() => {}} onCancel={() => {}} />);
    await fillFirstSteps();
    fireEvent.click(screen.getByRole('button', { name: 'Créer l’événement' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /^Rappel avant l’événement/ }).getAttribute('aria-invalid')).toBe('true'));
  });
});
