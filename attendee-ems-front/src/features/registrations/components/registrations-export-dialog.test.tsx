import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, jsonResponse, renderWithProviders } from '@/test/render';
import { RegistrationsExportButton, RegistrationsExportDialog } from './registrations-export-dialog';

const EVENT_ID = '0b7f1c52-3f8e-4a7e-9d55-2f8a2e6c1a10';
const ANSWERS = [
  { id: 'attendance', label: 'Participation' },
  { id: 'diet', label: 'Régime alimentaire' },
];
const CSV_NAME = 'registrations-SALON-2027-05-01.csv';

interface Options {
  /** Registrations per status filter ('' for all). */
  totals?: Record<string, number>;
  exportError?: unknown;
  /** Answers of GET /exports/:id, one per poll (the last one repeats). */
  jobs?: unknown[];
}

function stubApi({ totals = { '': 12 }, exportError, jobs = [] }: Options = {}) {
  const requests: Request[] = [];
  let poll = 0;
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request.clone());
    const url = new URL(request.url);
    if (url.pathname === `/api/events/${EVENT_ID}/registrations`) {
      const total = totals[url.searchParams.get('status') ?? ''] ?? 0;
      return jsonResponse(200, { items: [], total, totalCapped: false, hasMore: total > 1, page: 1, pageSize: 1 });
    }
    if (url.pathname === `/api/events/${EVENT_ID}/registrations/export`) {
      if (exportError) return jsonResponse(400, exportError);
      return new Response('confirmationNumber\r\n', { status: 200, headers: { 'Content-Type': 'text/csv', 'Content-Disposition': `attachment; filename="${CSV_NAME}"` } });
    }
    if (url.pathname === '/api/exports' && request.method === 'POST') return jsonResponse(202, { ...job('pending', 0), downloadUrl: null });
    if (url.pathname === '/api/exports/job-1') return jsonResponse(200, jobs[Math.min(poll++, jobs.length - 1)]);
    return jsonResponse(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
  });
  vi.stubGlobal('fetch', fetch);
  return { requests, fetch };
}

function job(status: 'pending' | 'running' | 'done' | 'failed', progress: number, extra: Record<string, unknown> = {}) {
  return { id: 'job-1', kind: 'registrations', format: 'xlsx', status, progress, total: 12000, downloadUrl: null, error: null, createdAt: new Date().toISOString(), finishedAt: null, ...extra };
}

const exportsOf = (requests: Request[]) => requests.filter((request) => new URL(request.url).pathname.endsWith('/registrations/export'));
const countsOf = (requests: Request[]) => requests.filter((request) => new URL(request.url).pathname === `/api/events/${EVENT_ID}/registrations`);
const checkbox = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const submit = () => screen.getByRole('button', { name: 'Exporter' }) as HTMLButtonElement;

function renderDialog(props: Partial<Parameters<typeof RegistrationsExportDialog>[0]> = {}) {
  const onClose = vi.fn();
  const view = renderWithProviders(<RegistrationsExportDialog eventId={EVENT_ID} opened onClose={onClose} answerColumns={ANSWERS} statusFilter={null} hasOtherFilters={false} {...props} />);
  return { ...view, onClose };
}

