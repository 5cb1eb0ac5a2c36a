import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, jsonResponse, renderWithProviders } from '@/test/render';
import { SettingsRoute } from './settings';

const ORGANIZATION = { id: 'org-1', name: 'Demo', slug: 'demo', timezone: 'Europe/Paris', locale: 'fr' };

function stubApi() {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      paths.push(path);
      if (path === '/api/organizations/current') return jsonResponse(200, ORGANIZATION);
      if (path === '/api/gdpr/retention-policy') return jsonResponse(200, { contactRetentionDays: 1095 });
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }),
  );
  return paths;
}

function renderAs(keys: string[]) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(['auth', 'me'], { user: { isSuperAdmin: false }, permissions: keys.map((key) => ({ key, scope: 'org' })) });
  renderWithProviders(<SettingsRoute />, { queryClient });
}

describe('SettingsRoute', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the retention policy to whoever may erase personal data', async () => {
    stubApi();
    renderAs(['organizations.update', 'attendees.erase']);
    expect(await screen.findByRole('heading', { name: 'Conservation des données personnelles (RGPD)' })).toBeTruthy();
    expect(await screen.findByText('Règle actuelle : anonymisation 1 095 jours après le dernier événement.')).toBeTruthy();
  });

  it('hides it, and does not ask for it, from the others', async () => {
    const paths = stubApi();
    renderAs(['organizations.update']);
    expect(await screen.findByDisplayValue('Demo')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /Conservation des données personnelles/ })).toBeNull();
    expect(paths).not.toContain('/api/gdpr/retention-policy');
  });
});
