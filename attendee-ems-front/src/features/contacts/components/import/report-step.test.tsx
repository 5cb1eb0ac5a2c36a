import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/test/render';
import type { DryRunReport, ImportJob } from '../../api/import-types';
import { ReportStep } from './report-step';

const job = (kind: ImportJob['kind']): ImportJob => ({
  id: 'imp-1',
  kind,
  eventId: kind === 'registrations' ? 'evt-1' : null,
  fileName: 'inscrits.xlsx',
  status: 'validated',
  rowCount: 1_200,
  columns: [{ index: 0, header: 'Email', samples: [] }],
  mapping: { email: 'Email' },
  options: { updateExisting: false, dateFormat: 'auto', sendEmails: true },
  progress: 0,
  total: 1_200,
  counts: { created: 0, updated: 0, skipped: 0, errors: 0 },
  error: null,
  createdAt: new Date().toISOString(),
});

// 600 errors, of which the answer lists only some (the API stops at 500; fewer here keeps jsdom quick).
const REPORT: DryRunReport = {
  counts: { created: 600, updated: 0, skipped: 0, errors: 600 },
  rows: Array.from({ length: 20 }, (_, i) => ({ row: i + 2, outcome: 'error' as const, email: null, reason: { code: 'INVALID_EMAIL', message: 'bad' } })),
  status: 'validated',
};

function stubApi() {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request);
      const url = new URL(request.url);
      if (url.pathname === '/api/imports/imp-1/run') return jsonResponse(202, { ...job('registrations'), status: 'running' });
      if (url.pathname === '/api/imports/imp-1/dry-run/report.csv') return new Response('row,outcome\r\n', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="import-dry-run-imp-1.csv"' } });
      return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }),
  );
  return requests;
}

describe('ReportStep (the dry run’s result)', () => {
  const saved: string[] = [];
  beforeEach(() => {
    saved.length = 0;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:report'), revokeObjectURL: vi.fn() }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('says the list is cut and downloads the dry run of every row', async () => {
    const requests = stubApi();
    renderWithProviders(<ReportStep job={job('contacts')} report={REPORT} onBack={vi.fn()} onStarted={vi.fn()} />);
    expect(screen.getByTestId('import-problems-truncated').textContent).toBe('Seules les 20 premières lignes à vérifier sur 600 sont affichées ici : le fichier CSV les contient toutes.');
    fireEvent.click(screen.getByRole('button', { name: 'Télécharger la vérification de toutes les lignes (CSV)' }));
    await waitFor(() => expect(saved).toEqual(['import-dry-run-imp-1.csv']));
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(['/api/imports/imp-1/dry-run/report.csv']);
    // Contacts get no email: the option is not offered.
    expect(screen.queryByRole('checkbox', { name: /Envoyer les e-mails/ })).toBeNull();
  });

  it('registrations: emails are sent unless the organiser unticks the box, and the run carries the choice', async () => {
    const requests = stubApi();
    const onStarted = vi.fn();
    renderWithProviders(<ReportStep job={job('registrations')} report={REPORT} onBack={vi.fn()} onStarted={onStarted} />);
    const box = screen.getByRole('checkbox', { name: 'Envoyer les e-mails d’inscription' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    expect(box.checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Lancer l’import (600 ligne(s))' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    const run = requests.find((request) => new URL(request.url).pathname === '/api/imports/imp-1/run')!;
    expect(run.method).toBe('POST');
    expect(await run.clone().json()).toEqual({ sendEmails: false });
  });
});
