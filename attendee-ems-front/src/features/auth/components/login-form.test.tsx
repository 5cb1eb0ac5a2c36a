import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/lib/auth/session-store';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { LoginForm } from './login-form';

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/Adresse e-mail/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/Mot de passe/, { selector: 'input' }), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('LoginForm', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStore.clear();
  });

  it('shows the translated message when the API refuses the credentials', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' }),
    );
    vi.stubGlobal('fetch', fetch);
    const onSuccess = vi.fn();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);

    fillAndSubmit('admin@example.com', 'wrong-password');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Adresse e-mail ou mot de passe incorrect.');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(onSuccess).not.toHaveBeenCalled();
    expect(sessionStore.getState().status).not.toBe('authenticated');
  });

  it('validates before calling the API', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);

    fillAndSubmit('not-an-email', '');

    expect(await screen.findByText('Saisissez une adresse e-mail valide.')).toBeTruthy();
    expect(screen.getByText('Ce champ est obligatoire.')).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('stores the session and reports success', async () => {
    const session = {
      accessToken: 'abc',
      expiresIn: 900,
      user: { id: 'u1', email: 'admin@example.com', firstName: 'Ada', lastName: 'Admin', locale: 'fr' as const, isSuperAdmin: true },
      organization: { id: 'o1', name: 'Demo', slug: 'demo' },
    };
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(200, session)));
    const onSuccess = vi.fn();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);

    fillAndSubmit('admin@example.com', 'Admin123!');

    await waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(sessionStore.getState()).toMatchObject({ status: 'authenticated', accessToken: 'abc' });
  });
});
