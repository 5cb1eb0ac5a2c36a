import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Route, Routes, useLocation } from 'react-router';
import { sessionStore } from '@/lib/auth/session-store';
import { renderWithProviders } from '@/test/render';
import { RequireAuth } from './guards';

function LoginProbe() {
  const location = useLocation();
  return <p>login page {location.search}</p>;
}

function renderProtected(route: string) {
  renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginProbe />} />
      <Route path="*" element={<RequireAuth>secret area</RequireAuth>} />
    </Routes>,
    { route },
  );
}

const session = {
  accessToken: 'token',
  expiresIn: 900,
  user: { id: 'u1', email: 'a@example.com', firstName: 'A', lastName: 'B', locale: 'fr' as const, isSuperAdmin: false },
  organization: null,
};

describe('RequireAuth', () => {
  afterEach(() => sessionStore.clear());

  it('sends a signed-out visitor to the login page, remembering where they were going', () => {
    sessionStore.clear('expired');
    renderProtected('/users?page=2');
    expect(screen.getByText(`login page ?redirect=${encodeURIComponent('/users?page=2')}`)).toBeTruthy();
  });

  it('after an explicit logout, goes to a plain login page', () => {
    sessionStore.setSession(session);
    renderProtected('/users');
    expect(screen.getByText('secret area')).toBeTruthy();

    act(() => sessionStore.clear('logout'));

    expect(screen.getByText(/^login page\s*$/)).toBeTruthy();
  });
});
