import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const ADMIN = { email: 'admin@example.com', password: 'Admin123!' };

/** The back end's xlsx library reads the file back (the e2e workspace has no spreadsheet reader of its own). */
const requireFromBack = createRequire(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../attendee-ems-back/package.json'));
interface Worksheet {
  rowCount: number;
  getRow(index: number): { values: unknown[] };
}
const ExcelJS = requireFromBack('exceljs') as { Workbook: new () => { xlsx: { readFile(file: string): Promise<unknown> }; worksheets: Worksheet[] } };

interface Registration {
  confirmationNumber: string;
  email: string | null;
  status: string;
  answers: Record<string, unknown>;
}

async function logIn(page: Page) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
}

/** The test's own API session: reads what the file must hold. */
async function apiSession(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: ADMIN });
  expect(login.ok()).toBe(true);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async <T>(url: string): Promise<T> => {
    const response = await request.get(url, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(response.ok(), url).toBe(true);
    return (await response.json()) as T;
  };
}

/** An xlsx cell as its text (rich text and hyperlinks are objects in exceljs). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return (value as { richText: Array<{ text: string }> }).richText.map((part) => part.text).join('');
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return String(value);
}

test('an organiser exports an event’s registrations to Excel with a custom answer column, and the file holds every registration', async ({ page, request }, testInfo) => {
  const get = await apiSession(request);
  const events = await get<{ items: Array<{ id: string; name: string }> }>('/api/events?pageSize=100&when=all');
  const event = events.items.find((item) => item.name === 'Salon Tech Paris 2027');
  expect(event, 'demo event').toBeTruthy();
  const eventId = event!.id;

  await logIn(page);
  await page.goto(`/events/${eventId}/registrations`);
  await expect(page.getByRole('tab', { name: 'Inscriptions', selected: true })).toBeVisible();
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();

  const dialog = page.getByRole('dialog', { name: 'Exporter les inscriptions' });
  await expect(dialog).toBeVisible();
  // The form's custom question is offered, ticked by default.
  await expect(dialog.getByRole('checkbox', { name: 'Participation' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Tout décocher' }).click();
  await expect(dialog.getByRole('button', { name: 'Exporter', exact: true })).toBeDisabled();
  for (const column of ['N° de confirmation', 'Statut', 'E-mail', 'Participation']) await dialog.getByRole('checkbox', { name: column, exact: true }).check();
  await expect(dialog.getByText('4 colonne(s) sélectionnée(s)')).toBeVisible();

  // Read just before exporting, so the count and the rows are those the file is built from.
  const list = await get<{ items: Registration[]; total: number }>(`/api/events/${eventId}/registrations?pageSize=200`);
  expect(list.total).toBeGreaterThan(0);
  expect(list.items).toHaveLength(list.total);
  await expect(dialog.getByTestId('export-count')).toHaveText(`${list.total} inscription(s) seront exportées.`);
  await expect(dialog.getByRole('radio', { name: 'Excel (.xlsx)' })).toBeChecked();

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Exporter', exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(/^registrations-SALON-TECH-2027-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Fichier ${download.suggestedFilename()} téléchargé.`)).toBeVisible();

  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  for (let index = 1; index <= sheet.rowCount; index += 1) rows.push(sheet.getRow(index).values.slice(1).map(cellText));

  expect(rows[0]).toEqual(['confirmationNumber', 'status', 'email', 'answers.attendance']);
  const body = rows.slice(1);
  expect(body).toHaveLength(list.total);
  const expected = list.items
    .map((registration) => [registration.confirmationNumber, registration.status, registration.email ?? '', cellText(registration.answers.attendance)])
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
  expect([...body].sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual(expected);
  // The demo form's answers are really there, not blank cells.
  expect(body.filter((row) => row[3] === 'onsite' || row[3] === 'online').length).toBeGreaterThan(0);
});

test('the check-in log downloads as CSV from the event’s live tab', async ({ page, request }, testInfo) => {
  const get = await apiSession(request);
  const events = await get<{ items: Array<{ id: string; name: string }> }>('/api/events?pageSize=100&when=all');
  const eventId = events.items.find((item) => item.name === 'Salon Tech Paris 2027')!.id;

  await logIn(page);
  await page.goto(`/events/${eventId}/live`);
  await expect(page.getByTestId('live-dashboard')).toBeVisible();
  await page.getByRole('button', { name: 'Exporter le journal' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^check-ins-SALON-TECH-2027-\d{4}-\d{2}-\d{2}\.csv$/);

  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const [header] = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
  expect(header).toBe('serverAt,clientScannedAt,direction,result,firstName,lastName,email,confirmationNumber,attendeeType,session,gate,operator,deviceId,undoneAt');
});
