import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import { ExportDialog } from './export-dialog';

/** Answers the custom field keys, and the file download with a small CSV; records the URLs asked for. */
function stubApi(keys: string[] | null) {
  const urls: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const url = new URL(input.url);
      urls.push(url);
      if (url.pathname === '/api/contacts/custom-field-keys') return keys ? jsonResponse(200, { keys }) : jsonResponse(500, { statusCode: 500, code: 'INTERNAL', message: 'boom' });
      return new Response('firstName\r\n', { status: 200, headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="contacts-2031-01-01.csv"' } });
    }),
  );
  return urls;
}

describe('ExportDialog', { timeout: 20_000 }, () => {
  // The download makes an object URL, which jsdom does not implement.
  const objectUrls = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
  afterEach(() => {
    vi.unstubAllGlobals();
    Object.assign(URL, objectUrls);
  });

  it('offers one column per custom field after the standard ones, all ticked, and sends the chosen ones in order', async () => {
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined });
    const urls = stubApi(['birthDate', 'shoe size', 'a,b']);
    renderWithProviders(<ExportDialog opened onClose={vi.fn()} filters={{ attended: true }} total={12} />);

    const birthDate = await screen.findByRole('checkbox', { name: 'Champ personnalisé birthDate' });
    expect((birthDate as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('group', { name: 'Champs personnalisés' })).toBeTruthy();
    // A key with a comma cannot be a column of the comma-separated list: not offered.
    expect(screen.queryByRole('checkbox', { name: /a,b/ })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Tout décocher' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Champ personnalisé shoe size' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Prénom' }));
    fireEvent.click(screen.getByRole('button', { name: 'Exporter' }));

    await waitFor(() => expect(urls.some((url) => url.pathname === '/api/contacts/export')).toBe(true));
    const download = urls.find((url) => url.pathname === '/api/contacts/export')!;
    expect(download.searchParams.get('columns')).toBe('firstName,custom.shoe size');
    expect(download.searchParams.get('attended')).toBe('true');
  });

  it('still offers the standard columns when the custom fields cannot be loaded', async () => {
    stubApi(null);
    renderWithProviders(<ExportDialog opened onClose={vi.fn()} filters={{}} total={3} />);
    expect(await screen.findByText(/Les champs personnalisés n’ont pas pu être chargés/)).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'E-mail' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('group', { name: 'Champs personnalisés' })).toBeNull();
  });
});
