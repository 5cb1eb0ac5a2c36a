import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const ADMIN = { email: 'admin@example.com', password: 'Admin123!' };

async function logIn(page: Page) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
}

interface SnapshotPerson {
  id: string;
  credential: string;
  credentialRevoked: boolean;
  firstName: string;
  lastName: string;
  status: string;
  isInside: boolean;
}

/** The test's own API session (separate cookies from the browser's): used to read the demo data. */
async function apiSession(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: ADMIN });
  expect(login.ok()).toBe(true);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}` };
  return {
    async get<T>(url: string): Promise<T> {
      const response = await request.get(url, { headers });
      expect(response.ok(), url).toBe(true);
      return (await response.json()) as T;
    },
  };
}

async function scan(station: Page, credential: string) {
  const input = station.getByRole('textbox', { name: 'Code du badge' });
  await input.fill(credential);
  await input.press('Enter');
}

test('a door checks people in online and offline, survives a reload without network, syncs, and the live dashboard follows', async ({ page, context, request }) => {
  test.setTimeout(180_000);
  const api = await apiSession(request);
  const events = await api.get<{ items: Array<{ id: string; name: string; status: string }> }>('/api/events?pageSize=100&when=all');
  const event = events.items.find((item) => item.name === 'Salon Tech Paris 2027');
  expect(event, 'demo event').toBeTruthy();
  const eventId = event!.id;
  const snapshot = await api.get<{ registrations: SnapshotPerson[] }>(`/api/events/${eventId}/check-in/snapshot`);
  const people = snapshot.registrations.filter((person) => person.status === 'approved' && !person.isInside && !person.credentialRevoked).slice(0, 4);
  expect(people).toHaveLength(4);
  const [first, ...offline] = people as [SnapshotPerson, SnapshotPerson, SnapshotPerson, SnapshotPerson];

  // The live dashboard, in its own page.
  await logIn(page);
  await page.goto(`/events/${eventId}/live`);
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  const checkedIn = page.getByTestId('live-metric-checkedIn');
  await expect(checkedIn).toHaveAttribute('data-value', /^\d+$/);
  const before = Number(await checkedIn.getAttribute('data-value'));

  // The station, in another page of the same browser (same session).
  const station = await context.newPage();
  await station.goto(`/check-in/${eventId}/scan?gate=${encodeURIComponent('Porte A')}`);
  await expect(station.getByRole('heading', { name: 'Salon Tech Paris 2027', level: 1 })).toBeVisible();
  await expect(station.getByTestId('station-connection')).toHaveText('En ligne');
  await expect(station.getByTestId('offline-ready')).toHaveText('Prêt hors ligne');
  await expect(station.getByTestId('snapshot-info')).toContainText(`${snapshot.registrations.length} inscrits sur l’appareil`);

  // Online: green, with the person's name; the dashboard moves by itself.
  await scan(station, first.credential);
  const result = station.getByTestId('scan-result');
  await expect(result).toHaveAttribute('data-result', 'OK');
  await expect(result).toHaveAttribute('data-offline', 'false');
  await expect(result).toContainText('Entrée validée');
  await expect(result).toContainText(`${first.firstName} ${first.lastName}`);
  await expect(checkedIn).toHaveAttribute('data-value', String(before + 1));

  // The same badge again: amber, with when and where.
  await scan(station, first.credential);
  await expect(result).toHaveAttribute('data-result', 'ALREADY_CHECKED_IN');
  await expect(result).toHaveAttribute('data-tone', 'warning');
  await expect(result).toContainText('Déjà entré(e)');
  await expect(result).toContainText('porte Porte A');

  // Network down: three more people, decided on the device and queued.
  await context.setOffline(true);
  for (const person of offline) {
    await scan(station, person.credential);
    await expect(result).toContainText(`${person.firstName} ${person.lastName}`);
    await expect(result).toHaveAttribute('data-result', 'OK');
    await expect(result).toHaveAttribute('data-offline', 'true');
    await expect(result).toContainText('Hors ligne');
  }
  await expect(station.getByTestId('pending-scans')).toHaveText('3 scan(s) en attente');
  await expect(station.getByTestId('station-connection')).toHaveText('Hors ligne');

  // A reload without network: the page comes from the service worker, the queue from IndexedDB.
  await station.reload();
  await expect(station.getByRole('heading', { name: 'Salon Tech Paris 2027', level: 1 })).toBeVisible();
  await expect(station.getByTestId('pending-scans')).toHaveText('3 scan(s) en attente');
  await expect(station.getByTestId('station-connection')).toHaveText('Hors ligne');
  // Still working from the snapshot after the reload: the first person is known to be in.
  await scan(station, first.credential);
  await expect(result).toHaveAttribute('data-result', 'ALREADY_CHECKED_IN');
  await expect(station.getByTestId('pending-scans')).toHaveText('4 scan(s) en attente');

  // Network back: the queue drains, the dashboard (never reloaded) shows the new total.
  await context.setOffline(false);
  await expect(station.getByTestId('pending-scans')).toHaveText('Tous les scans sont envoyés', { timeout: 30_000 });
  await expect(station.getByTestId('station-connection')).toHaveText('En ligne');
  await expect(station.getByTestId('sync-report')).toContainText('4 scan(s) synchronisé(s)');
  await expect(checkedIn).toHaveAttribute('data-value', String(before + 4), { timeout: 20_000 });

  // The server agrees: the three offline people are inside.
  const after = await api.get<{ registrations: SnapshotPerson[] }>(`/api/events/${eventId}/check-in/snapshot`);
  for (const person of [first, ...offline]) expect(after.registrations.find((row) => row.id === person.id)?.isInside, person.id).toBe(true);
});

test('without a QR code the door finds the person by name, can undo, and a kiosk lets attendees check themselves in on a locked screen', async ({ page, context, request }) => {
  test.setTimeout(180_000);
  const api = await apiSession(request);
  const events = await api.get<{ items: Array<{ id: string; name: string }> }>('/api/events?pageSize=100&when=all');
  const eventId = events.items.find((item) => item.name === 'Salon Tech Paris 2027')!.id;
  const snapshot = await api.get<{ registrations: SnapshotPerson[] }>(`/api/events/${eventId}/check-in/snapshot`);
  const [byName, selfService] = snapshot.registrations.filter((person) => person.status === 'approved' && !person.isInside && !person.credentialRevoked).slice(-2) as [SnapshotPerson, SnapshotPerson];
  const isInside = async (id: string) => (await api.get<{ registrations: SnapshotPerson[] }>(`/api/events/${eventId}/check-in/snapshot`)).registrations.find((row) => row.id === id)?.isInside;

  await logIn(page);
  const station = await context.newPage();
  await station.goto(`/check-in/${eventId}/scan?gate=${encodeURIComponent('Accueil')}`);
  await expect(station.getByTestId('station-connection')).toHaveText('En ligne');

  // Name search: no badge, the person is found and checked in from the list.
  await station.getByRole('button', { name: 'Rechercher un nom' }).click();
  await station.getByRole('dialog').getByRole('textbox', { name: 'Nom, e-mail ou n° de confirmation' }).fill(byName.lastName);
  await station.getByRole('button', { name: `Enregistrer ${byName.firstName} ${byName.lastName}` }).click();
  const result = station.getByTestId('scan-result');
  await expect(result).toHaveAttribute('data-result', 'OK');
  await expect(result).toContainText(`${byName.firstName} ${byName.lastName}`);
  await expect.poll(() => isInside(byName.id)).toBe(true);

  // Undo the mistake: the person is out again on the server.
  await station.getByRole('button', { name: 'Annuler le dernier scan' }).click();
  await expect.poll(() => isInside(byName.id)).toBe(false);

  // Kiosk: a locked screen (no search, no undo), the attendee scans their own badge and is welcomed.
  await station.goto(`/check-in/${eventId}/scan?mode=kiosk`);
  const kiosk = station.getByTestId('kiosk');
  await expect(kiosk).toContainText('Présentez votre QR code');
  await expect(station.getByRole('button', { name: 'Rechercher un nom' })).toHaveCount(0);
  await expect(station.getByRole('button', { name: 'Annuler le dernier scan' })).toHaveCount(0);
  await scan(station, selfService.credential);
  await expect(kiosk).toContainText(`Bienvenue, ${selfService.firstName} !`);
  await expect.poll(() => isInside(selfService.id)).toBe(true);
  // …then it invites the next visitor by itself.
  await expect(kiosk).toContainText('Présentez votre QR code', { timeout: 15_000 });
  await expect(kiosk).not.toContainText(`Bienvenue, ${selfService.firstName} !`);

  // Leaving the kiosk needs the operator's password.
  await station.getByRole('button', { name: 'Quitter le mode borne' }).click();
  const unlock = station.getByRole('dialog');
  await unlock.getByLabel('Mot de passe').fill('not-the-password');
  await unlock.getByRole('button', { name: 'Déverrouiller' }).click();
  await expect(unlock).toContainText('Mot de passe incorrect.');
  await unlock.getByLabel('Mot de passe').fill(ADMIN.password);
  await unlock.getByRole('button', { name: 'Déverrouiller' }).click();
  await expect(station.getByTestId('kiosk')).toHaveCount(0);
  await expect(station.getByRole('button', { name: 'Rechercher un nom' })).toBeVisible();
});
