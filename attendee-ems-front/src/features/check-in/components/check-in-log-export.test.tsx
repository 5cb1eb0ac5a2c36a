import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, jsonResponse, renderWithProviders } from '@/test/render';
import { CheckInLogExport } from './check-in-log-export';

const EVENT_ID = '5d1f8c3a-2b6e-4f0a-8c7d-9e1b2a3c4d5e';

function stubApi() {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request);
      const url = new URL(request.url);
      if (url.pathname === `/api/events/${EVENT_ID}/check-ins/export`) {
        const format = url.searchParams.get('format');
        return new Response('serverAt\r\n', { status: 200, headers: { 'Content-Disposition': `attachment; filename="check-ins-SALON-2027-05-01.${format}"` } });
      }
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }),
  );
  return requests;
}

function renderAs(keys: string[]) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(['auth', 'me'], { user: { isSuperAdmin: false }, permissions: keys.map((key) => ({ key, scope: 'org' })) });
  return renderWithProviders(<CheckInLogExport eventId={EVENT_ID} />, { queryClient });
}

describe('CheckInLogExport', { timeout: 20_000 }, () => {
  const saved: string[] = [];
  beforeEach(() => {
    saved.length = 0;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:log'), revokeObjectURL: vi.fn() }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('downloads the check-in log in the format picked from its menu', async () => {
    const requests = stubApi();
    renderAs(['registrations.read', 'registrations.export']);

    fireEvent.click(screen.getByRole('button', { name: 'Exporter le journal' }));
    expect(await screen.findByText('Journal des passages : chaque lecture, acceptée ou refusée')).toBeTruthy();
    fireEvent.click(screen.getByRole('menuitem', { name: 'CSV' }));
    await waitFor(() => expect(saved).toEqual(['check-ins-SALON-2027-05-01.csv']));

    fireEvent.click(screen.getByRole('button', { name: 'Exporter le journal' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Excel (.xlsx)' }));
    await waitFor(() => expect(saved).toEqual(['check-ins-SALON-2027-05-01.csv', 'check-ins-SALON-2027-05-01.xlsx']));
    expect(requests.map((request) => new URL(request.url).searchParams.get('format'))).toEqual(['csv', 'xlsx']);
  });

  it('is not offered without the export permission', () => {
    const requests = stubApi();
    renderAs(['registrations.read', 'registrations.checkin']);
    expect(screen.queryByRole('button', { name: 'Exporter le journal' })).toBeNull();
    expect(requests).toHaveLength(0);
  });
});