describe('RegistrationsExportDialog', { timeout: 20_000 }, () => {
  const saved: string[] = [];
  beforeEach(() => {
    saved.length = 0;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:export'), revokeObjectURL: vi.fn() }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('downloads a small event directly with the chosen format and columns, custom answers included, in the API’s order', async () => {
    const { requests } = stubApi();
    const { onClose } = renderDialog();

    expect(await screen.findByText('12 inscription(s) seront exportées.')).toBeTruthy();
    // Sensible defaults: the form's answers are in, the phone and the like are left out until asked for.
    expect(checkbox('Participation').checked).toBe(true);
    expect(checkbox('Régime alimentaire').checked).toBe(true);
    expect(checkbox('E-mail').checked).toBe(true);
    expect(checkbox('Téléphone').checked).toBe(false);

    fireEvent.click(checkbox('Société'));
    fireEvent.click(checkbox('Régime alimentaire'));
    fireEvent.click(checkbox('Téléphone'));
    fireEvent.click(screen.getByRole('radio', { name: 'CSV' }));
    fireEvent.click(submit());

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [request] = exportsOf(requests);
    const query = new URL(request!.url).searchParams;
    expect(query.get('format')).toBe('csv');
    expect(query.get('columns')).toBe('confirmationNumber,status,firstName,lastName,email,phone,jobTitle,attendeeType,checkedInAt,createdAt,answers.attendance');
    expect(query.has('status')).toBe(false);
    expect(saved).toEqual([CSV_NAME]);
  });

  it('selects every column or none, and will not export without a column', async () => {
    const { requests } = stubApi();
    renderDialog();
    await screen.findByText('12 inscription(s) seront exportées.');

    fireEvent.click(screen.getByRole('button', { name: 'Tout cocher' }));
    expect(screen.getByText('15 colonne(s) sélectionnée(s)')).toBeTruthy();
    expect(checkbox('Téléphone').checked).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Tout décocher' }));
    expect(screen.getByText('Choisissez au moins une colonne.')).toBeTruthy();
    expect(checkbox('Participation').checked).toBe(false);
    expect(submit().disabled).toBe(true);
    fireEvent.click(submit());
    expect(exportsOf(requests)).toHaveLength(0);
  });

  it('offers the list’s status filter as the scope, says other filters do not apply, and can widen to every registration', async () => {
    const { requests } = stubApi({ totals: { '': 40, approved: 25 } });
    const { onClose } = renderDialog({ statusFilter: 'approved', hasOtherFilters: true });

    expect(await screen.findByText('25 inscription(s) seront exportées.')).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Seulement le statut filtré : Confirmée' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/seul le statut peut être repris/)).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'Toutes les inscriptions' }));
    expect(await screen.findByText('40 inscription(s) seront exportées.')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Seulement le statut filtré : Confirmée' }));
    await screen.findByText('25 inscription(s) seront exportées.');
    fireEvent.click(submit());

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(new URL(exportsOf(requests)[0]!.url).searchParams.get('status')).toBe('approved');
    expect(countsOf(requests).map((request) => new URL(request.url).searchParams.get('status'))).toEqual(['approved', null]);
  });

  it('shows the API’s refusal and stays open', async () => {
    stubApi({ exportError: { statusCode: 400, code: 'INVALID_EXPORT_COLUMN', message: 'Unknown column(s): answers.gone.' } });
    const { onClose } = renderDialog();
    await screen.findByText('12 inscription(s) seront exportées.');
    fireEvent.click(submit());

    expect((await screen.findByRole('alert')).textContent).toContain('Une des colonnes demandées n’existe pas');
    expect(onClose).not.toHaveBeenCalled();
    expect(saved).toEqual([]);
  });

  it('builds a large export in the background: progress announced, then a download link that takes focus', async () => {
    const { requests } = stubApi({
      totals: { '': 12000 },
      jobs: [job('running', 3000), job('done', 12000, { downloadUrl: 'https://files.example.test/export.xlsx?signature=abc', finishedAt: new Date().toISOString() })],
    });
    renderDialog();

    expect(await screen.findByText(/12\s000 inscription\(s\) seront exportées\./)).toBeTruthy();
    expect(screen.getByText(/le fichier sera préparé en arrière-plan/)).toBeTruthy();
    fireEvent.click(submit());

    await waitFor(() => expect(screen.getByRole('progressbar')).toBeTruthy());
    const post = requests.find((request) => request.method === 'POST')!;
    expect(await post.json()).toEqual({
      kind: 'registrations',
      eventId: EVENT_ID,
      format: 'xlsx',
      columns: ['confirmationNumber', 'status', 'firstName', 'lastName', 'email', 'company', 'jobTitle', 'attendeeType', 'checkedInAt', 'createdAt', 'answers.attendance', 'answers.diet'],
    });
    expect(exportsOf(requests)).toHaveLength(0);

    await waitFor(() => expect(screen.getByText(/Préparation : 3\s000 \/ 12\s000 lignes/)).toBeTruthy(), { timeout: 5000 });
    expect(screen.getByTestId('export-announcer').textContent).toBe('Préparation du fichier : 20 %');

    const link = await screen.findByRole('link', { name: 'Télécharger le fichier' }, { timeout: 5000 });
    expect(link.getAttribute('href')).toBe('https://files.example.test/export.xlsx?signature=abc');
    expect(document.activeElement).toBe(link);
    expect(screen.getByTestId('export-announcer').textContent).toBe('Le fichier est prêt.');
  });

  it('says so when the background export fails, and offers a new one', async () => {
    stubApi({ totals: { '': 9000 }, jobs: [job('failed', 100, { error: 'disk full' })] });
    renderDialog();
    await screen.findByText(/9\s000 inscription\(s\)/);
    fireEvent.click(submit());

    const job_ = await screen.findByTestId('export-job');
    await waitFor(() => expect(within(job_).getByText('La préparation du fichier a échoué. Réessayez.')).toBeTruthy(), { timeout: 5000 });
    fireEvent.click(screen.getByRole('button', { name: 'Nouvel export' }));
    expect(await screen.findByRole('button', { name: 'Exporter' })).toBeTruthy();
  });
});

describe('RegistrationsExportButton', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  const me = (keys: string[]) => ({ user: { isSuperAdmin: false }, permissions: keys.map((key) => ({ key, scope: 'org' })) });

  function renderAs(keys: string[]) {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(['auth', 'me'], me(keys));
    return renderWithProviders(<RegistrationsExportButton eventId={EVENT_ID} answerColumns={ANSWERS} statusFilter={null} hasOtherFilters={false} />, { queryClient });
  }

  it('is there only for people allowed to export, and opens the dialog', async () => {
    stubApi();
    const allowed = renderAs(['registrations.read', 'registrations.export']);
    fireEvent.click(within(allowed.container).getByRole('button', { name: 'Exporter' }));
    expect(await screen.findByRole('dialog', { name: 'Exporter les inscriptions' })).toBeTruthy();
    allowed.unmount();

    const denied = renderAs(['registrations.read']);
    expect(within(denied.container).queryByRole('button', { name: 'Exporter' })).toBeNull();
  });
});
