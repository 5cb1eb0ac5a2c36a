import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Me, PermissionGrant } from '@/lib/api/types';
import { meQueryOptions } from '@/lib/auth/me';
import { sessionStore } from '@/lib/auth/session-store';
import { createTestQueryClient, renderWithProviders } from '@/test/render';
import { AppLayout } from './layouts/app-layout';
import { NAVIGATION, visibleNavigation } from './navigation';

function me(permissions: string[], isSuperAdmin = false): Me {
  const user = { id: 'u1', email: 'marie@example.com', firstName: 'Marie', lastName: 'Martin', locale: 'fr' as const, isSuperAdmin };
  const organization = { id: 'o1', name: 'Acme Events', slug: 'acme' };
  const role = { id: 'r1', code: 'VIEWER', name: 'Viewer', rank: 40 };
  return {
    user,
    organization,
    role,
    permissions: permissions.map((key) => ({ key: key as PermissionGrant['key'], scope: 'org' as const })),
    memberships: [{ organization, role }],
  };
}

function renderShell(profile: Me) {
  sessionStore.setSession({ accessToken: 'token', expiresIn: 900, user: profile.user, organization: profile.organization });
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(meQueryOptions().queryKey, profile);
  renderWithProviders(<AppLayout />, { queryClient });
  return within(screen.getByRole('navigation', { name: 'Navigation principale' }));
}

describe('visibleNavigation', () => {
  it('keeps items without a permission and those the user holds', () => {
    const labels = visibleNavigation(NAVIGATION, (key) => key === 'roles.read').map((item) => item.labelKey);
    expect(labels).toEqual(['nav.dashboard', 'nav.roles']);
  });
});

describe('AppLayout navigation', () => {
  afterEach(() => sessionStore.clear());

  it('hides Users, Roles and Settings from someone without those permissions', () => {
    const nav = renderShell(me(['events.read', 'organizations.read']));
    expect(nav.getByRole('link', { name: 'Tableau de bord' })).toBeTruthy();
    expect(nav.queryByRole('link', { name: 'Utilisateurs' })).toBeNull();
    expect(nav.queryByRole('link', { name: 'Rôles et permissions' })).toBeNull();
    expect(nav.queryByRole('link', { name: 'Paramètres' })).toBeNull();
  });

  it('shows each item whose permission is held, and the organisation in the header', () => {
    const nav = renderShell(me(['users.read', 'organizations.update']));
    expect(nav.getByRole('link', { name: 'Utilisateurs' }).getAttribute('href')).toBe('/users');
    expect(nav.getByRole('link', { name: 'Paramètres' })).toBeTruthy();
    expect(nav.queryByRole('link', { name: 'Rôles et permissions' })).toBeNull();
    expect(screen.getByTestId('current-organization').textContent).toBe('Acme Events');
  });

  it('shows everything to a platform super admin', () => {
    const nav = renderShell(me([], true));
    expect(nav.getAllByRole('link')).toHaveLength(NAVIGATION.length);
  });
});
