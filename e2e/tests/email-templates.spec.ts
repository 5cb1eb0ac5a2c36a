import { expect, test, type Page } from '@playwright/test';

async function logIn(page: Page) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill('admin@example.com');
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('Admin123!');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
}

/** The id of one of the demo organisation's events, as the events list receives it. */
async function demoEventId(page: Page): Promise<string> {
  // Listen only once the new page is committed: the previous page (the home dashboard) also asks for
  // /api/events, and the body of a response the navigation left behind can no longer be read.
  await page.goto('/events', { waitUntil: 'commit' });
  const list = await page.waitForResponse((response) => new URL(response.url()).pathname === '/api/events' && response.request().method() === 'GET');
  const body = (await list.json()) as { items: Array<{ id: string }> };
  expect(body.items.length).toBeGreaterThan(0);
  return body.items[0]!.id;
}

test('an organiser rewrites the “approved” email, sees the preview follow, saves it, and finds it again after a reload', async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  await logIn(page);
  const eventId = await demoEventId(page);

  await page.goto(`/events/${eventId}/emails`);
  // The first load of the tab can be slow on a busy CI machine.
  await expect(page.getByRole('heading', { name: 'Modèles d’e-mails' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: /^Inscription confirmée/ }).click();
  const subject = page.getByRole('textbox', { name: /^Objet/ });
  await expect(subject).toHaveValue('Inscription confirmée : {{eventName}}');

  // The placeholder chip goes where the caret is: at the end of the new subject.
  await subject.fill(`C’est confirmé ${suffix}, `);
  await page.getByRole('button', { name: /\{\{firstName\}\}/ }).click();
  await expect(subject).toHaveValue(`C’est confirmé ${suffix}, {{firstName}}`);
  await expect(page.getByText('Modifications non enregistrées (Français)')).toBeVisible();

  // The server renders the unsaved text with the sample attendee.
  await expect(page.getByTestId('preview-subject')).toHaveText(`C’est confirmé ${suffix}, Camille`);
  const frame = page.frameLocator('iframe[title="Aperçu de l’e-mail « Inscription confirmée »"]');
  await expect(frame.locator('body')).toContainText('Camille');
  await expect(page.locator('iframe[title="Aperçu de l’e-mail « Inscription confirmée »"]')).toHaveAttribute('sandbox', '');

  await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Modèle « Inscription confirmée » enregistré.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enregistrer le modèle' })).toBeDisabled();

  await page.reload();
  await page.getByRole('button', { name: /^Inscription confirmée/ }).click();
  await expect(page.getByRole('textbox', { name: /^Objet/ })).toHaveValue(`C’est confirmé ${suffix}, {{firstName}}`);
  await expect(page.getByRole('button', { name: /^Inscription confirmée/ }).getByText('Personnalisé')).toBeVisible();

  // And back to the built-in text.
  await page.getByRole('button', { name: 'Revenir au texte par défaut' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revenir au texte par défaut' }).click();
  await expect(page.getByRole('textbox', { name: /^Objet/ })).toHaveValue('Inscription confirmée : {{eventName}}');

  // The event's email log is on the same tab.
  await expect(page.getByRole('heading', { name: 'Journal des e-mails' })).toBeVisible();
});
